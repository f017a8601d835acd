#!/bin/sh
# kpatch's integration cases (dynup/kpatch test/integration) through
# `kpcheck --objects` on the prepared Debian tree: every case that applies
# to it without fuzz.  kpatch builds and loads each case as a livepatch,
# except the *-FAIL ones, which kpatch-build must refuse; kpcheck must say
# the same (exit 0; 1 or 3 for -FAIL).  Cases come from $KPATCH_MIRROR (the
# bare snapshot), directories $KPATCH_INTEGRATION_DIRS (default
# linux-6.2.0, the upstream release next to Debian's 6.1).
#   reference-integration.sh KPCHECK
kpcheck=$1
mirror=${KPATCH_MIRROR:-/work/.mirror/dynup+kpatch/repo}
dirs=${KPATCH_INTEGRATION_DIRS:-linux-6.2.0}
here=$(cd "$(dirname "$0")/../.." && pwd)

if [ ! -d "$mirror" ]; then
	echo "make reference: no kpatch snapshot at $mirror (set KPATCH_MIRROR): integration cases skipped" >&2
	exit 2
fi
ktree=$(sh "$here/scripts/ktree.sh") || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in $dirs; do
	git -C "$mirror" archive HEAD "test/integration/$d" | tar -x -C "$tmp" || exit 2
done

echo "| kpatch integration case | applies | kpcheck --objects | expected | agree |"
echo "|---|---|---|---|---|"
pass=0 fail=0
for p in "$tmp"/test/integration/*/*.patch; do
	name=${p#"$tmp"/test/integration/}
	# kpatch-build refuses a -FAIL case, whether it finds an error or
	# nothing to patch: kpcheck's 1 and 3 both agree
	case $name in *-FAIL.patch) want="1|3" ;; *) want=0 ;; esac
	if ! patch -p1 --dry-run -F0 -s -d "$ktree" <"$p" >/dev/null 2>&1; then
		echo "| $name | no (fuzz or rejects) | - | $want | - |"
		continue
	fi
	nice "$kpcheck" --objects -C "$ktree" "$p" >"$tmp/out" 2>&1
	rc=$?
	case "|$want|" in
	*"|$rc|"*) ok=yes pass=$((pass + 1)) ;;
	*) ok=NO fail=$((fail + 1)) ;;
	esac
	echo "| $name | yes | $rc ($(grep -m1 '^verdict:' "$tmp/out" | cut -c10-)) | $want | $ok |"
done
echo
echo "$pass of $((pass + fail)) applicable integration cases agree"
[ "$fail" = 0 ]
