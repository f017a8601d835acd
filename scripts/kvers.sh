#!/bin/sh
# The kernels make check runs its kernel-dependent groups on: every
# kernel whose source package is installed (/usr/src/linux-source-X.tar.xz)
# and whose tree `KVER=X sh scripts/ktree.sh --ready` reports prepared,
# the tree's own Makefile saying it is X.
#   sh scripts/kvers.sh             "6.1 6.12"
#   sh scripts/kvers.sh --tree X    the prepared tree of kernel X, or nothing
#   sh scripts/kvers.sh --sources   every kernel whose source package is
#                                   installed, prepared or not
set -u

# The kernel of each installed source package, "6.1" for
# /usr/src/linux-source-6.1.tar.xz, one a line.
sources() {
	for src in /usr/src/linux-source-*.tar.xz; do
		[ -f "$src" ] || continue
		k=${src#/usr/src/linux-source-}
		echo "${k%.tar.xz}"
	done
}

# The tree of kernel $1 if it is prepared and is that kernel.
tree_of() {
	t=$(KVER=$1 sh "$(dirname "$0")/ktree.sh" --ready 2>/dev/null) || return 0
	[ -n "$t" ] && [ -f "$t/Makefile" ] || return 0
	v=$(awk '$1 == "VERSION" { v = $3 } $1 == "PATCHLEVEL" { p = $3 }
		END { print v "." p }' "$t/Makefile")
	[ "$v" = "$1" ] && echo "$t"
}

case "${1:-}" in
--tree) tree_of "$2"; exit 0 ;;
--sources) sources | sort -V | tr '\n' ' ' | sed 's/ $//'; echo; exit 0 ;;
esac
out=""
for k in $(sources); do
	[ -n "$(tree_of "$k")" ] && out="$out $k"
done
echo $out | tr ' ' '\n' | sort -V | tr '\n' ' ' | sed 's/ $//'
echo
