#!/bin/sh
# make demo: judge the bundled example patches against the prepared Debian
# kernel tree, as a reviewer would (`kpcheck -C TREE fix.patch`).
cd "$(dirname "$0")/.."
tree=$(sh scripts/ktree.sh) || exit 2
for p in examples/*.patch; do
	echo "\$ kpcheck -C $tree $p"
	build/kpcheck -C "$tree" "$p"
	echo "(exit $?)"
	echo
done
