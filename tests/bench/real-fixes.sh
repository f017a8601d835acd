#!/bin/bash
# Judge real fixes as a livepatch team would meet them, and count where
# kpcheck disagrees with the verdict written down for each one.
#
#   tests/bench/real-fixes.sh [-o RESULTS.tsv] [--markdown] [NAME-GLOB]
#
# Two sets:
#  - stable: /work/shared/real-fixes/$KVER-stable (KVER=6.1 by default,
#    or 6.12; REAL_FIXES=DIR another), every fix whose INDEX.tsv says it
#    reverse-applies (its last column).  Each is already in the Debian
#    tree of that series (`KVER=... sh scripts/ktree.sh`, or KTREE=DIR),
#    so it is taken
#    out of a scratch copy first (cp -al once, then per fix real copies of
#    only the touched files and `patch -R -F0`), and
#    `kpcheck -C SCRATCH fix.patch` runs on that.  The patch tier alone
#    (`kpcheck fix.patch`, no tree) runs on every fix of the set.
#  - kpatch: kpatch's integration cases (KPATCH_REPO, a bare git dir), every
#    distinct .patch of test/integration/*/ that applies to the Debian tree
#    forward without fuzz; run with -C on the tree itself (6.1 only).
# The expected verdicts are in tests/bench/real-verdicts.tsv (name, set
# "stable" for 6.1, "stable-6.12" for 6.12, "kpatch"; verdict
# eligible|refuse|nothing (exit 3), the rule a refusal must carry,
# reason): FP is a "not eligible" (exit 1) where the verdict is eligible
# or nothing, FN a refusal missed, FN-rule one for another rule,
# FN-nothing "nothing to patch" (exit 3) for a fix that changes code.  The results
# (one row per run: set, tier, name, exit, seconds, error rules, expected,
# class FP/FN/ok) go to RESULTS (default build/real-fixes-$KVER.tsv); a summary
# is printed, and with --markdown the table for BENCHMARKS.md after it:
# every refusal and every "nothing to patch" of the source tier, with the
# verdict written down and its reason.  The scratch tree is SCRATCH
# (default /tmp/kpcheck-real-$UID-$KVER); its touched files are linked
# back after each fix.  The markdown starts with the date, the machine,
# the tree and the command: `make bench-real` prints both sets' tables,
# ready for BENCHMARKS.md.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
kver=${KVER:-6.1}
out=build/real-fixes-$kver.tsv
markdown=
while :; do
	case "${1:-}" in
	-o) out=$2; shift 2 ;;
	--markdown) markdown=1; shift ;;
	*) break ;;
	esac
done
glob=${1:-*}
fixes=${REAL_FIXES:-/work/shared/real-fixes/$kver-stable}
stable=stable
[ "$kver" = 6.1 ] || stable=stable-$kver
kpatch=${KPATCH_REPO:-/work/.mirror/dynup+kpatch/repo}
verdicts=tests/bench/real-verdicts.tsv
kp=${KPCHECK:-$root/build/kpcheck}
series_of() { sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p' "$1/Makefile" | paste -sd. -; }
ktree=${KTREE:-$(KVER=$kver sh scripts/ktree.sh)} || exit 2
# the tree must be of the series the fixes are for; a ktree.sh that does
# not know KVER prints the 6.1 tree: then the cache's prepared tree of
# that series (linux-source-6.12.* for 6.12) is the one
if [ -z "${KTREE:-}" ] && [ "$(series_of "$ktree")" != "$kver" ]; then
	for t in "${KPCHECK_CACHE:-$HOME/.cache/kpcheck}"/linux-source-"$kver".*/; do
		[ -f "$t.kpcheck-prepared" ] && ktree=${t%/}
	done
fi
series=$(series_of "$ktree")
[ "$series" = "$kver" ] ||
	{ echo "real-fixes: $ktree is a $series tree, not $kver (set KTREE=DIR)" >&2; exit 2; }
scratch=${SCRATCH:-/tmp/kpcheck-real-$(id -u)-$kver}
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
	[ "$tier" = source ] && cp "$tmp/o" "$tmp/out.$(basename "$name")"
	IFS=$'\t' read -r want wrule <<<"$(expect "$(basename "$name")" "$set")"
	case "$want:$rc" in
	eligible:1|nothing:1) cls=FP ;;
	eligible:3) cls=FN-nothing ;;	# a fix that changes code said to change none
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

# The verdict line of a source-tier run, without "verdict: ".
verdict_of() {
	sed -n 's/^verdict: //p' "$tmp/out.$1" 2>/dev/null | tail -1 | sed 's/|/\\|/g'
}

# The first error of a source-tier run, without its place, in one line.
first_error_of() {
	sed -n 's/^[^ ]*: error: //p' "$tmp/out.$1" 2>/dev/null | head -1 |
		sed 's/ \[[a-z-]*\]$//' | cut -c1-160 |
		sed 's/|/\\|/g'
}

reason_of() {	# name set -> the reason written down
	awk -F'\t' -v n="$1" -v s="$2" '$1 == n && $2 == s { print $5; exit }' "$verdicts" |
		sed 's/|/\\|/g'
}

# The source tier's runs as a markdown table: the summary per tier, then
# every run that is not "eligible" on either side (refusals, nothing to
# patch, FP, FN), each with the rules kpcheck gave and the reason the
# verdict file gives.
markdown_table() {
	local set tier name rc secs rules want cls short k med
	echo
	echo "$(date -u +%F), $(uname -m), $(nproc) cores, load average" \
		"$(cut -d' ' -f1-3 /proc/loadavg); Debian tree $(basename "$ktree")" \
		"(Linux $(cat "$ktree/include/config/kernel.release" 2>/dev/null));" \
		"kpcheck $(git rev-parse --short HEAD 2>/dev/null);" \
		"\`KVER=$kver tests/bench/real-fixes.sh --markdown\`"
	echo
	echo "| set, tier | runs | good fixes refused (FP) | unsafe passed (FN) | refused by another rule | nothing to patch, wrongly | unjudged | median s |"
	echo "|---|---|---|---|---|---|---|---|"
	for k in $(cut -f1,2 "$out" | tr '\t' / | sort -u); do
		med=$(awk -F'\t' -v k="$k" '$1 "/" $2 == k && $5 > 0 { print $5 }' "$out" | sort -n |
			awk '{ v[NR] = $1 } END { printf "%.2f", NR ? v[int((NR + 1) / 2)] : 0 }')
		awk -F'\t' -v k="$k" -v med="$med" '
			function pct(a, b) { return b ? sprintf("%d of %d (%.0f %%)", a, b, 100 * a / b) : "0 of 0" }
			$1 "/" $2 == k { n++; c[$8]++
				if ($7 == "eligible" || $7 == "nothing") good++
				if ($7 == "refuse") bad++ }
			END { printf "| %s | %d | %s | %s | %d | %d | %d | %s |\n", k, n,
				pct(c["FP"], good), pct(c["FN"], bad), c["FN-rule"],
				c["FN-nothing"], c["unjudged"], med }' "$out"
	done
	echo
	echo "| fix | expected | kpcheck -C | error rules | kpcheck's first error | class | reason written down |"
	echo "|---|---|---|---|---|---|---|"
	while IFS=$'\t' read -r set tier name rc secs rules want cls; do
		[ "$tier" = source ] || continue
		[ "$want" = eligible ] && [ "$rc" = 0 ] && continue
		short=$(basename "$name" .patch)
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$short" "$want" \
			"$(verdict_of "$(basename "$name")")" "$rules" \
			"$(first_error_of "$(basename "$name")")" "$cls" \
			"$(reason_of "$(basename "$name")" "$set")"
	done <"$out"
}

mkdir -p "$(dirname "$out")"
: >"$out"

# stable fixes: the first column names the fix, the last says whether it
# reverse-applies (6.12's INDEX has a lines_changed column before it)
while IFS=$'\t' read -r f rev; do
	[ "$f" = file ] && continue
	rev=${rev##*$'\t'}	# the last column (6.12's index has lines_changed before it)
	[[ "$f" == $glob ]] || continue
	run "$stable" patch "$f" "$fixes/$f"
	[ "$rev" = yes ] || continue
	if unapply "$fixes/$f"; then
		run "$stable" source "$f" "$fixes/$f" "$scratch"
		restore "$fixes/$f"
	else
		printf '%s\tsource\t%s\t-\t0\t-\t-\tnot-reversed\n' "$stable" "$f" >>"$out"
	fi
done < <(awk -F'\t' '{ print $1 "\t" $NF }' "$fixes/INDEX.tsv")

# kpatch integration cases: one per test name, from the newest directory
# (linux-* first, then the distributions) whose copy applies forward to
# the Debian tree without fuzz
mkdir -p "$tmp/kp"
: >"$tmp/kp/all"
[ "$kver" = 6.1 ] && git -C "$kpatch" ls-tree -r --name-only HEAD test/integration |
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
		END { printf "%-18s %3d runs  FP %2d  FN %2d  FN-rule %2d  FN-nothing %d  unjudged %2d  error %d  median %ss\n",
			k, n, c["FP"], c["FN"], c["FN-rule"], c["FN-nothing"], c["unjudged"], c["error"], med }'
done
[ -n "$markdown" ] && markdown_table
exit 0
