#!/bin/sh
# Validate kpcheck's SARIF with Microsoft's SARIF multitool.  The tool exits
# 0 even when it reports errors, so its output is read: any "file(l,c):
# error CODE" line fails the test, and so does a run that did not finish.
set -e
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
tree=$(sh scripts/ktree.sh)
pass=0 fail=0
for p in tests/corpus/data-layout-ko.patch tests/corpus/changed-function-ok.patch \
	 tests/corpus/format-mbox-series.patch tests/corpus/modversions-ko.patch; do
	[ -f "$p" ] || continue
	name=$(basename "$p" .patch)
	build/kpcheck -C "$tree" -f sarif -o "$out/$name.sarif" "$p" || true
	npx --yes @microsoft/sarif-multitool@5.7.0 validate "$out/$name.sarif" \
		>"$out/$name.log" 2>&1 || true
	if grep -q ": error " "$out/$name.log"; then
		echo "FAIL $name:"; cat "$out/$name.log"; fail=$((fail + 1))
	elif ! grep -q "Analysis completed successfully" "$out/$name.log"; then
		echo "FAIL $name: the validator did not finish:"; tail -5 "$out/$name.log"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
# `kpcheck objdiff -f sarif`: findings located at an object, with
# "symbol()+0xoff" as their logical location (a static local removed from
# fs/stat.o, and the function that lost it).
if sh tests/object/pair.sh tests/object/static-local-rename-ko.patch "$out/pair" fs/stat.o \
	>"$out/pair.log" 2>&1; then
	(cd "$out/pair/patched" && "$OLDPWD/build/kpcheck" objdiff -f sarif \
		-o "$out/objdiff.sarif" ../orig/fs/stat.o fs/stat.o) || true
	npx --yes @microsoft/sarif-multitool@5.7.0 validate "$out/objdiff.sarif" \
		>"$out/objdiff.log" 2>&1 || true
	if grep -q ": error " "$out/objdiff.log" || ! grep -q '"logicalLocations"' "$out/objdiff.sarif"; then
		echo "FAIL objdiff:"; cat "$out/objdiff.log"; fail=$((fail + 1))
	elif ! grep -q "Analysis completed successfully" "$out/objdiff.log"; then
		echo "FAIL objdiff: the validator did not finish:"; tail -5 "$out/objdiff.log"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
else
	echo "FAIL objdiff: building fs/stat.o failed:"; tail -5 "$out/pair.log"
	fail=$((fail + 1))
fi
echo "sarif: $pass passed, $fail failed"
[ $fail = 0 ] && [ $pass -gt 0 ]
