#!/bin/sh
# make check-quick as a user who is not root and has no kernel tree: the
# sources and the build directory are copied to $TMPDIR (times kept, so
# nothing is rebuilt), given to nobody, made a git checkout of its own,
# and check-quick runs there with a bare environment (HOME=/nonexistent:
# no cache, no tree).  A failure keeps its output in $KPCHECK_ARTIFACTS.  Needs root to
# become nobody; run by another user it says so and passes.
# Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "quick-nonroot: not root, so this run is already one without root: skipped"
	echo "0 passed, 0 failed"
	exit 0
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-quick.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
chmod 755 "$t"
tar -C "$root" --exclude=./.git --exclude='./build-*' --exclude=./build/check \
	--exclude=./build/check-quick -cf - . | tar -C "$t" -xf -
chown -R nobody "$t"
start=$(date +%s)
# A checkout of its own (make layers lists the files with git ls-files).
setpriv --reuid=nobody --regid=nogroup --clear-groups \
	env -i PATH=/usr/bin:/bin HOME=/nonexistent sh -c \
	"cd '$t' && git init -q && git add -A && make check-quick" >"$t/out" 2>&1
rc=$?
secs=$(($(date +%s) - start))
# It ran, it passed, and it ran without the tree (the skips say so).
if [ $rc = 0 ] && grep -q '^[0-9]* passed, 0 failed$' "$t/out" &&
	grep -q '^SKIP test-cscan' "$t/out" && grep -q '^note: no prepared kernel tree' "$t/out"; then
	echo "check-quick as nobody, no tree: passed in ${secs}s"
	echo "1 passed, 0 failed"
else
	sed -n '/^group /,$p' "$t/out"
	grep '^FAIL' "$t/out" | head -20
	if [ -n "${KPCHECK_ARTIFACTS:-}" ] && mkdir -p "$KPCHECK_ARTIFACTS"; then
		cp "$t/out" "$KPCHECK_ARTIFACTS/check-quick.out"
		cp -r "$t/build/check-quick" "$KPCHECK_ARTIFACTS/" 2>/dev/null
		echo "its output: $KPCHECK_ARTIFACTS/check-quick.out, check-quick/"
	fi
	echo "check-quick as nobody, no tree: failed (exit $rc)"
	echo "0 passed, 1 failed"
	exit 1
fi
