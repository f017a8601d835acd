#!/bin/sh
# kpcheck --git on a real git repository: a scratch copy of some of the
# Debian tree's directories (those the tree check and the fix need),
# committed as the base with a real stable fix taken out, then the fix
# committed with git am, then a later commit that edits the same file.
# Each commit must be judged against its parent's files: the fix's report
# is the one `kpcheck -C PARENT fix.patch` gives on a plain copy of the
# parent (git archive), though the checkout already holds the later
# commit; the checkout, index and HEAD stay as they were; ranges, REV-N,
# triage --git and bad revisions (exit 2, one message).
#   tests/git/run.sh [BUILD_DIR]      ($KTREE: the prepared tree)
# Ends with "git: N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
O=$(cd "${1:-$root/build}" && pwd)
kp=$O/kpcheck
KTREE=${KTREE:-$(sh "$root/scripts/ktree.sh")} || exit 2
fix=/work/shared/real-fixes/6.1-stable/6.1.2-acct-fix-potential-integer-overflow-in-encode_comp_t.patch
[ -f "$fix" ] || fix=$root/tests/corpus/real/acct-encode-comp-t.patch
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-git.XXXXXX") || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
g() { git -C "$t/repo" -c user.name=kpcheck -c user.email=kpcheck@localhost "$@"; }

# The repository: what tree_validate() looks for, the headers and kernel/.
mkdir "$t/repo"
(cd "$KTREE" && cp -a --parents Makefile Kconfig .config include kernel arch/x86/include "$t/repo/")
patch -s -p1 -R -d "$t/repo" <"$fix" || { echo "FAIL the fix does not reverse-apply"; exit 1; }
g init -q
g -c core.compression=0 add -A
g commit -q -m "base: Debian's 6.1 tree, before the fix"
g am -q <"$fix" || { echo "FAIL git am of the fix"; exit 1; }
sed -i '1a /* a later edit of the file, after the fix */' "$t/repo/kernel/acct.c"
g commit -q -a -m "acct: a later edit above the fix"
index=$(md5sum <"$t/repo/.git/index") head=$(g rev-parse HEAD)

# The fix as git has it (its hunks where the parent has their lines),
# judged as a plain patch against a copy of its parent.
# The copy keeps the files git ignores (include/generated, the .config's
# answers), as the checkout has them: only the commits are taken back.
mkdir "$t/parent"
(cd "$t/repo" && tar -c --exclude=.git .) | tar -x -C "$t/parent"
g diff HEAD~2 HEAD | patch -s -R -p1 -d "$t/parent" || bad "the parent's copy"
g format-patch -1 --stdout HEAD~1 >"$t/fix.patch"
(cd "$t" && "$kp" -C "$t/parent" fix.patch) >"$t/want" 2>"$t/want.err"
want=$?
(cd "$t" && "$kp" -C "$t/repo" -g HEAD~1) >"$t/got" 2>"$t/got.err"
got=$?
if [ "$got" = "$want" ] && diff -u "$t/want" "$t/got" >"$t/diff"; then
	ok
else
	bad "-g HEAD~1 (exit $got, want $want) differs from the fix on its parent:"
	head -20 "$t/diff"; head -5 "$t/got.err"
fi
grep -q '^verdict: ' "$t/got" && ok || bad "-g HEAD~1: no verdict line"

# Against the checkout (the later edit above it), the fix's lines moved:
# had --git read the checkout, its hunk would sit 1 line lower.
(cd "$t/repo" && "$kp" -g HEAD~1 2>&1 >/dev/null) | grep -q 'offset' &&
	bad "-g read the checkout, not the parent" || ok

# The checkout, index and HEAD are as they were.
[ -z "$(g status --porcelain)" ] && ok || bad "the checkout changed: $(g status --porcelain | head -3)"
[ "$(md5sum <"$t/repo/.git/index")" = "$index" ] && ok || bad "the index was written"
[ "$(g rev-parse HEAD)" = "$head" ] && ok || bad "HEAD moved"

# Ranges: A..B, REV-N and the tree found from the current directory.
(cd "$t/repo" && "$kp" -g HEAD~2..HEAD) >"$t/range" 2>"$t/range.err"
grep -q '^verdict: series of 2 patches' "$t/range" && ok ||
	{ bad "-g HEAD~2..HEAD: not 2 commits"; tail -3 "$t/range" "$t/range.err"; }
(cd "$t/repo" && "$kp" -g HEAD-2) >"$t/count" 2>/dev/null
cmp -s "$t/range" "$t/count" && ok || bad "-g HEAD-2 is not HEAD~2..HEAD"
(cd "$t/repo" && "$kp" -f json -g HEAD~1) >"$t/json" 2>/dev/null
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$t/json" && ok || bad "-f json -g: no JSON"

# triage --git: one row per commit.
"$kp" triage -C "$t/repo" --git HEAD~2..HEAD -f json >"$t/triage" 2>"$t/triage.err"
rc=$?
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["patches"]))' "$t/triage" 2>/dev/null)
[ "$rc" = 0 ] && [ "$n" = 2 ] && ok || { bad "triage --git HEAD~2..HEAD: exit $rc, $n rows"; head -3 "$t/triage.err"; }

# Bad revisions: exit 2, one line naming it, nothing on stdout.
for rev in no-such-rev HEAD..no-such-rev HEAD..HEAD "-x"; do
	"$kp" -C "$t/repo" --git="$rev" >"$t/out" 2>"$t/err"
	rc=$?
	if [ $rc = 2 ] && [ ! -s "$t/out" ] && [ "$(wc -l <"$t/err")" = 1 ] &&
		grep -qF -- "'$rev'" "$t/err"; then
		ok
	else
		bad "--git=$rev: exit $rc, stderr: $(head -2 "$t/err")"
	fi
done
"$kp" triage -C "$t/repo" --git no-such-rev >"$t/out" 2>"$t/err"
[ $? = 2 ] && grep -q "no-such-rev" "$t/err" && ok || bad "triage --git no-such-rev"
"$kp" -C "$t/repo" -g HEAD "$fix" >/dev/null 2>"$t/err"
[ $? = 2 ] && ok || bad "-g with a patch as well was taken"
"$kp" -C "$t/parent" -g HEAD >/dev/null 2>"$t/err"
[ $? = 2 ] && grep -q "git repository" "$t/err" && ok || bad "-g outside a repository: $(cat "$t/err")"

echo "git: $pass passed, $fail failed"
[ $fail = 0 ]
