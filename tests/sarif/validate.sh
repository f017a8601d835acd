#!/bin/sh
# Validate kpcheck's SARIF with Microsoft's SARIF multitool.  The reports
# are those the corpus runs of make check wrote, in the same kpcheck runs
# as their text (tests/corpus/run.sh with $KPCHECK_SARIF_DIR: --sarif):
# corpus-patch, corpus-tree, corpus-real and objdiff-test, each group in
# its folder of $KPCHECK_SARIF_REPORTS (scripts/check.sh sets it).  Run
# alone (no reports there), it runs those cases itself first: the whole
# corpus, tests/corpus/real/ and tests/object/.
# A case that expects a report (exit 0, 1 or 3) must have left one.  All
# reports then go to one multitool call.  The tool exits 0 even when it
# reports errors, so its output is read: any "file(l,c): error CODE" line
# fails the test, and so does a run that did not finish.  Then what code
# scanning needs of the reports, and fingerprints that stay as lines move
# (tests/sarif/fingerprint.sh, its own count).
#   tests/sarif/validate.sh
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-sarif.XXXXXX")
trap 'rm -rf "$out"' EXIT

reports=${KPCHECK_SARIF_REPORTS:-}
if [ -z "$reports" ] || [ -z "$(ls "$reports"/*/want 2>/dev/null)" ]; then
	echo "sarif: no reports of a corpus run: running the cases"
	reports=$out/runs
	KTREE=${KTREE:-$(sh scripts/ktree.sh)} || exit 2
	export KTREE
	KPCHECK_SARIF_DIR=$reports/corpus tests/corpus/run.sh -j 2 \
		$(find tests/corpus -name '*.patch' | sort) >"$out/corpus.log" 2>&1
	KPCHECK_SARIF_DIR=$reports/object tests/corpus/run.sh \
		tests/object/*.patch >"$out/object.log" 2>&1
fi

# Every case that expected a report left one, in its group's folder.
missing=0 cases=0
for want in "$reports"/*/want; do
	d=$(dirname "$want")
	for name in $(sort -u "$want"); do
		cases=$((cases + 1))
		ls "$d/$name".*.sarif >/dev/null 2>&1 && continue
		echo "FAIL $name ($(basename "$d")): no SARIF report"
		missing=$((missing + 1))
	done
done
find "$reports" -name '*.sarif' >"$out/list"
nreports=$(wc -l <"$out/list")
xargs npx --yes @microsoft/sarif-multitool@5.7.0 validate <"$out/list" \
	>"$out/log" 2>&1 || true
# a report fails once, whatever the number of its errors
bad=$(grep ": error " "$out/log" | sed 's|(.*||' | sort -u | wc -l)
grep ": error " "$out/log"
if ! grep -q "Analysis completed successfully" "$out/log"; then
	echo "FAIL: the validator did not finish:"; tail -5 "$out/log"
	bad=$((bad + 1))
fi
# Object-tier findings sit at "symbol()+0xoff" of an object.
for c in tests_object_static-local-rename-ko.patch tests_object_init-code-ko.patch; do
	cases=$((cases + 1))
	if ! grep -qs '"logicalLocations"' $(grep "/$c\." "$out/list") /dev/null; then
		echo "FAIL $c: no object-tier logical location"; bad=$((bad + 1))
	fi
done
fail=$((missing + bad))
echo "sarif: $nreports reports of $cases cases validated"
echo "sarif: $((cases - fail)) passed, $fail failed"
sh tests/sarif/fingerprint.sh || fail=$((fail + 1))
[ "$fail" = 0 ] && [ "$nreports" -gt 0 ]
