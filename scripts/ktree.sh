#!/bin/sh
# Print the path of the prepared Debian kernel tree, unpacking and configuring
# it on first use.  The tree is the linux-source-$KVER package whose version
# matches the installed kernel image of that series, configured with that
# image's /boot/config, so analysis, object builds and the booted guest all
# agree.  It lives in $KPCHECK_CACHE (default ~/.cache/kpcheck), outside the
# repo, and is reused by later runs.  Progress goes to stderr, the path to
# stdout.
#   KVER=6.12     the kernel series (6.1, 6.12, or a release such as
#                 6.12.118+deb12-amd64); default: the series of the image
#                 linux-image-amd64 installs.  6.12's image is
#                 linux-image-6.12-amd64, its source linux-source-6.12.
#   sh scripts/ktree.sh --ready    only print the path of a tree prepared
#                                  before (nothing, and exit 0, if none):
#                                  for tests that use the tree when it is
#                                  there and must not install or unpack it.
#   sh scripts/ktree.sh --release  the kernel release of that image (the
#                                  name of its /boot/vmlinuz-RELEASE),
#                                  nothing if it is not installed.
#   sh scripts/ktree.sh --series   the series (6.1, 6.12) KVER names.
set -e

cache=${KPCHECK_CACHE:-${HOME:-/nonexistent}/.cache/kpcheck}
default=$(dpkg-query -W -f='${Version}' linux-image-amd64 2>/dev/null | cut -d. -f1,2)
series=$(echo "${KVER:-$default}" | cut -d. -f1,2 | sed 's/-.*//')
[ -n "$series" ] || { echo "kpcheck: no KVER and no linux-image-amd64: run scripts/deps.sh" >&2; exit 1; }
# The image meta package of the series: linux-image-amd64 for Debian 12's
# own kernel, linux-image-SERIES-amd64 for the others it carries.
meta=linux-image-$series-amd64
[ "$series" = "$default" ] && meta=linux-image-amd64
ver=$(dpkg-query -W -f='${Version}' "$meta" 2>/dev/null || true)
release=$(dpkg-query -W -f='${Depends}' "$meta" 2>/dev/null |
	sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
tree="$cache/linux-source-$ver"
stamp="$tree/.kpcheck-prepared"

case "${1:-}" in
--series) echo "$series"; exit 0 ;;
--release) [ -n "$release" ] && echo "$release"; exit 0 ;;
--ready) [ -n "$ver" ] && [ -f "$stamp" ] && echo "$tree"; exit 0 ;;
esac
[ -n "$ver" ] || { echo "kpcheck: $meta is not installed: run KVER=$series scripts/deps.sh" >&2; exit 1; }

if [ -f "$stamp" ]; then
	echo "$tree"
	exit 0
fi

mkdir -p "$cache"
tarball=/usr/src/linux-source-$series.tar.xz
srcver=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null || true)
[ -f "$tarball" ] && [ "$srcver" = "$ver" ] ||
	{ echo "kpcheck: linux-source-$series $ver missing: run KVER=$series scripts/deps.sh" >&2; exit 1; }

tmp="$cache/.unpack.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
echo "kpcheck: unpacking linux-source $ver into $cache" >&2
tar -C "$tmp" -xJf "$tarball"
rm -rf "$tree"
mv "$tmp/linux-source-$series" "$tree"
rmdir "$tmp"

echo "kpcheck: configuring with /boot/config-$release" >&2
cp "/boot/config-$release" "$tree/.config"
# Debian's config names a signing key that is not in the source package.
sed -i -e 's/^CONFIG_SYSTEM_TRUSTED_KEYS=.*/CONFIG_SYSTEM_TRUSTED_KEYS=""/' \
	-e 's/^CONFIG_MODULE_SIG_KEY=.*/CONFIG_MODULE_SIG_KEY="certs\/signing_key.pem"/' \
	-e 's/^CONFIG_SYSTEM_REVOCATION_KEYS=.*/CONFIG_SYSTEM_REVOCATION_KEYS=""/' \
	"$tree/.config"
make -s -C "$tree" CC=gcc-12 olddefconfig >&2
make -s -C "$tree" CC=gcc-12 -j"$(nproc)" prepare >&2
touch "$stamp"
echo "$tree"
