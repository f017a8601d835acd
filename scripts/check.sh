#!/bin/sh
# The runner behind `make check` and `make check-quick`: runs each group
# (a make target) in the order given, every one of them even after one
# fails, and ends with a table of group, passed, failed and time, then
# "N passed, N failed" summed over the groups.
#   MAKE=make sh scripts/check.sh DIR GROUP...
# A group's output goes to the terminal and to DIR/GROUP.log; its runner
# may keep files of its failed cases in DIR/GROUP/ ($KPCHECK_ARTIFACTS;
# the corpus runner does).  A group that passed loses DIR/GROUP/, one
# that failed keeps both, and the end of the run names them.  The counts
# are read from the group's "[label: ]N passed, N failed" lines (summed:
# asan prints one for its unit tests and one for its corpus); a group
# without such a line counts as one test, passed if its target succeeded.
# Exit status: 1 if any group failed.
set -u
: "${MAKE:=make}"
dir=$1
shift
rm -rf "$dir"
mkdir -p "$dir"
case $dir in /*) abs=$dir ;; *) abs=$PWD/$dir ;; esac

now() { date +%s.%N; }

# "N passed, N failed" lines of a log -> "passed failed" (or nothing).
counts() {
	sed -n 's/^\([A-Za-z0-9_. -]*: \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\([ ;(].*\)\{0,1\}$/\2 \3/p' "$1" |
		awk '{ p += $1; f += $2; n++ } END { if (n) print p, f }'
}

total_p=0 total_f=0 failed_groups="" t0=$(now)
printf '%s\n' "group passed failed time" >"$dir/summary.raw"
for target in "$@"; do
	g=$(echo "$target" | tr / _)
	echo "== $target"
	start=$(now)
	{
		KPCHECK_ARTIFACTS=$abs/$g $MAKE --no-print-directory "$target" 2>&1
		echo $? >"$dir/$g.rc"
	} | tee "$dir/$g.log"
	rc=$(cat "$dir/$g.rc")
	rm -f "$dir/$g.rc"
	secs=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }')
	c=$(counts "$dir/$g.log")
	p=${c% *} f=${c#* }
	if [ -z "$c" ]; then
		p=1 f=0
		[ "$rc" = 0 ] || { p=0; f=1; }
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1	# the target failed outside its tests (a build, a crash)
	fi
	if [ "$rc" = 0 ] && [ "$f" = 0 ]; then
		rm -rf "${dir:?}/$g"
	else
		failed_groups="$failed_groups $g"
	fi
	total_p=$((total_p + p)) total_f=$((total_f + f))
	printf '%s %s %s %s\n' "$g" "$p" "$f" "$secs" >>"$dir/summary.raw"
done
awk -v a="$t0" -v b="$(now)" -v p=$total_p -v f=$total_f \
	'BEGIN { printf "total %d %d %.1fs\n", p, f, b - a }' >>"$dir/summary.raw"

echo
awk '{ printf "%-24s %7s %7s %9s\n", $1, $2, $3, $4 }' "$dir/summary.raw" | tee "$dir/summary.txt"
rm -f "$dir/summary.raw"
for g in $failed_groups; do
	if [ -d "$dir/$g" ]; then
		echo "FAILED $g: log $dir/$g.log, kept files $dir/$g/"
	else
		echo "FAILED $g: log $dir/$g.log"
	fi
done
echo "$total_p passed, $total_f failed"
[ -z "$failed_groups" ]
