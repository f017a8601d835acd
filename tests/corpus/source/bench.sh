#!/bin/sh
# bench-source: wall time and peak memory of `kpcheck -C TREE` per
# source-tier corpus patch, and, side by side in the same run, one
# `clang -fsyntax-only` of the same .c files with the same flags (the ones
# the source tier cached from kbuild).  Rewrites only the
# "## Source tier (libclang)" section of BENCHMARKS.md.
set -e
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
tree=$(sh scripts/ktree.sh)
cache=${KPCHECK_CACHE:-$HOME/.cache/kpcheck}/flags/$(printf %s "$tree" | tr / _)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }

for p in tests/corpus/source/*.patch; do
	t0=$(now)
	/usr/bin/time -f %M -o "$tmp/rss" build/kpcheck -C "$tree" "$p" >/dev/null 2>&1 || true
	t1=$(now)
	# the translation units the source tier parsed: the .c files it cached
	c=0
	for f in $(sed -n 's|^+++ b/\(.*\.c\)$|\1|p' "$p"); do
		fl="$cache/$(printf %s "$f" | tr / %).flags"
		[ -f "$fl" ] || continue
		s0=$(now)
		# a .c built inside another (#include "clock.c") has no clang
		# run of its own: it fails standalone and is left out
		clang-14 -fsyntax-only $(cat "$fl") "$tree/$f" >/dev/null 2>&1 || continue
		s1=$(now)
		c=$(echo "$c + $s1 - $s0" | bc)
	done
	echo "$(echo "$t1 - $t0" | bc) $c $(tail -n 1 "$tmp/rss") $(basename "$p")" >>"$tmp/rows"
done

stat() {	# column -> "median p90"
	sort -n -k1,1 | awk '{ v[NR] = $1 } END {
		m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.9 + 0.999)];
		printf "%.2f %.2f", m, p }'
}
kp=$(awk '{ print $1 }' "$tmp/rows" | stat)
cl=$(awk '$2 > 0 { print $2 }' "$tmp/rows" | stat)
ratio=$(awk '$2 > 0 { print $1 / $2 }' "$tmp/rows" | stat)
rss=$(awk '{ if ($3 > m) m = $3 } END { printf "%.0f", m / 1024 }' "$tmp/rows")
{
	echo "## Source tier (libclang)"
	echo
	echo "\`make bench-source\`, $(date -u +%Y-%m-%d), $(nproc) cores, $(ls tests/corpus/source/*.patch | wc -l) corpus patches"
	echo "(tests/corpus/source/), Debian 6.1 tree, flags cache warm, one run per"
	echo "patch, wall time of the whole command.  With a CPU to spare kpcheck"
	echo "parses the pre- and post-image at once, each skipping the bodies of"
	echo "the headers' functions unless a patched header is among them;"
	echo "clang = one \`clang-14 -fsyntax-only\` of the same .c files with the"
	echo "same flags (header cases: the .c file they are parsed through is not"
	echo "in the diff and has no clang column)."
	echo
	echo "| | median | p90 |"
	echo "|---|---|---|"
	echo "| kpcheck -C wall time per patch (s) | ${kp% *} | ${kp#* } |"
	echo "| clang -fsyntax-only, same files (s) | ${cl% *} | ${cl#* } |"
	echo "| ratio kpcheck / clang | ${ratio% *} | ${ratio#* } |"
	echo
	echo "Peak RSS of kpcheck over the run: ${rss} MB.  Goal: median < 1 s and"
	echo "<= 2.5x the clang run."
	echo
	echo "Where the time goes: clang's parse of the kernel headers is the floor"
	echo "(0.6-1.0 s per .c file here, the clang column); kpcheck adds its own"
	echo "walk of the main file's AST, the second image and process start."
	echo "Patches of a header (no clang column) parse the header's bodies and,"
	echo "for inline-propagation, search the tree for other callers."
	echo
	echo "Per patch (wall s, clang s, peak KB, case):"
	echo
	echo '```'
	cat "$tmp/rows"
	echo '```'
	echo
} >"$tmp/section"
[ -f BENCHMARKS.md ] || printf '# Benchmarks\n' >BENCHMARKS.md
awk -v sec="$tmp/section" '
	/^## Source tier \(libclang\)/ { skip = 1; while ((getline l < sec) > 0) print l; done = 1; next }
	skip && /^## / { skip = 0 }
	!skip { print }
	END { if (!done) { print ""; while ((getline l < sec) > 0) print l } }
' BENCHMARKS.md >"$tmp/b" && cp "$tmp/b" BENCHMARKS.md
cat "$tmp/section"
