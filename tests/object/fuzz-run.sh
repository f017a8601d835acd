#!/bin/sh
# Run the fuzz-elf target for SECONDS from fresh seeds and the corpus it
# grew before: tests/object/fuzz-run.sh BUILD_DIR SECONDS.  A crash or
# sanitizer report fails, keeping the input as BUILD_DIR/crash-*.
set -u
o=$1 secs=$2
mkdir -p "$o/corpus"
rm -rf "$o/seeds"
sh tests/object/fuzz-seeds.sh "$o/seeds" || exit 1
"$o/fuzz-elf" -max_total_time="$secs" -timeout=10 -max_len=65536 -close_fd_mask=1 \
	-print_final_stats=1 -artifact_prefix="$o/crash-" "$o/corpus" "$o/seeds" \
	>"$o/fuzz-elf.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$o/fuzz-elf.log")
if [ $rc = 0 ]; then
	echo "fuzz-elf: ${runs:-?} runs in $secs s, no crash"
	echo "1 passed, 0 failed"
else
	grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$o/fuzz-elf.log" | head -20
	echo "0 passed, 1 failed"
	exit 1
fi
