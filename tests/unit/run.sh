#!/bin/sh
# Run unit test binaries; sum their "N passed, N failed" lines.
pass=0 fail=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | tail -1)
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ] || [ $rc != 0 ]; then
		printf '%s\n' "$out" | tail -20
		echo "FAIL $t (exit $rc)"
		fail=$((fail + ${f:-1}))
	fi
	pass=$((pass + ${p:-0}))
done
echo "unit: $pass passed, $fail failed"
[ $fail = 0 ]
