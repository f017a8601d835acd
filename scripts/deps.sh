#!/bin/sh
# Install the Debian packages kpcheck needs, only those that are missing, so
# that a second run costs a dpkg query and nothing else.  The list is the one
# place that names them; every make target that needs a package calls this.
# The kernels: each series in $KVER (default both of Debian 12's, 6.1 and
# 6.12): its image, headers and the source package of the image's version.
# 6.1 is linux-image-amd64's; 6.12 is linux-image-6.12-amd64 from Debian
# 12's security suite.
set -e

PACKAGES="gcc-12 make bc flex bison libssl-dev libelf-dev libdw-dev liblzma-dev zlib1g-dev libzstd-dev liblz4-dev \
	libclang-14-dev clang-14 llvm-14 libclang-rt-14-dev libjansson-dev libxxhash-dev libmd-dev \
	xz-utils cpio kmod rsync patch git python3 binutils ccache distcc \
	qemu-system-x86 busybox-static \
	chromium debhelper dh-dkms dkms openssl lintian bash-completion dpkg-dev fakeroot \
"
KERNELS=${KVER:-6.1 6.12}
# The image and headers meta packages of series $1.
kernel_packages() {
	case "$1" in
	6.1) echo linux-image-amd64 linux-headers-amd64 ;;
	*) echo "linux-image-$1-amd64 linux-headers-$1-amd64" ;;
	esac
}
for k in $KERNELS; do
	k=$(echo "$k" | cut -d. -f1,2 | sed 's/-.*//')
	PACKAGES="$PACKAGES $(kernel_packages "$k")"
done

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
# and the kernel we boot are then the same code.  Prints "SOURCE=VERSION"
# for each series whose source is missing or of another version.
stale_sources() {
	for k in $KERNELS; do
		k=$(echo "$k" | cut -d. -f1,2 | sed 's/-.*//')
		img=$(kernel_packages "$k" | cut -d' ' -f1)
		imgver=$(dpkg-query -W -f='${Version}' "$img" 2>/dev/null || true)
		srcver=$(dpkg-query -W -f='${Version}' "linux-source-$k" 2>/dev/null || true)
		[ -n "$imgver" ] && [ "$imgver" = "$srcver" ] || echo "linux-source-$k=$imgver"
	done
}

if [ -z "$missing" ] && [ -z "$(stale_sources)" ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "kpcheck: missing Debian packages:$missing $(stale_sources | tr '\n' ' ')(run as root to install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "kpcheck: installing:$missing" >&2
apt-get update -q >/dev/null
if [ -n "$missing" ]; then
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
src=$(stale_sources)
if [ -n "$src" ]; then
	apt-get install -y -q --no-install-recommends $src >/dev/null
fi
