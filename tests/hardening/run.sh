#!/bin/bash
# Robustness invariants checked by running kpcheck (build/, or
# $KPCHECK_BIN): an output file given with -o is whole or absent, never
# partial, whatever happens to the run.  Prints one line per failure and
# ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
: "${KPCHECK_BIN:=$root/build}"
kp=$KPCHECK_BIN/kpcheck
# job control: background jobs keep SIGINT (a non-interactive shell would
# start them with SIGINT ignored, and kpcheck keeps ignored signals so)
set -m
d=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-hard.XXXXXX")
trap 'rm -rf "$d"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# A patch of 9,000 changed functions: a report of several MB, written
# over a long enough time to be interrupted in the middle.
awk 'BEGIN { for (i = 0; i < 9000; i++) { f = "drivers/x/f" i ".c";
	print "diff --git a/" f " b/" f; print "--- a/" f; print "+++ b/" f;
	print "@@ -5 +5 @@ int f" i "(void)"; print "-\treturn 0;"; print "+\treturn 1;" } }' \
	>"$d/big.patch"

leftovers() { ls -A "$d/out" | grep -c '\.tmp' ; }

# Kill kpcheck with @sig as soon as its temporary file exists (it is
# writing then), after @delay more seconds.  Sets $rc.
kill_while_writing() {
	local sig=$1 delay=$2 pid
	"$kp" -f json -o "$d/out/report.json" "$d/big.patch" &
	pid=$!
	while kill -0 $pid 2>/dev/null && ! ls "$d/out" | grep -q '\.tmp'; do :; done
	sleep "$delay"
	kill -"$sig" $pid 2>/dev/null
	wait $pid
	rc=$?
}

# The file is either absent (killed) or whole (the run won the race).
check_killed() {
	local name=$1 sig=$2 delay=$3 old=${4:-}
	rm -rf "$d/out"; mkdir "$d/out"
	[ -n "$old" ] && echo "$old" >"$d/out/report.json"
	kill_while_writing "$sig" "$delay"
	if [ "$(leftovers)" != 0 ]; then
		bad "$name: temporary file left: $(ls -A "$d/out")"
	elif [ $rc = 0 ]; then
		python3 -m json.tool "$d/out/report.json" >/dev/null 2>&1 && ok ||
			bad "$name: exit 0 but the report is not whole JSON"
	elif [ $rc -lt 128 ]; then
		bad "$name: exit $rc, expected death by signal or 0"
	elif [ -n "$old" ]; then
		[ "$(cat "$d/out/report.json")" = "$old" ] && ok ||
			bad "$name: the earlier report was touched"
	else
		[ ! -e "$d/out/report.json" ] && ok || bad "$name: partial report left"
	fi
}

test_signals() {
	for delay in 0 0.02 0.05 0.1; do
		check_killed "SIGTERM after ${delay}s" TERM $delay
		check_killed "SIGINT after ${delay}s" INT $delay
		check_killed "SIGHUP after ${delay}s" HUP $delay
	done
	check_killed "SIGTERM keeps the earlier report" TERM 0.02 "earlier report"
	check_killed "SIGINT keeps the earlier report" INT 0 "earlier report"
}

# A failed run: exit 2, one line on stderr, no FILE, no temporary file.
check_failed() {
	local name=$1 out=$2 old=${3:-}
	shift 3
	rm -rf "$d/out"; mkdir "$d/out"
	[ -n "$old" ] && echo "$old" >"$out"
	"$@" 2>"$d/err" >/dev/null
	rc=$?
	if [ $rc != 2 ]; then
		bad "$name: exit $rc, expected 2"
	elif [ "$(wc -l <"$d/err")" != 1 ]; then
		bad "$name: not one error line: $(head -3 "$d/err")"
	elif [ "$(leftovers)" != 0 ]; then
		bad "$name: temporary file left"
	elif [ -z "$old" ] && [ -e "$out" ]; then
		bad "$name: output file left"
	elif [ -n "$old" ] && [ "$(cat "$out")" != "$old" ]; then
		bad "$name: the earlier report was touched"
	else
		ok
	fi
}

test_failures() {
	local o=$d/out/report.json
	check_failed "bad input" "$o" "" "$kp" -o "$o" tests/corpus/bad-no-diff.patch
	check_failed "bad input keeps the earlier report" "$o" "earlier report" \
		"$kp" -o "$o" tests/corpus/bad-truncated-hunk.patch
	check_failed "missing tree" "$o" "" "$kp" -C /nonexistent -o "$o" \
		tests/corpus/changed-function-ok.patch
	check_failed "missing output directory" "$d/out/no/such/dir/r.json" "" \
		"$kp" -o "$d/out/no/such/dir/r.json" tests/corpus/changed-function-ok.patch
	# a file size limit below the report's size: a write error, not SIGXFSZ
	check_failed "file size limit" "$o" "" \
		bash -c 'ulimit -f 64; exec "$0" -f json -o "$1" "$2"' "$kp" "$o" "$d/big.patch"
	check_failed "file size limit keeps the earlier report" "$o" "earlier report" \
		bash -c 'ulimit -f 64; exec "$0" -f json -o "$1" "$2"' "$kp" "$o" "$d/big.patch"
}

# nohup: a signal ignored at start stays ignored, the report is whole.
test_nohup() {
	rm -rf "$d/out"; mkdir "$d/out"
	( trap '' HUP; exec "$kp" -f json -o "$d/out/report.json" "$d/big.patch" ) &
	local pid=$!
	while kill -0 $pid 2>/dev/null && ! ls "$d/out" | grep -q '\.tmp'; do :; done
	kill -HUP $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc = 0 ] && python3 -m json.tool "$d/out/report.json" >/dev/null 2>&1 &&
	   [ "$(leftovers)" = 0 ]; then
		ok
	else
		bad "nohup: exit $rc, a HUP ignored at start must not stop the run"
	fi
}

# The tree is only ever read.  A fresh cache makes kpcheck ask kbuild for
# the compile commands (dry runs, whose $(shell) probes kbuild would put
# in the tree); --objects builds both images of the object and `kpcheck
# build` compiles both and makes a module: afterwards nothing in the tree
# is newer than before.
test_tree_untouched() {
	local t=$KTREE changed rc rc2
	touch "$d/marker"
	KPCHECK_CACHE=$d/cache "$kp" --objects -C "$t" \
		tests/corpus/changed-function-ok.patch >"$d/tree.out" 2>&1
	rc=$?
	KPCHECK_CACHE=$d/cache2 "$kp" build -C "$t" -o "$d/cmdline.ko" \
		tests/build/cases/cmdline-string.patch >"$d/build.out" 2>&1
	rc2=$?
	changed=$(find "$t" -newer "$d/marker" | head -5)
	if [ $rc -gt 1 ]; then
		bad "tree untouched: exit $rc: $(tail -3 "$d/tree.out")"
	elif ! grep -q 'object' "$d/tree.out"; then
		bad "tree untouched: the object tier did not run: $(tail -3 "$d/tree.out")"
	elif [ $rc2 != 0 ] || [ ! -s "$d/cmdline.ko" ]; then
		bad "tree untouched: kpcheck build failed: $(tail -3 "$d/build.out")"
	elif [ -n "$changed" ]; then
		bad "tree untouched: written: $changed"
	else
		ok
	fi
}

test_signals
test_failures
test_nohup
test_tree_untouched
echo "hardening: $pass passed, $fail failed"
[ $fail = 0 ]
