#!/bin/sh
# kpcheck triage --html in headless Chromium (Debian's chromium): the page
# of a triage of the bundled examples and the patch-tier corpus (good,
# not eligible, nothing to patch and bad inputs) must
#   - be one file that loads nothing from elsewhere (no src= or href= to a
#     URL, no @import or url() in its style, no font);
#   - render: a screenshot of it is written and is a real PNG;
#   - sort and filter its table, fill a fix's detail view, with no console
#     error: tests/html/check.js, run inside a copy of the page, prints
#     "ok ..." / "FAIL ..." lines into the DOM that --dump-dom gives back.
#   tests/html/run.sh [BUILD_DIR]     Ends with "html: N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
O=$(cd "${1:-$root/build}" && pwd)
cd "$root"
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-html.XXXXXX") || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
command -v chromium >/dev/null || { echo "FAIL no chromium (scripts/deps.sh installs it)"; exit 1; }
# headless, no sandbox (root in CI), no profile left behind, no network
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$t/profile" --proxy-server=127.0.0.1:9 \
		--window-size=1280,1600 "$@" 2>>"$t/chrome.log"
}

"$O/kpcheck" triage -j 2 --html -o "$t/out" examples/ $(ls tests/corpus/*.patch) \
	>"$t/summary" 2>"$t/err"
page=$t/out/index.html
[ -s "$page" ] && ok || { bad "no $page"; cat "$t/err"; exit 1; }

if grep -Eiq '(src|href)="?(https?:|//)|@import|url\(|@font-face' "$page"; then
	bad "the page loads from elsewhere: $(grep -Eio '(src|href)="?(https?:|//)[^ ]*|@import|url\(|@font-face' "$page" | head -3)"
else
	ok
fi
[ "$(grep -c '<svg' "$page")" = 2 ] && ok || bad "not 2 inline SVG charts"

chrome --screenshot="$t/shot.png" "file://$page" >/dev/null
if [ "$(head -c 8 "$t/shot.png" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] &&
	[ "$(stat -c %s "$t/shot.png")" -gt 10000 ]; then
	ok
	[ -z "${KPCHECK_ARTIFACTS:-}" ] || { mkdir -p "$KPCHECK_ARTIFACTS"; cp "$t/shot.png" "$KPCHECK_ARTIFACTS/"; }
else
	bad "no screenshot"; tail -5 "$t/chrome.log"
fi

# The copy with the checks: errors.js before the page's script, check.js after.
# (files read by getline: awk -v would turn their "\n" into line ends)
awk '
	function put(f,  l) { print "<script>"; while ((getline l < f) > 0) print l; print "</script>" }
	/<script type="application\/json"/ && !done1 { put("tests/html/errors.js"); done1 = 1 }
	/<\/body>/ { put("tests/html/check.js") }
	{ print }' "$page" >"$t/test.html"
chrome --virtual-time-budget=5000 --dump-dom "file://$t/test.html" >"$t/dom"
sed -n '/<pre id="html-test">/,/<\/pre>/p' "$t/dom" | sed 's/<[^>]*>//g' >"$t/results"
[ -s "$t/results" ] || { bad "the checks did not run in the page"; tail -5 "$t/chrome.log"; }
while IFS= read -r line; do
	case $line in
	"ok "*) ok ;;
	"FAIL "*) bad "${line#FAIL }" ;;
	esac
done <"$t/results"
# --html without -o DIR: a usage error, nothing written.
(cd "$t" && "$O/kpcheck" triage --html "$root/examples" >/dev/null 2>"$t/err")
[ $? = 2 ] && grep -q "needs -o DIR" "$t/err" && ok || bad "--html without -o: $(cat "$t/err")"
echo "html: $pass passed, $fail failed"
[ $fail = 0 ]
