#!/bin/sh
# make demo: judge the bundled example patches against the prepared Debian
# kernel tree, as a reviewer would (`kpcheck -C TREE fix.patch`).  The tree
# is the kernel KVER chooses (scripts/ktree.sh); an example whose context
# differs on that kernel has its own copy in examples/SERIES/.
cd "$(dirname "$0")/.."
tree=$(sh scripts/ktree.sh) || exit 2
series=$(sh scripts/ktree.sh --series)
for p in examples/*.patch; do
	[ -f "examples/$series/${p#examples/}" ] && p=examples/$series/${p#examples/}
	echo "\$ kpcheck -C $tree $p"
	build/kpcheck -C "$tree" "$p"
	echo "(exit $?)"
	echo
done
