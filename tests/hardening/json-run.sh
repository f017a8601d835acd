#!/bin/sh
# Run a kpcheck command whose report is JSON or SARIF and check that the
# report parses (python3 -m json.tool), whatever bytes the patch held.
#   tests/hardening/json-run.sh kpcheck -f json PATCH
# Prints the report as json.tool normalizes it (non-ASCII as \uXXXX), so
# a corpus case can look for U+FFFD; exits with kpcheck's status, or 98
# when the report is not JSON.
set -u
out=$(mktemp "${TMPDIR:-/tmp}/kpcheck-json.XXXXXX") || exit 97
trap 'rm -f "$out"' EXIT
sh "$(dirname "$0")/bounded.sh" "$@" >"$out"
rc=$?
python3 -m json.tool "$out" || { echo "json-run.sh: the report is not JSON" >&2; exit 98; }
exit $rc
