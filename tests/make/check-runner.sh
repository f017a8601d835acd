#!/bin/sh
# scripts/check.sh, the runner of make check and check-quick, on groups
# of a scratch makefile whose results are known: every group runs after
# a failure, the table and the closing line add up, the exit status says
# a group failed, and a failed group keeps its log and files while a
# passed one drops its files.  Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-runner.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# Each group leaves a file in $KPCHECK_ARTIFACTS, as a runner would.
cat >"$t/Makefile" <<'MK'
keep = @mkdir -p $$KPCHECK_ARTIFACTS && echo $@ >$$KPCHECK_ARTIFACTS/case.out
counted:
	$(keep)
	@echo "label: 3 passed, 0 failed"
failing:
	$(keep)
	@echo "2 passed, 1 failed"; exit 1
two-lines:
	@echo "unit: 1 passed, 0 failed (skipped: x)"; echo "4 passed, 0 failed"
plain:
	@true
crash:
	@exit 3
counted-then-crash:
	@echo "5 passed, 0 failed"; exit 1
MK

cd "$t" || exit 2
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS MAKE=make sh "$root/scripts/check.sh" out \
	counted failing two-lines plain crash counted-then-crash >"$t/stdout" 2>&1
rc=$?

[ $rc = 1 ] && ok || bad "exit status $rc, not 1"
# The table without its time column, and the lines that follow it.
sed -n '/^group /,$p' "$t/stdout" |
	awk '$1 == "group" || NF == 4 && $4 ~ /^[0-9.]+s$/ { NF = 3 } { $1 = $1; print }' >"$t/table"
cat >"$t/want" <<'WANT'
group passed failed
counted 3 0
failing 2 1
two-lines 5 0
plain 1 0
crash 0 1
counted-then-crash 5 1
total 16 3
FAILED failing: log out/failing.log, kept files out/failing/
FAILED crash: log out/crash.log
FAILED counted-then-crash: log out/counted-then-crash.log
16 passed, 3 failed
WANT
if diff -u "$t/want" "$t/table" >"$t/diff"; then ok; else bad "summary:"; cat "$t/diff"; fi

for g in counted failing two-lines plain crash counted-then-crash; do
	[ -f "out/$g.log" ] || bad "no log for $g"
done
[ -f out/failing/case.out ] && ok || bad "the failed group's file was not kept"
[ ! -e out/counted ] && ok || bad "the passed group's files were kept"
grep -q '^2 passed, 1 failed$' out/failing.log && ok || bad "failing.log lacks the group's output"
# The table is also kept, for whoever reads the run later.
[ -f out/summary.txt ] && ok || bad "no out/summary.txt"

# Groups run at once (each waits for the other's file), but never two of
# one lock; a group of CHECK_AFTER starts once those groups ended; a
# GROUP@KVER group runs GROUP with $KVER set (and fails with no tree).
cat >"$t/Makefile" <<'MK'
meet-a:
	@touch a.here; i=0; until [ -f b.here ]; do sleep 0.1; i=$$((i + 1)); [ $$i -lt 100 ] || exit 1; done
meet-b:
	@touch b.here; i=0; until [ -f a.here ]; do sleep 0.1; i=$$((i + 1)); [ $$i -lt 100 ] || exit 1; done
lock-a lock-b:
	@[ ! -f held ] && touch held && sleep 0.5 && rm held
late:
	@[ -f a.here ] && [ -f b.here ] && [ ! -f held ]
kernel:
	@echo "KVER=$$KVER"
MK
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS MAKE=make CHECK_JOBS=3 \
	CHECK_LOCKS="lock-a=x lock-b=x" CHECK_AFTER="late=meet-a,meet-b,lock-a,lock-b" \
	sh "$root/scripts/check.sh" par late meet-a lock-a meet-b lock-b kernel@0.0 >"$t/stdout" 2>&1
sed -n '/^group /,$p' "$t/stdout" | awk 'NF == 4 && ($4 ~ /s$/ || $1 == "group") { print $1, $2, $3 }' >"$t/table"
cat >"$t/want" <<'WANT'
group passed failed
late 1 0
meet-a 1 0
lock-a 1 0
meet-b 1 0
lock-b 1 0
kernel@0.0 0 1
total 5 1
WANT
if diff -u "$t/want" "$t/table" >"$t/diff"; then ok; else bad "parallel summary:"; cat "$t/diff"; fi
grep -q "no prepared tree for kernel 0.0" par/kernel@0.0.log && ok || bad "kernel@0.0 ran without a tree"

echo "check runner: $pass passed, $fail failed"
[ $fail = 0 ]
