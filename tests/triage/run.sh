#!/bin/bash
# kpcheck triage on a folder of good and bad patches (patch tier, no
# tree): exit codes, each bad input named once, the rows, the JSON parsed
# back and compared with plain kpcheck's verdict of each patch, -o DIR,
# --markdown, and a format-patch stream on stdin with --each.
#   tests/triage/run.sh [BUILD_DIR]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build}/kpcheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else ko "$1"; fi; }

c=$root/tests/corpus
mkdir "$tmp/in"
for f in changed-function-ok init-code-ko no-functional-change-ko \
	 data-layout-ko format-mbox-series bad-hunk-counts bad-path-outside; do
	cp "$c/$f.patch" "$tmp/in/"
done
echo "not a patch" > "$tmp/in/README"	# not *.patch: not an input
: > "$tmp/in/empty.diff"

# a folder with good and bad patches, plus a missing file
"$bin" triage -j 2 "$tmp/in" "$tmp/missing.patch" > "$tmp/out" 2> "$tmp/err"
check "bad inputs exit 2" '[ $? -eq 2 ]'
for b in bad-hunk-counts.patch bad-path-outside.patch empty.diff missing.patch; do
	check "$b named once" '[ "$(grep -c "$b" "$tmp/err")" -eq 1 ]'
done
check "README is no input" '! grep -q README "$tmp/err" "$tmp/out"'
check "the good ones judged" 'grep -q "init-code" "$tmp/out" && grep -q "cmdline_proc_show" "$tmp/out"'
check "summary line" 'grep -q "^5 patches, 4 bad inputs" "$tmp/out"'
check "verdict table" 'grep -Eq "^not-eligible +2$" "$tmp/out"'

# all good: exit 0
"$bin" triage "$c/changed-function-ok.patch" "$c/init-code-ko.patch" > /dev/null 2>&1
check "all judged exit 0" '[ $? -eq 0 ]'

# JSON: one document, every report, the verdicts of plain kpcheck
"$bin" triage -f json -o "$tmp/reports" "$tmp/in" > "$tmp/json" 2> /dev/null
check "json exit 2" '[ $? -eq 2 ]'
python3 - "$tmp/json" "$bin" "$tmp/in" > "$tmp/pyout" 2>&1 <<'PY'
import json, subprocess, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == 1 and len(doc["patches"]) == 5, len(doc["patches"])
assert len(doc["bad"]) == 3, doc["bad"]
judged = [p for p in doc["patches"] if p["status"] != "bad"]
assert len(judged) == 5, judged
for p in judged:
    name = p["input"].split("#")[0]
    if "#" in name or "format-mbox" in name:
        continue
    one = json.loads(subprocess.run([sys.argv[2], "-f", "json", name],
                     capture_output=True, text=True).stdout)
    assert p["report"]["verdict"] == one["verdict"], (name, p["report"]["verdict"], one["verdict"])
    assert p["exit_code"] == one["exit_code"], name
    assert p["report"]["findings"] == one["findings"], name
assert doc["summary"]["verdicts"] == {"eligible": 2, "not-eligible": 2, "nothing-to-patch": 1}, doc["summary"]
print("ok")
PY
check "json parses back, same verdicts as kpcheck" 'grep -qx ok "$tmp/pyout" || { cat "$tmp/pyout"; false; }'
check "-o DIR: one report per judged patch" '[ "$(ls "$tmp/reports" | wc -l)" -eq 5 ]'
check "-o DIR reports are JSON" 'python3 -m json.tool "$tmp/reports/0001-changed-function-ok.patch.json" > /dev/null'

# markdown
"$bin" triage --markdown "$c/init-code-ko.patch" > "$tmp/md" 2>&1
check "markdown table" 'grep -q "^|---:|" "$tmp/md" && grep -q "^| init-code | 1 |$" "$tmp/md"'

# a backlog whose patches meet in one function: the overlap named, with
# the rows, as kpcheck build's note names it for a cumulative module
"$bin" triage "$c/changed-function-ok.patch" "$c/init-code-ko.patch" \
	"$c/new-function-ok.patch" > "$tmp/ov" 2>&1
check "overlap noted" 'grep -qx "fs/proc/cmdline.c: note: '"'cmdline_proc_show'"' is changed by patches 1 and 3: build the livepatches cumulatively (each one replacing the previous) or as one" "$tmp/ov"'
check "one overlap" '[ "$(grep -c "is changed by patches" "$tmp/ov")" -eq 1 ]'
"$bin" triage --markdown "$c/changed-function-ok.patch" "$c/new-function-ok.patch" > "$tmp/ovmd" 2>&1
check "overlap table" 'grep -qx "| fs/proc/cmdline.c | cmdline_proc_show | 1, 2 |" "$tmp/ovmd"'
"$bin" triage -f json "$c/changed-function-ok.patch" "$c/init-code-ko.patch" "$c/new-function-ok.patch" |
	python3 -c 'import json, sys; o = json.load(sys.stdin)["overlaps"]
assert o == [{"file": "fs/proc/cmdline.c", "function": "cmdline_proc_show", "patches": [1, 3]}], o' \
	> "$tmp/ovjson" 2>&1
check "overlaps in JSON" '[ ! -s "$tmp/ovjson" ] || { cat "$tmp/ovjson"; false; }'
"$bin" triage "$c/changed-function-ok.patch" "$c/init-code-ko.patch" > "$tmp/noov" 2>&1
check "no overlap, no note" '! grep -q "is changed by patches" "$tmp/noov"'

# a format-patch stream on stdin, each mail alone
cat "$c/format-mbox-dependent.patch" | "$bin" triage --each - > "$tmp/each" 2>&1
check "--each: one row per mail" 'grep -q "^2 patches, 0 bad" "$tmp/each"'
"$bin" triage - < "$c/format-mbox-dependent.patch" > "$tmp/whole" 2>&1
check "without --each a dependent series is one row" 'grep -q "^1 patches, 0 bad" "$tmp/whole"'

# usage errors
"$bin" triage -j 0 "$c/init-code-ko.patch" > /dev/null 2>&1
check "-j 0 refused" '[ $? -eq 2 ]'
"$bin" triage --help | grep -q "kpcheck triage"
check "--help" '[ $? -eq 0 ]'

echo "triage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
