#!/bin/sh
# What code scanning needs of kpcheck's SARIF, on the bundled examples and
# on a real kernel file: every rule has its help text and a helpUri, every
# result a partialFingerprints entry, every run an automationDetails.id of
# its own; and a finding keeps its fingerprint when lines are added above
# it (its startLine moves, its hash does not) but not when its own line's
# text changes.
#   tests/sarif/fingerprint.sh      ($KTREE: the prepared tree, for the
#                                    source-tier case; without it, skipped)
# Prints one line per failure and ends with "fingerprint: N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
: "${KPCHECK_BIN:=$root/build}"
kp=$KPCHECK_BIN/kpcheck
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-fp.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# Lines of "rule fingerprint startLine" of a report, sorted.
prints() {
	python3 - "$1" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
for r in run["results"]:
    reg = r["locations"][0]["physicalLocation"].get("region", {}) if r["locations"] else {}
    print(r["ruleId"], r.get("partialFingerprints", {}).get("kpcheckFinding/v1", "-"),
          reg.get("startLine", 0))
PY
}

# The fields, on one report: help and helpUri per rule, a fingerprint per
# result, the run's id.
fields() {
	python3 - "$1" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
bad = [r["id"] for r in run["tool"]["driver"]["rules"]
       if not r.get("help", {}).get("text") or not r.get("helpUri", "").startswith("man:kpcheck(1)")]
bad += ["result %d" % i for i, r in enumerate(run["results"])
        if len(r.get("partialFingerprints", {}).get("kpcheckFinding/v1", "")) != 32]
if not run.get("automationDetails", {}).get("id", "").startswith("kpcheck/"):
    bad.append("automationDetails.id")
print(" ".join(bad))
PY
}

# @1 with every hunk @2 lines further down, in both images.
shift_patch() {
	awk -v n="$2" '/^@@ -[0-9]/ {
		split($2, o, ","); split($3, p, ",")
		$2 = "-" (substr(o[1], 2) + n) (o[2] != "" ? "," o[2] : "")
		$3 = "+" (substr(p[1], 2) + n) (p[2] != "" ? "," p[2] : "")
	} { print }' "$1"
}

# Patch tier: each example, and the same shifted by 7 lines.
for p in examples/*.patch; do
	name=$(basename "$p" .patch)
	"$kp" --no-tree -f sarif -o "$t/$name.sarif" "$p" >/dev/null 2>&1
	shift_patch "$p" 7 >"$t/$name.shifted.patch"
	"$kp" --no-tree -f sarif -o "$t/$name.shifted.sarif" "$t/$name.shifted.patch" >/dev/null 2>&1
	[ -s "$t/$name.sarif" ] && [ -s "$t/$name.shifted.sarif" ] ||
		{ bad "$name: no report"; continue; }
	missing=$(fields "$t/$name.sarif")
	[ -z "$missing" ] && ok || bad "$name: lacks $missing"
	prints "$t/$name.sarif" >"$t/a"
	prints "$t/$name.shifted.sarif" >"$t/b"
	if [ ! -s "$t/a" ]; then
		:	# no finding: nothing to follow
	elif [ "$(cut -d' ' -f1,2 "$t/a")" = "$(cut -d' ' -f1,2 "$t/b")" ] &&
		[ "$(cut -d' ' -f3 "$t/a")" != "$(cut -d' ' -f3 "$t/b")" ]; then
		ok
	else
		bad "$name: fingerprints moved with the lines:"; paste "$t/a" "$t/b"
	fi
done

# Two runs, two ids.
a=$(grep -o '"kpcheck/[^"]*"' "$t/data-layout-ko.sarif")
sleep 1
"$kp" --no-tree -f sarif -o "$t/again.sarif" examples/data-layout-ko.patch >/dev/null 2>&1
b=$(grep -o '"kpcheck/[^"]*"' "$t/again.sarif")
[ -n "$a" ] && [ "$a" != "$b" ] && ok || bad "two runs share the id $a"
# The same run again finds the same fingerprints.
[ "$(prints "$t/data-layout-ko.sarif")" = "$(prints "$t/again.sarif")" ] && ok ||
	bad "a second run changed the fingerprints"

# Another text on the finding's own line is another finding.
sed 's/f_kp_stamp;/f_kp_stamp2;/' examples/data-layout-ko.patch >"$t/renamed.patch"
"$kp" --no-tree -f sarif -o "$t/renamed.sarif" "$t/renamed.patch" >/dev/null 2>&1
[ "$(prints "$t/renamed.sarif" | sed -n 1p | cut -d' ' -f2)" != \
  "$(prints "$t/data-layout-ko.sarif" | sed -n 1p | cut -d' ' -f2)" ] && ok ||
	bad "the line's new text kept the fingerprint"

# Source tier, on the real file: a scratch tree whose include/linux/fs.h
# has 7 more lines at its top (a comment), judged with the shifted patch.
KTREE=${KTREE:-$(sh scripts/ktree.sh --ready)}
if [ -n "$KTREE" ]; then
	s=$t/tree
	cp -al "$KTREE" "$s" 2>/dev/null || cp -a "$KTREE" "$s"
	rm -f "$s/include/linux/fs.h"
	{ printf '/*\n * 1\n * 2\n * 3\n * 4\n * 5\n */\n'; cat "$KTREE/include/linux/fs.h"; } \
		>"$s/include/linux/fs.h"
	"$kp" -C "$KTREE" -f sarif -o "$t/src.sarif" examples/data-layout-ko.patch >/dev/null 2>&1
	"$kp" -C "$s" -f sarif -o "$t/src.shifted.sarif" "$t/data-layout-ko.shifted.patch" >/dev/null 2>&1
	prints "$t/src.sarif" >"$t/a" 2>/dev/null
	prints "$t/src.shifted.sarif" >"$t/b" 2>/dev/null
	if [ -s "$t/a" ] && [ "$(cut -d' ' -f1,2 "$t/a")" = "$(cut -d' ' -f1,2 "$t/b")" ] &&
		[ "$(cut -d' ' -f3 "$t/a" | head -1)" -eq $(($(cut -d' ' -f3 "$t/b" | head -1) - 7)) ]; then
		ok
	else
		bad "source tier: fingerprints moved with the lines:"; paste "$t/a" "$t/b"
	fi
	rm -rf "$s"
else
	echo "fingerprint: no prepared tree: the source-tier case is skipped"
fi
echo "fingerprint: $pass passed, $fail failed"
[ $fail = 0 ]
