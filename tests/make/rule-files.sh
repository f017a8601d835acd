#!/bin/sh
# A row of rules/rules.def whose rules/<id>.c is missing, or whose file has
# no opening comment (the `kpcheck explain` text), fails the build with one
# message naming the row or the file, before anything is compiled; so does
# a file removed after a build.  Each case edits a copy of the sources in
# $TMPDIR; the repository is never written.  Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-rules.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# A fresh copy of the sources, without build outputs or git data.
copy() {
	rm -rf "$t/src"
	mkdir "$t/src"
	tar -C "$root" --exclude=./.git --exclude=./build --exclude='./build-*' -cf - . | tar -C "$t/src" -xf -
}

# make TARGET in the copy, as a make of its own (not the caller's jobs).
build() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$t/src" --no-print-directory "$@" \
		>"$t/out" 2>&1
}

# The build fails, says @msg, and compiled nothing.
expect_fail() {
	if build all; then
		bad "$1: the build passed"
	elif ! grep -qF -- "$2" "$t/out"; then
		bad "$1: no message '$2' in:"; head -5 "$t/out"
	elif [ -n "$(find "$t/src/build" -name '*.o' 2>/dev/null)" ]; then
		bad "$1: objects were compiled before the failure"
	else
		ok
	fi
}

def_line=$(grep -n '^RULE(LINE_SHIFT,' "$root/rules/rules.def" | cut -d: -f1)

copy
if build build/gen/rules-explain.h; then ok; else bad "intact copy: header not generated"; cat "$t/out"; fi

rm "$t/src/rules/line-shift.c"
expect_fail "missing rule file" \
	"rules/rules.def:$def_line: rule 'line-shift' has no file rules/line-shift.c"

copy
sed -i '1,/^ \*\/$/d' "$t/src/rules/line-shift.c"
expect_fail "rule file without its comment" \
	"rules/line-shift.c:1: rule 'line-shift' has no opening comment"

copy
sed -i '1,/^ \*\/$/c /*\n *\n */' "$t/src/rules/line-shift.c"
expect_fail "rule file with an empty comment" \
	"rules/line-shift.c:1: rule 'line-shift' has no opening comment"

# After a build: the removal shows in no timestamp, yet it is seen.
copy
build build/gen/rules-explain.h || bad "intact copy: header not generated"
rm "$t/src/rules/line-shift.c"
if build build/gen/rules-explain.h; then
	bad "file removed after a build: the header was kept"
elif ! grep -qF "has no file rules/line-shift.c" "$t/out"; then
	bad "file removed after a build: no message"; head -5 "$t/out"
else
	ok
fi

echo "rule files: $pass passed, $fail failed"
[ $fail = 0 ]
