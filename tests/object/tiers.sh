#!/bin/sh
# Run kpcheck with --format json and print each finding as
# "TIER RULE: MESSAGE", so a case can check which tier proved a finding;
# exits with kpcheck's status.
#   tests/object/tiers.sh KPCHECK-ARGS...
out=$(mktemp)
trap 'rm -f "$out"' EXIT
kpcheck --format json -o "$out" "$@"
rc=$?
python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print("%s %s: %s" % (f["tier"], f["rule"], f["message"]))
' "$out" || exit 125
exit $rc
