#!/bin/sh
# Malformed objects: build OBJ of the Debian tree once (the case's patch
# changes only a comment), damage the patched copy in each way
# tests/object/corrupt.py knows, and print, per damage, kpcheck objdiff's
# exit code and its error.  Fuzzed copies (seeds 1..N) only have to
# end with an exit code of 0..3 and no sanitizer or signal.
#   tests/object/malformed.sh CASE OBJ [FUZZ_RUNS]
set -u
case=$1 obj=$2 runs=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build_pair "$case" "$obj"
cd "$out/patched"
cp "$obj" "$out/good.o"
for how in truncate header class machine section-offset section-size \
	symbol-section symbol-size reloc-symbol reloc-offset text; do
	cp "$out/good.o" "$obj"
	python3 "$here/corrupt.py" "$how" "$obj" || exit 125
	kpcheck objdiff ../orig/"$obj" "$obj" >"$out/stdout" 2>"$out/stderr"
	# where sections lie in the file depends on the build's paths (DWARF
	# strings), not on kpcheck: those numbers are masked
	echo "$how: exit $?: $(head -1 "$out/stderr" |
		sed 's/([0-9]* bytes)/(N bytes)/; s/(offset 0x[0-9a-f]*, /(offset OFF, /')"
	[ -s "$out/stdout" ] && echo "$how: unexpected output on stdout"
done
survived=0
for seed in $(seq 1 "$runs"); do
	cp "$out/good.o" "$obj"
	python3 "$here/corrupt.py" fuzz "$obj" "$seed" || exit 125
	kpcheck objdiff ../orig/"$obj" "$obj" >/dev/null 2>"$out/stderr"
	rc=$?
	if [ $rc -le 3 ] && ! grep -q Sanitizer "$out/stderr"; then
		survived=$((survived + 1))
	else
		echo "fuzz seed $seed: exit $rc: $(head -1 "$out/stderr")"
	fi
done
echo "fuzz: $survived of $runs damaged objects handled"
