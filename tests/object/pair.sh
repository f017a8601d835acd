#!/bin/sh
# Build the objects OBJ... of the prepared Debian tree before and after the
# patch CASE, into OUT/orig/OBJ and OUT/patched/OBJ, for the object-tier
# cases.  The tree itself is never written: the builds run in a private
# mount namespace on an overlayfs whose upper layer persists in
# $KPCHECK_CACHE/object-tests, so kbuild's one-off preparation (asm-offsets
# and modpost for the -ffunction-sections flags) is paid once per machine.
#   tests/object/pair.sh CASE OUT OBJ...
set -eu
case=$(realpath "$1"); out=$(realpath -m "$2"); shift 2
KTREE=${KTREE:-$(sh scripts/ktree.sh)}
cache=${KPCHECK_CACHE:-$HOME/.cache/kpcheck}/object-tests
mkdir -p "$cache/upper" "$cache/work" "$cache/merged" "$out/orig" "$out/patched"
files=$(sed -n 's|^+++ b/||p' "$case")

restore() {
	for f in $files; do rm -f "$cache/upper/$f"; done
}

# Runs inside the namespace: $1 = orig|patched
build() {
	cd "$cache/merged"
	[ "$1" = patched ] && patch -p1 -s -f --no-backup-if-mismatch -i "$case" >/dev/null
	for o in $objs; do
		rm -f "$o"
		make -s CC=gcc-12 KCFLAGS='-ffunction-sections -fdata-sections' "$o" >&2
		mkdir -p "$(dirname "$out/$1/$o")"
		cp "$o" "$out/$1/$o"
	done
}

if [ "${PAIR_INNER:-}" ]; then
	objs="$*"
	mount -t overlay overlay -o "lowerdir=$KTREE,upperdir=$cache/upper,workdir=$cache/work" \
		"$cache/merged"
	build orig
	build patched
	exit 0
fi

# one build at a time per cache: the upper layer is shared
exec 9>"$cache/lock"
flock 9
restore
rc=0
PAIR_INNER=1 KTREE=$KTREE unshare -m sh "$0" "$case" "$out" "$@" || rc=$?
restore
exit $rc
