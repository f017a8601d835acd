#!/bin/sh
# Install the Debian packages kpcheck needs, only those that are missing, so
# that a second run costs a dpkg query and nothing else.  The list is the one
# place that names them; every make target that needs a package calls this.
set -e

PACKAGES="gcc-12 make bc flex bison libssl-dev libelf-dev libdw-dev liblzma-dev zlib1g-dev libzstd-dev liblz4-dev \
	libclang-14-dev clang-14 llvm-14 libclang-rt-14-dev libjansson-dev libxxhash-dev libmd-dev \
	xz-utils cpio kmod rsync patch git python3 binutils ccache distcc \
	linux-image-amd64 linux-headers-amd64 qemu-system-x86 busybox-static \
"

missing=""
for p in $PACKAGES; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

# Node.js (for the SARIF validator) ships with this machine image from its
# own repository; take Debian's only when no npx is there at all.
command -v npx >/dev/null 2>&1 || missing="$missing nodejs npm"

# linux-source must match the installed image exactly: the tree we analyse
# and the kernel we boot are then the same code.
imgver=$(dpkg-query -W -f='${Version}' linux-image-amd64 2>/dev/null || true)
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)

if [ -z "$missing" ] && [ -n "$imgver" ] && [ "$imgver" = "$srcver" ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "kpcheck: missing Debian packages:$missing (run as root to install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "kpcheck: installing:$missing" >&2
apt-get update -q >/dev/null
if [ -n "$missing" ]; then
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
imgver=$(dpkg-query -W -f='${Version}' linux-image-amd64)
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
if [ "$imgver" != "$srcver" ]; then
	apt-get install -y -q --no-install-recommends "linux-source-6.1=$imgver" >/dev/null
fi
