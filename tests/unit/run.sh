#!/bin/sh
# Run unit test binaries; sum their "N passed, N failed" lines.  A test
# that exits 77 was skipped (it needs something absent, e.g. the kernel
# tree) and says why on its last line.
pass=0 fail=0 skipped=""
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | tail -1)
	if [ $rc = 77 ]; then
		echo "SKIP $(basename "$t"): $line"
		skipped="$skipped $(basename "$t")"
		continue
	fi
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ] || [ $rc != 0 ]; then
		printf '%s\n' "$out" | tail -20
		echo "FAIL $t (exit $rc)"
		fail=$((fail + ${f:-1}))
	fi
	pass=$((pass + ${p:-0}))
done
echo "unit: $pass passed, $fail failed${skipped:+ (skipped:$skipped)}"
[ $fail = 0 ]
