#!/bin/bash
# Corpus runner; the case format is documented in tests/README.md.
# Each case is a patch whose tags, before the first "diff" line, say which
# command to run and what it must print and exit with.  Cases run from the
# repository root with build/ first in PATH, $file set to the case and
# $KTREE to the prepared Debian tree.
#   tests/corpus/run.sh [--tier patch|tree] [CASE...]
# Default: every tests/corpus/**/*.patch.  --tier keeps the cases of one
# tier: "tree" cases name $KTREE in their command, "patch" cases do not
# and run without the tree (whether they apply to it is then not checked).
# With $KPCHECK_ARTIFACTS set, a failed case leaves its stdout, stderr and
# diff there.  Prints one line per failure and ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
: "${KPCHECK_BIN:=$root/build}"
export PATH="$KPCHECK_BIN:$PATH"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The tier of a case: does its command use the prepared tree?
case_tier() {
	if sed -n '/^diff /q; s/^kpcheck-command://p' "$1" | grep -q 'KTREE'; then
		echo tree
	else
		echo patch
	fi
}

tier=
if [ "${1:-}" = --tier ]; then
	tier=${2:-}
	case $tier in patch|tree) ;; *) echo "run.sh: --tier patch|tree" >&2; exit 2 ;; esac
	shift 2
fi
# Keep what a failed case printed, for the reader of a failed check.
keep_artifacts() {
	local base
	[ -n "${KPCHECK_ARTIFACTS:-}" ] || return 0
	mkdir -p "$KPCHECK_ARTIFACTS" || return 0
	base=$KPCHECK_ARTIFACTS/$(echo "${1%.patch}" | tr / _)
	for f in stdout stderr diff; do
		[ -f "$tmp/$f" ] && cp "$tmp/$f" "$base.$f"
	done
	echo "  (its output: $base.stdout, .stderr)"
}

pass=0 fail=0
for c in ${cases[@]+"${cases[@]}"}; do
	rm -f "$tmp/stdout" "$tmp/stderr" "$tmp/diff"
	reason=$(check_case "$c")
	rc=$?
	known=no
	[ -f "$tmp/known" ] && known=yes
	if [ $rc = 0 ] && [ $known = yes ]; then
		echo "FAIL $c: known to fail, but passed"; fail=$((fail + 1))
	elif [ $rc = 0 ] || [ $known = yes ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $c: $reason"; fail=$((fail + 1))
		keep_artifacts "$c"
	fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
