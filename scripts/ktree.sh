#!/bin/sh
# Print the path of the prepared Debian kernel tree, unpacking and configuring
# it on first use.  The tree is the linux-source-6.1 package whose version
# matches the installed linux-image-amd64, configured with that image's
# /boot/config, so analysis, object builds and the booted guest all agree.
# It lives in $KPCHECK_CACHE (default ~/.cache/kpcheck), outside the repo,
# and is reused by later runs.  Progress goes to stderr, the path to stdout.
#   sh scripts/ktree.sh --ready   only print the path of a tree prepared
#                                 before (nothing, and exit 0, if none):
#                                 for tests that use the tree when it is
#                                 there and must not install or unpack it.
set -e

cache=${KPCHECK_CACHE:-${HOME:-/nonexistent}/.cache/kpcheck}
if [ "${1:-}" = --ready ]; then
	ver=$(dpkg-query -W -f='${Version}' linux-image-amd64 2>/dev/null) || exit 0
	[ -f "$cache/linux-source-$ver/.kpcheck-prepared" ] && echo "$cache/linux-source-$ver"
	exit 0
fi
ver=$(dpkg-query -W -f='${Version}' linux-image-amd64)
kdep=$(dpkg-query -W -f='${Depends}' linux-image-amd64 | sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
tree="$cache/linux-source-$ver"
stamp="$tree/.kpcheck-prepared"

if [ -f "$stamp" ]; then
	echo "$tree"
	exit 0
fi

mkdir -p "$cache"
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || { echo "kpcheck: $tarball missing: run scripts/deps.sh" >&2; exit 1; }

tmp="$cache/.unpack.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
echo "kpcheck: unpacking linux-source $ver into $cache" >&2
tar -C "$tmp" -xJf "$tarball"
rm -rf "$tree"
mv "$tmp/linux-source-6.1" "$tree"
rmdir "$tmp"

echo "kpcheck: configuring with /boot/config-$kdep" >&2
cp "/boot/config-$kdep" "$tree/.config"
# Debian's config names a signing key that is not in the source package.
sed -i -e 's/^CONFIG_SYSTEM_TRUSTED_KEYS=.*/CONFIG_SYSTEM_TRUSTED_KEYS=""/' \
	-e 's/^CONFIG_MODULE_SIG_KEY=.*/CONFIG_MODULE_SIG_KEY="certs\/signing_key.pem"/' \
	-e 's/^CONFIG_SYSTEM_REVOCATION_KEYS=.*/CONFIG_SYSTEM_REVOCATION_KEYS=""/' \
	"$tree/.config"
make -s -C "$tree" CC=gcc-12 olddefconfig >&2
make -s -C "$tree" CC=gcc-12 -j"$(nproc)" prepare >&2
touch "$stamp"
echo "$tree"
