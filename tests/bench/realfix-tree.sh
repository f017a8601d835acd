#!/bin/sh
# Make the base tree of the backlog benchmark: a scratch copy of the
# prepared Debian tree with the real 6.1 stable fixes that INDEX.tsv says
# reverse-apply taken out again, newest first, so that every fix applies
# to it as it once applied to its own release.  Fixes that no longer
# reverse-apply once the others are out are left aside.
#
#   realfix-tree.sh KTREE FIXDIR OUT
#
# OUT/tree is the scratch tree (hard links to KTREE, real copies of the
# files the fixes touch: KTREE is never written); OUT/fixes/ holds the
# fixes that apply to it.  Reused when OUT/.done exists.
set -eu
ktree=$1 fixdir=$2 out=$3

[ -f "$out/.done" ] && exit 0
rm -rf "$out"
mkdir -p "$out/fixes"
cp -al "$ktree" "$out/tree"
# newest release first: "6.1.10" sorts after "6.1.9"
awk -F'\t' 'NR > 1 && $5 == "yes" { print $2 "\t" $1 }' "$fixdir/INDEX.tsv" |
	sort -t. -k3,3nr | cut -f2 > "$out/list"
: > "$out/skipped"
while read -r fix; do
	p="$fixdir/$fix"
	if ! (cd "$out/tree" && patch -p1 -R --dry-run -s -f < "$p" >/dev/null 2>&1); then
		echo "$fix" >> "$out/skipped"
		continue
	fi
	# break the hard links of the files the fix touches
	for f in $(sed -n 's|^+++ b/||p' "$p"); do
		[ -f "$out/tree/$f" ] || continue
		cp "$out/tree/$f" "$out/tree/$f.kpcheck-copy"
		mv "$out/tree/$f.kpcheck-copy" "$out/tree/$f"
	done
	(cd "$out/tree" && patch -p1 -R -s -f --no-backup-if-mismatch < "$p" >/dev/null)
	cp "$p" "$out/fixes/"
done < "$out/list"
touch "$out/.done"
echo "realfix-tree: $(ls "$out/fixes" | wc -l) fixes, $(wc -l < "$out/skipped") left aside" >&2
