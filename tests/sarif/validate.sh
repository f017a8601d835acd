#!/bin/sh
# Validate kpcheck's SARIF with Microsoft's SARIF multitool, for every
# corpus case (tests/corpus/**/*.patch): each case's own command runs, as
# tests/corpus/run.sh runs it (repository root, $file, $KTREE, its -C),
# with a kpcheck first in PATH that adds "-f sarif -o FILE" (the last -f
# wins, and getopt takes options after the patch).  A case that expects a
# report (exit 0, 1 or 3) must leave one.  All reports then go to one
# multitool call.  The tool exits 0 even when it reports errors, so its
# output is read: any "file(l,c): error CODE" line fails the test, and so
# does a run that did not finish.
#   tests/sarif/validate.sh [CASE...]     (default: the whole corpus)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# One case: run its command; print its name if it expected a report and
# left none.  (Called as "validate.sh --one CASE" by the parallel run.)
run_case() {
	c=$1
	name=$(echo "$c" | tr / _)
	cmd=$(sed -n '/^diff /q; s/^kpcheck-command: //p' "$c" | head -1)
	want=$(sed -n '/^diff /q; s/^kpcheck-exit-value: //p' "$c" | head -1)
	if sed -n '/^diff /q; p' "$c" | grep -qx 'kpcheck-reverse: yes'; then
		# a fix the tree holds: judged with it taken out, as run.sh does
		. "$root/tests/corpus/reverse.sh"
		reverse_apply "$c" >/dev/null || { echo "FAIL $c: no scratch tree"; return; }
		SARIF_CASE=$name file=$c KTREE=$scratch PATH="$out/bin:$PATH" \
			timeout 300 sh -c "$cmd" >/dev/null 2>&1 </dev/null
		reverse_restore "$c"
	else
		SARIF_CASE=$name file=$c PATH="$out/bin:$PATH" \
			timeout 300 sh -c "$cmd" >/dev/null 2>&1 </dev/null
	fi
	find "$out/reports" -name "$name.*.sarif" -size -1c -delete
	case "${want:-0}" in
	0|1|3) ls "$out/reports/$name".*.sarif >/dev/null 2>&1 ||
		echo "FAIL $c: no SARIF report" ;;
	esac
}

if [ "${1:-}" = --one ]; then
	run_case "$2"
	exit 0
fi
: "${KPCHECK_BIN:=$root/build}"
KTREE=${KTREE:-$(sh scripts/ktree.sh)} || exit 2
out=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-sarif.XXXXXX")
trap 'rm -rf "$out"' EXIT
mkdir "$out/bin" "$out/reports"
cat >"$out/bin/kpcheck" <<EOF
#!/bin/sh
exec "$KPCHECK_BIN/kpcheck" "\$@" -f sarif -o "\$(mktemp "$out/reports/\$SARIF_CASE.XXXXXX.sarif")"
EOF
chmod +x "$out/bin/kpcheck"
export KTREE out KPCHECK_BIN	# pair.sh finds kbuild-pair there

# With the corpus, two object-tier cases: their `kpcheck objdiff` gets the
# same -f sarif -o, and its findings sit at "symbol()+0xoff" of an object
# (a logical location).
objcases="tests/object/static-local-rename-ko.patch tests/object/init-code-ko.patch"
if [ $# -eq 0 ]; then
	set -- $(find tests/corpus -name '*.patch' | sort) $objcases
fi
printf '%s\n' "$@" | sed "s|^$root/||" |
	nice xargs -P 2 -n 1 sh "$root/tests/sarif/validate.sh" --one >"$out/missing"
cases=$#
reports=$(ls "$out/reports" | wc -l)
npx --yes @microsoft/sarif-multitool@5.7.0 validate "$out"/reports/*.sarif \
	>"$out/log" 2>&1 || true
missing=$(wc -l <"$out/missing")
cat "$out/missing"
# a case fails once, whatever the number of errors in its reports
bad=$(grep ": error " "$out/log" | sed 's|^.*/reports/||; s|\.[^.]*\.sarif(.*||' | sort -u | wc -l)
grep ": error " "$out/log"
if ! grep -q "Analysis completed successfully" "$out/log"; then
	echo "FAIL: the validator did not finish:"; tail -5 "$out/log"
	bad=$((bad + 1))
fi
for c in $objcases; do
	case " $* " in *" $c "*) ;; *) continue ;; esac
	if ! grep -qs '"logicalLocations"' "$out/reports/$(echo "$c" | tr / _)".*.sarif; then
		echo "FAIL $c: no object-tier logical location"; bad=$((bad + 1))
	fi
done
fail=$((missing + bad))
echo "sarif: $reports reports of $cases cases validated"
echo "sarif: $((cases - fail)) passed, $fail failed"
[ "$fail" = 0 ] && [ "$reports" -gt 0 ]
