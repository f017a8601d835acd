#!/bin/bash
# Judge real fixes as a livepatch team would meet them, and count where
# kpcheck disagrees with the verdict written down for each one.
#
#   tests/bench/real-fixes.sh [-o RESULTS.tsv] [NAME-GLOB]
#
# Two sets:
#  - stable: /work/shared/real-fixes/6.1-stable (REAL_FIXES=DIR), every fix
#    whose INDEX.tsv says it reverse-applies.  Each is already in the Debian
#    tree, so it is taken out of a scratch copy first (cp -al once, then per
#    fix real copies of only the touched files and `patch -R -F0`), and
#    `kpcheck -C SCRATCH fix.patch` runs on that.  The patch tier alone
#    (`kpcheck fix.patch`, no tree) runs on every fix of the set.
#  - kpatch: kpatch's integration cases (KPATCH_REPO, a bare git dir), every
#    distinct .patch of test/integration/*/ that applies to the Debian tree
#    forward without fuzz; run with -C on the tree itself.
# The expected verdicts are in tests/bench/real-verdicts.tsv (name, set,
# verdict eligible|refuse|nothing (exit 3), the rule a refusal must
# carry, reason): FP is a "not eligible" (exit 1) where the verdict is
# eligible or nothing, FN a refusal missed, FN-rule one for another rule.  The results
# (one row per run: set, tier, name, exit, seconds, error rules, expected,
# class FP/FN/ok) go to RESULTS (default build/real-fixes.tsv); a summary
# is printed.  The scratch tree is SCRATCH (default /tmp/kpcheck-real-$UID);
# its touched files are linked back after each fix.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=build/real-fixes.tsv
[ "${1:-}" = -o ] && { out=$2; shift 2; }
glob=${1:-*}
fixes=${REAL_FIXES:-/work/shared/real-fixes/6.1-stable}
kpatch=${KPATCH_REPO:-/work/.mirror/dynup+kpatch/repo}
verdicts=tests/bench/real-verdicts.tsv
kp=${KPCHECK:-$root/build/kpcheck}
ktree=$(sh scripts/ktree.sh) || exit 2
scratch=${SCRATCH:-/tmp/kpcheck-real-$(id -u)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A hard-linked copy of the tree, made once and reused: the prepared
# tree's marker file must be the same inode, or the tree was prepared again.
if ! [ "$scratch/.kpcheck-prepared" -ef "$ktree/.kpcheck-prepared" ]; then
	rm -rf "$scratch"
	cp -al "$ktree" "$scratch" || { echo "cannot link $ktree to $scratch" >&2; exit 2; }
fi

touched() { sed -n 's|^--- a/||p; s|^+++ b/||p' "$1" | sed 's/\t.*//' | sort -u; }

# Link every touched file back to the prepared tree's copy.
restore() {
	local f
	for f in $(touched "$1"); do
		if [ -e "$ktree/$f" ]; then
			ln -f "$ktree/$f" "$scratch/$f"
		else
			rm -f "$scratch/$f"
		fi
	done
}

# Take the fix out of the scratch tree; returns 1 when it does not reverse.
unapply() {
	local f
	for f in $(touched "$1"); do
		[ -f "$scratch/$f" ] && cp --remove-destination "$ktree/$f" "$scratch/$f"
	done
	patch -p1 -R -F0 -s -f -d "$scratch" -i "$1" >/dev/null 2>&1 ||
		{ restore "$1"; return 1; }
}

expect() {	# name set -> "verdict<TAB>rule"
	awk -F'\t' -v n="$1" -v s="$2" '$1 == n && $2 == s { print $3 "\t" $4; exit }' "$verdicts"
}

# run SET TIER NAME PATCH [TREE]: one kpcheck run, one result row.
run() {
	local set=$1 tier=$2 name=$3 p=$4 tree=${5:-} t0 t1 rc rules want wrule cls
	t0=$(date +%s.%N)
	if [ -n "$tree" ]; then
		"$kp" -C "$tree" "$p" >"$tmp/o" 2>&1
	else
		"$kp" "$p" >"$tmp/o" 2>&1
	fi
	rc=$?
	t1=$(date +%s.%N)
	rules=$(sed -n 's/.*: error: .*\[\([a-z-]*\)\]$/\1/p' "$tmp/o" | sort -u | paste -sd, -)
	IFS=$'\t' read -r want wrule <<<"$(expect "$(basename "$name")" "$set")"
	case "$want:$rc" in
	eligible:1|nothing:1) cls=FP ;;
	nothing:*) cls=ok ;;	# exit 0 builds nothing: no refusal missed
	refuse:1) cls=ok
		[ -n "$wrule" ] && [[ ",$rules," != *",$wrule,"* ]] && cls=FN-rule ;;
	refuse:*) cls=FN ;;
	eligible:*) cls=ok ;;
	*) cls=unjudged ;;
	esac
	[ "$rc" = 2 ] && cls=error
	printf '%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n' "$set" "$tier" "$name" "$rc" \
		"$(echo "$t1 - $t0" | bc)" "${rules:--}" "${want:--}" "$cls" >>"$out"
	[ -n "${VERBOSE:-}" ] && [ "$cls" != ok ] && { echo "== $set/$tier $name: $cls"; cat "$tmp/o"; }
	return 0
}

mkdir -p "$(dirname "$out")"
: >"$out"

# stable fixes
while IFS=$'\t' read -r f rel subj files rev; do
	[ "$f" = file ] && continue
	rev=${rev##*$'\t'}	# the last column (6.12's index has lines_changed before it)
	[[ "$f" == $glob ]] || continue
	run stable patch "$f" "$fixes/$f"
	[ "$rev" = yes ] || continue
	if unapply "$fixes/$f"; then
		run stable source "$f" "$fixes/$f" "$scratch"
		restore "$fixes/$f"
	else
		printf 'stable\tsource\t%s\t-\t0\t-\t-\tnot-reversed\n' "$f" >>"$out"
	fi
done <"$fixes/INDEX.tsv"

# kpatch integration cases: one per test name, from the newest directory
# (linux-* first, then the distributions) whose copy applies forward to
# the Debian tree without fuzz
mkdir -p "$tmp/kp"
git -C "$kpatch" ls-tree -r --name-only HEAD test/integration |
	awk '/\.patch$/' >"$tmp/kp/all"
for d in $(sed 's|/[^/]*$||' "$tmp/kp/all" | sort -u | awk '{ print (/linux-/ ? 0 : 1), $0 }' |
	sort -k1,1n -k2,2Vr | cut -d' ' -f2); do
	for path in $(grep "^$d/" "$tmp/kp/all"); do
		base=$(basename "$path")
		[ -e "$tmp/kp/$base" ] && continue
		name=$(basename "$d")/$base
		[[ "$name" == $glob ]] || continue
		git -C "$kpatch" show "HEAD:$path" >"$tmp/kp/p"
		patch -p1 -F0 -s -f --dry-run -d "$ktree" -i "$tmp/kp/p" >"$tmp/kp/dry" 2>&1 || continue
		grep -q fuzz "$tmp/kp/dry" && continue
		cp "$tmp/kp/p" "$tmp/kp/$base"
		run kpatch source "$name" "$tmp/kp/$base" "$ktree"
		run kpatch patch "$name" "$tmp/kp/$base"
	done
done

# summary per set and tier
for k in $(cut -f1,2 "$out" | tr '\t' / | sort -u); do
	rows=$(awk -F'\t' -v k="$k" '$1 "/" $2 == k' "$out")
	med=$(printf '%s\n' "$rows" | awk -F'\t' '$5 > 0 { print $5 }' | sort -n |
		awk '{ v[NR] = $1 } END { printf "%.2f", NR ? v[int((NR + 1) / 2)] : 0 }')
	printf '%s\n' "$rows" | awk -F'\t' -v k="$k" -v med="$med" '
		{ n++; c[$8]++ }
		END { printf "%-14s %3d runs  FP %2d  FN %2d  FN-rule %2d  unjudged %2d  error %d  median %ss\n",
			k, n, c["FP"], c["FN"], c["FN-rule"], c["unjudged"], c["error"], med }'
done
