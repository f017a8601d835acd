#!/bin/sh
# Run fuzz targets: tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
# Each target runs for SECONDS from its seeds (tests/fuzz/seeds.sh) and
# the corpus it grew in earlier runs (BUILD_DIR/corpus/TARGET).  A crash,
# leak, timeout (10 s per input) or sanitizer report fails the run; the
# input is kept as BUILD_DIR/crashes/TARGET-*.  One summary line per
# target, then "N passed, N failed".
set -u
o=$1 secs=$2
shift 2
pass=0 fail=0
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$(pwd)/tests/fuzz/ubsan.supp"
for t in "$@"; do
	bin=$o/tests/fuzz/$t log=$o/logs/$t.log
	mkdir -p "$o/corpus/$t" "$o/crashes" "$o/logs"
	rm -rf "$o/seeds/$t"
	sh tests/fuzz/seeds.sh "$t" "$o/seeds/$t"
	# the patch target's own output (reports, error messages) is discarded
	# (-close_fd_mask=3); libFuzzer's and the sanitizers' reports still
	# reach the log; the other targets print only when they fail
	mask=1
	[ "$t" = fuzz-patch ] && mask=3
	"$bin" -max_total_time="$secs" -timeout=10 -max_len=16384 -close_fd_mask=$mask \
		-print_final_stats=1 -artifact_prefix="$o/crashes/$t-" \
		"$o/corpus/$t" "$o/seeds/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 |
		sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1 ft \2/p')
	if [ $rc = 0 ]; then
		echo "$t: ${runs:-?} runs, ${rate:-?} exec/s, ${cov:-cov ?}, no crash (${secs} s)"
		pass=$((pass + 1))
	else
		echo "FAIL $t: exit $rc after ${runs:-?} runs; log $log:"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|==[0-9]+==' "$log" | head -20
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
