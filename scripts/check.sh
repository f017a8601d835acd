#!/bin/sh
# The runner behind `make check` and `make check-quick`: runs the groups
# (make targets) given, up to $CHECK_JOBS at once (default: every core),
# every one of them even after one fails, and ends with a table of group,
# passed, failed and time, in the order given, then "N passed, N failed"
# summed over the groups.
#   MAKE=make sh scripts/check.sh DIR GROUP...
# A group GROUP@KVER runs `make GROUP` with KVER and KTREE (the prepared
# tree of that kernel, `KVER=... sh scripts/ktree.sh --ready`) in its
# environment: make check names each kernel-dependent group once per
# prepared kernel.  The environment also says what may not overlap:
#   CHECK_LOCKS="build-test=guest e2e=guest"   groups holding one resource
#       (whatever the kernel) run one at a time
#   CHECK_AFTER="sarif-validate=corpus-patch,corpus-tree"   a group starts
#       once every group of those names (of every kernel) has ended
#   CHECK_FIRST="build-test asan"   started before the others (the long
#       ones, so the run does not end on them)
# A group's output goes to DIR/GROUP.log, and to the terminal in one piece
# when the group ends; its runner may keep files of its failed cases in
# DIR/GROUP/ ($KPCHECK_ARTIFACTS) and write the SARIF of its cases in
# DIR/sarif/GROUP/ ($KPCHECK_SARIF_DIR; sarif-validate reads them).  A
# group that passed loses DIR/GROUP/, one that failed keeps both, and the
# end of the run names them.  The counts are read from the group's
# "[label: ]N passed, N failed" lines (summed: asan prints one for its unit
# tests and one for its corpus); a group without such a line counts as one
# test, passed if its target succeeded.
# Exit status: 1 if any group failed.
set -u
: "${MAKE:=make}" "${CHECK_LOCKS:=}" "${CHECK_AFTER:=}" "${CHECK_FIRST:=}"
: "${CHECK_JOBS:=$(nproc 2>/dev/null || echo 2)}"
dir=$1
shift
rm -rf "$dir"
mkdir -p "$dir/.run"
case $dir in /*) abs=$dir ;; *) abs=$PWD/$dir ;; esac
run=$abs/.run
kvers=$(cd "$(dirname "$0")" && pwd)/kvers.sh

now() { date +%s.%N; }

# "N passed, N failed" lines of a log -> "passed failed" (or nothing).
counts() {
	sed -n 's/^\([A-Za-z0-9_. -]*: \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\([ ;(].*\)\{0,1\}$/\2 \3/p' "$1" |
		awk '{ p += $1; f += $2; n++ } END { if (n) print p, f }'
}

# The value of NAME in a "NAME=VALUE ..." list, or nothing.
lookup() {
	for kv in $2; do
		[ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }
	done
}

# GROUP@KVER -> GROUP; a file name for it ('/' would make a directory).
base() { echo "${1%@*}"; }
fname() { echo "$1" | tr / _; }

# Start group $1 in the background; its exit status lands in $run/G.rc.
start() {
	g=$(fname "$1") target=$(base "$1")
	now >"$run/$g.start"
	(
		if [ "$1" != "$target" ]; then
			KVER=${1##*@}
			KTREE=$(sh "$kvers" --tree "$KVER")
			export KVER KTREE
			[ -n "$KTREE" ] || {
				echo "check: no prepared tree for kernel $KVER" >"$abs/$g.log"
				echo 2 >"$run/$g.rc"
				exit
			}
		fi
		KPCHECK_ARTIFACTS=$abs/$g KPCHECK_SARIF_DIR=$abs/sarif/$g \
			KPCHECK_SARIF_REPORTS=$abs/sarif \
			$MAKE --no-print-directory "$target" >"$abs/$g.log" 2>&1 </dev/null
		echo $? >"$run/$g.rc.tmp"
		mv "$run/$g.rc.tmp" "$run/$g.rc"
	) &
}

# Can group $1 start now: its lock free, the groups it waits for ended?
ready() {
	lock=$(lookup "$(base "$1")" "$CHECK_LOCKS")
	if [ -n "$lock" ]; then
		for r in $running; do
			[ "$(lookup "$(base "$r")" "$CHECK_LOCKS")" = "$lock" ] && return 1
		done
	fi
	for w in $(lookup "$(base "$1")" "$CHECK_AFTER" | tr , ' '); do
		for o in $pending $running; do
			[ "$(base "$o")" = "$w" ] && return 1
		done
	done
	return 0
}

# Group $1 ended: its counts and time into $run/G.row, its log shown.
finish() {
	g=$(fname "$1")
	rc=$(cat "$run/$g.rc")
	secs=$(awk -v a="$(cat "$run/$g.start")" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }')
	c=$(counts "$abs/$g.log")
	p=${c% *} f=${c#* }
	if [ -z "$c" ]; then
		p=1 f=0
		[ "$rc" = 0 ] || { p=0; f=1; }
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1	# the target failed outside its tests (a build, a crash)
	fi
	if [ "$rc" = 0 ] && [ "$f" = 0 ]; then
		rm -rf "${abs:?}/$g"
		state=passed
	else
		state=FAILED
	fi
	echo "== $1"
	cat "$abs/$g.log"
	echo "-- $1: $state in $secs"
	printf '%s %s %s %s\n' "$g" "$p" "$f" "$secs" >"$run/$g.row"
}

# The start order: CHECK_FIRST's groups (each of its kernels), then the
# others in the order given.
pending=""
for f in $CHECK_FIRST; do
	for t in "$@"; do
		[ "$(base "$t")" = "$f" ] && pending="$pending $t"
	done
done
for t in "$@"; do
	case " $CHECK_FIRST " in *" $(base "$t") "*) ;; *) pending="$pending $t" ;; esac
done

t0=$(now) running="" n=0
while [ -n "$pending$running" ]; do
	still=""
	for r in $running; do
		if [ -f "$run/$(fname "$r").rc" ]; then
			finish "$r"
			n=$((n - 1))
		else
			still="$still $r"
		fi
	done
	running=$still
	left=""
	for t in $pending; do
		if [ "$n" -lt "$CHECK_JOBS" ] && ready "$t"; then
			start "$t"
			running="$running $t" n=$((n + 1))
		else
			left="$left $t"
		fi
	done
	pending=$left
	[ -z "$pending$running" ] || sleep 0.2
done
wait

total_p=0 total_f=0 failed_groups=""
printf '%s\n' "group passed failed time" >"$run/summary"
for t in "$@"; do
	g=$(fname "$t")
	read -r _ p f _ <"$run/$g.row"
	cat "$run/$g.row" >>"$run/summary"
	total_p=$((total_p + p)) total_f=$((total_f + f))
	[ "$f" = 0 ] && [ "$(cat "$run/$g.rc")" = 0 ] || failed_groups="$failed_groups $g"
done
awk -v a="$t0" -v b="$(now)" -v p=$total_p -v f=$total_f \
	'BEGIN { printf "total %d %d %.1fs\n", p, f, b - a }' >>"$run/summary"

echo
awk '{ printf "%-24s %7s %7s %9s\n", $1, $2, $3, $4 }' "$run/summary" | tee "$dir/summary.txt"
rm -rf "$run"
for g in $failed_groups; do
	if [ -d "$dir/$g" ]; then
		echo "FAILED $g: log $dir/$g.log, kept files $dir/$g/"
	else
		echo "FAILED $g: log $dir/$g.log"
	fi
done
echo "$total_p passed, $total_f failed"
[ -z "$failed_groups" ]
