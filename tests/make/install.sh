#!/bin/sh
# `make install` into a DESTDIR under $TMPDIR, then the staged binary,
# run from there with no hint where its parts are: it must load its own
# plugins from PREFIX/lib/kpcheck (the source tier on the prepared tree
# $KTREE, the object tier on two small objects) and report what the build
# directory's binary reports.  Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
: "${KTREE:?the prepared kernel tree (sh scripts/ktree.sh)}"
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-install.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
prefix=/opt/kpcheck
stage=$t/stage$prefix
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
unset KPCHECK_LIBDIR KPCHECK_KMOD_DIR

if ! ${MAKE:-make} --no-print-directory install PREFIX=$prefix DESTDIR="$t/stage" >"$t/log" 2>&1; then
	cat "$t/log"; bad "make install"
	echo "install: $pass passed, $fail failed"; exit 1
fi
for f in bin/kpcheck lib/kpcheck/kpcheck-source.so lib/kpcheck/kpcheck-object.so \
	share/man/man1/kpcheck.1 share/kpcheck/kmod/kpcore.h share/kpcheck/kmod/Kbuild \
	share/kpcheck/kmod/kpcore_main.c share/kpcheck/shadow/shadow.h; do
	if [ -f "$stage/$f" ]; then ok; else bad "not installed: $prefix/$f"; fi
done

# Both binaries on the same input: same output and exit status, and the
# staged one loaded its plugin (@want: a finding only that tier makes).
same() {
	what=$1 want=$2
	shift 2
	(cd "$t" && "$root/build/kpcheck" "$@") >"$t/built.out" 2>"$t/built.err"
	built=$?
	(cd "$t" && "$stage/bin/kpcheck" "$@") >"$t/staged.out" 2>"$t/staged.err"
	staged=$?
	if grep -q 'cannot load' "$t/staged.err" "$t/staged.out"; then
		bad "$what: the staged binary did not load its plugin:"; cat "$t/staged.err"
	elif [ "$built" != "$staged" ] || ! cmp -s "$t/built.out" "$t/staged.out"; then
		bad "$what: exit $staged, not $built, or other output:"
		diff "$t/built.out" "$t/staged.out" | head -10
	elif ! grep -qF -- "$want" "$t/staged.out"; then
		bad "$what: no '$want' in:"; head -5 "$t/staged.out"
	else
		ok
	fi
}

# signature-change is a rule of the source tier only.
same "source tier" "[signature-change]" \
	-C "$KTREE" "$root/tests/corpus/source/signature-change-ko.patch"

printf 'int f(int x)\n{\n\treturn x + 1;\n}\n' >"$t/a.c"
printf 'int f(int x)\n{\n\treturn x + 2;\n}\n' >"$t/b.c"
for o in a b; do
	gcc -O2 -ffunction-sections -c -o "$t/$o.o" "$t/$o.c" || bad "gcc $o.c"
done
same "object tier" "f" objdiff a.o b.o

# Without its plugin the staged binary names the one it looked for.
rm "$stage/lib/kpcheck/kpcheck-source.so"
"$stage/bin/kpcheck" -C "$KTREE" tests/corpus/source/signature-change-ko.patch >"$t/out" 2>&1
if grep -qF "$stage/lib/kpcheck/kpcheck-source.so" "$t/out"; then ok; else
	bad "missing plugin: its path is not named:"; head -3 "$t/out"
fi

${MAKE:-make} --no-print-directory uninstall PREFIX=$prefix DESTDIR="$t/stage" >"$t/log" 2>&1
left=$(find "$stage" -type f | sed "s|^$stage/||")
if [ -z "$left" ]; then ok; else bad "make uninstall left: $left"; fi

echo "install: $pass passed, $fail failed"
[ $fail = 0 ]
