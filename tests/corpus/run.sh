#!/bin/bash
# Corpus runner; the case format is documented in tests/README.md.
# Each case is a patch whose tags, before the first "diff" line, say which
# command to run and what it must print and exit with.  Cases run from the
# repository root with build/ first in PATH, $file set to the case and
# $KTREE to the prepared Debian tree.
#   tests/corpus/run.sh [--tier patch|tree] [-j N] [CASE...]
# Default: every tests/corpus/**/*.patch but tests/corpus/real/.  --tier keeps the cases of one
# tier: "tree" cases name $KTREE in their command, "patch" cases do not;
# --tier patch runs without the tree when none was prepared before
# (whether the cases apply to it is then not checked).
# -j N runs the cases in N shares at once.  With $KPCHECK_ARTIFACTS set, a failed case leaves its stdout, stderr and
# diff there.  Prints one line per failure and ends with "N passed, N failed".
# With $KPCHECK_SARIF_DIR set, every judging run of kpcheck in a case also
# writes its report in SARIF there (--sarif, in the same run), as
# CASE.XXXXXX.sarif, and the cases that expect a report (exit 0, 1 or 3)
# are listed in its file "want": tests/sarif/validate.sh checks them.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
: "${KPCHECK_BIN:=$root/build}"
export PATH="$KPCHECK_BIN:$PATH"
export KPCHECK_BIN	# tests/object/pair.sh finds kbuild-pair there
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The kpcheck first in PATH adds "--sarif FILE" to a judging run (getopt
# takes options after the operands); subcommands have options of their own.
if [ -n "${KPCHECK_SARIF_DIR:-}" ]; then
	mkdir -p "$KPCHECK_SARIF_DIR" "$tmp/sarif-bin"
	cat >"$tmp/sarif-bin/kpcheck" <<EOF
#!/bin/sh
case \${1:-} in
rules|explain|triage|cache|build|rework|show|load|unload|list|-h|--help|--version) exec "$KPCHECK_BIN/kpcheck" "\$@" ;;
esac
out=\$(mktemp "$KPCHECK_SARIF_DIR/\$SARIF_CASE.XXXXXX.sarif")
"$KPCHECK_BIN/kpcheck" "\$@" --sarif "\$out"
rc=\$?
# a verdict (exit 0, 1 or 3) comes with a report: validate.sh wants it
case \$rc in 0|1|3) echo "\$SARIF_CASE" >>"$KPCHECK_SARIF_DIR/want" ;; esac
exit \$rc
EOF
	chmod +x "$tmp/sarif-bin/kpcheck"
	export PATH="$tmp/sarif-bin:$PATH"
fi

# The tier of a case: does its command use the prepared tree?
case_tier() {
	if sed -n '/^diff /q; s/^kpcheck-command://p' "$1" | grep -q 'KTREE'; then
		echo tree
	else
		echo patch
	fi
}

tier='' jobs=1
while [ $# -gt 0 ]; do
	case $1 in
	--tier) tier=${2:-}; shift 2 ;;
	-j) jobs=${2:-}; shift 2 ;;
	*) break ;;
	esac
done
case $tier in ''|patch|tree) ;; *) echo "run.sh: --tier patch|tree" >&2; exit 2 ;; esac
case $jobs in [1-9]|[1-9][0-9]) ;; *) echo "run.sh: -j wants a number" >&2; exit 2 ;; esac
if [ $# -eq 0 ]; then
	# tests/corpus/real/ (stable fixes judged with the fix taken out of a
	# scratch tree) has a target of its own: make corpus-real
	set -- $(find tests/corpus -path tests/corpus/real -prune -o -name '*.patch' -print | sort)
fi
cases=()
for c in "$@"; do
	c=${c#"$root"/}
	[ -z "$tier" ] || [ "$(case_tier "$c")" = "$tier" ] || continue
	cases+=("$c")
done

# The tree is prepared now if it is not yet, except for the patch tier
# (check-quick), which only uses a tree prepared before: to check that
# its cases apply.  Other commands (tests/object/) may use $KTREE in
# their scripts, so only --tier patch goes without.
if [ -n "${KPCHECK_CORPUS_SHARE:-}" ]; then
	:	# a share of -j N, whose parent found the tree
elif [ -z "${KTREE:-}" ]; then
	if [ "$tier" != patch ]; then
		KTREE=$(sh scripts/ktree.sh) || exit 2
	else
		KTREE=$(sh scripts/ktree.sh --ready 2>/dev/null)
	fi
fi
[ -n "$KTREE" ] || [ -n "${KPCHECK_CORPUS_SHARE:-}" ] ||
	echo "note: no prepared kernel tree: whether the cases apply is not checked"
export KTREE

# Split a case's tags into files in $tmp: name, command, exit, applies,
# known, out (block), err (block), out-has/err-has/out-not (one per line).
parse_case() {
	awk -v dir="$tmp" '
	function put(f, s) { print s >> (dir "/" f) }
	BEGIN { block = "" }
	/^diff / && block == "" { exit }
	block != "" {
		if ($0 == "kpcheck-" block "-end") { block = ""; next }
		put(block == "output" ? "out" : "err", $0); next
	}
	/^kpcheck-[a-z-]+(:|$)/ {
		tag = $0; sub(/:.*/, "", tag); val = $0
		if (index(val, ":")) { sub(/^[^:]*: ?/, "", val) } else val = ""
		if (tag == "kpcheck-output-start") { block = "output"; printf "" > (dir "/out"); next }
		if (tag == "kpcheck-error-start") { block = "error"; printf "" > (dir "/err"); next }
		if (tag == "kpcheck-name") { put("name", val); next }
		if (tag == "kpcheck-command") { put("command", val); next }
		if (tag == "kpcheck-exit-value") { put("exit", val); next }
		if (tag == "kpcheck-applies") { put("applies", val); next }
		if (tag == "kpcheck-known-to-fail") { put("known", "yes"); next }
		if (tag == "kpcheck-output-contains") { put("out-has", val); next }
		if (tag == "kpcheck-output-not-contains") { put("out-not", val); next }
		if (tag == "kpcheck-error-contains") { put("err-has", val); next }
		if (tag == "kpcheck-reverse") { put("reverse", val); next }
		if (tag == "kpcheck-kernel") { put("kernel", val); next }
		if (tag == "kpcheck-verdict" || tag == "kpcheck-reason") next
		print "unknown tag " tag > "/dev/stderr"; exit 3
	}' "$1"
}

# Does the case apply to the tree?  A series whose later patches build on
# earlier ones only applies in order, so that is tried on a scratch copy of
# the files it touches; the tree itself is never written.
applies() {
	local case=$root/$1 f
	patch -p1 -s -f --dry-run -d "$KTREE" -i "$case" >/dev/null 2>&1 && return 0
	rm -rf "$tmp/tree"
	mkdir -p "$tmp/tree"
	for f in $(sed -n 's|^+++ b/||p; s|^--- a/||p' "$case" | sort -u); do
		[ -f "$KTREE/$f" ] || continue
		mkdir -p "$tmp/tree/$(dirname "$f")"
		cp "$KTREE/$f" "$tmp/tree/$f"
	done
	patch -p1 -s -f -d "$tmp/tree" -i "$case" >/dev/null 2>&1
}

# The series (6.1, 6.12) of the tree, from its Makefile; a case is written
# against the series kpcheck-kernel lists (6.1 when untagged: the corpus
# began on Debian 12's own kernel; "6.1 6.12" when it holds on both).  On another tree a case that uses the tree
# (or builds its objects: tests/object/) is skipped, and one that does not
# runs without the apply check.
tree_series=
[ -n "$KTREE" ] && tree_series=$(sed -n '1,10{s/^VERSION = //p; s/^PATCHLEVEL = //p}' \
	"$KTREE/Makefile" 2>/dev/null | paste -sd. -)
other_kernel() {
	[ -n "$tree_series" ] || return 1
	case " $(cat "$tmp/kernel" 2>/dev/null || echo 6.1) " in
	*" $tree_series "*) return 1 ;;
	esac
}

# kpcheck-reverse: yes cases (tests/corpus/reverse.sh)
. "$root/tests/corpus/reverse.sh"

# Check one case; prints the reason of a failure, returns 1 on failure.
check_case() {
	local file=$1 want got
	rm -f "$tmp"/name "$tmp"/command "$tmp"/exit "$tmp"/applies "$tmp"/known \
		"$tmp"/out "$tmp"/err "$tmp"/out-has "$tmp"/out-not "$tmp"/err-has \
		"$tmp"/reverse "$tmp"/kernel
	parse_case "$file" || { echo "bad tags"; return 1; }
	[ -f "$tmp/command" ] || { echo "no kpcheck-command"; return 1; }
	SARIF_CASE=$(echo "$file" | tr / _)
	export file SARIF_CASE
	if other_kernel; then
		# tests/object/'s cases build the tree's objects through scripts
		case $file in tests/object/*) return 2 ;; esac
		[ "$(case_tier "$file")" = tree ] || [ -f "$tmp/reverse" ] && return 2
		echo no >"$tmp/applies"
	fi
	if [ "$(cat "$tmp/reverse" 2>/dev/null)" = yes ]; then
		[ -n "$KTREE" ] || { echo "kpcheck-reverse needs the prepared tree"; return 1; }
		reverse_apply "$file" || return 1
		KTREE=$scratch timeout 120 sh -c "$(cat "$tmp/command")" \
			>"$tmp/stdout" 2>"$tmp/stderr"
		got=$?
		reverse_restore "$file"
	else
		if [ -n "$KTREE" ] && [ "$(cat "$tmp/applies" 2>/dev/null)" != no ] &&
			! applies "$file"; then
			echo "does not apply to $KTREE (patch --dry-run)"
			return 1
		fi
		timeout 120 sh -c "$(cat "$tmp/command")" >"$tmp/stdout" 2>"$tmp/stderr"
		got=$?
	fi
	want=$(cat "$tmp/exit" 2>/dev/null || echo 0)
	sarif_done "$want"
	[ "$got" = "$want" ] || { echo "exit $got, expected $want"; head -5 "$tmp/stderr"; return 1; }
	compare_stream out stdout out-has out-not || return 1
	compare_stream err stderr err-has "" || return 1
	return 0
}

# The SARIF a case left: empty files (a run that failed) go.  Each judging
# run that gave a verdict put the case in "want" (the wrapper above), so
# a script that expects kpcheck to refuse bad input wants no report.
sarif_done() {
	[ -n "${KPCHECK_SARIF_DIR:-}" ] || return 0
	find "$KPCHECK_SARIF_DIR" -name "$SARIF_CASE.*.sarif" -size -1c -delete
}

compare_stream() {
	local block=$1 stream=$2 has=$3 not=$4 line
	if [ -f "$tmp/$block" ]; then
		if ! diff -u "$tmp/$block" "$tmp/$stream" >"$tmp/diff"; then
			echo "$stream differs:"; head -30 "$tmp/diff"; return 1
		fi
	elif [ ! -f "$tmp/$has" ] && [ -s "$tmp/$stream" ]; then
		echo "unexpected $stream:"; head -5 "$tmp/$stream"; return 1
	fi
	if [ -f "$tmp/$has" ]; then
		while IFS= read -r line; do
			grep -qF -- "$line" "$tmp/$stream" ||
				{ echo "$stream lacks: $line"; head -20 "$tmp/$stream"; return 1; }
		done <"$tmp/$has"
	fi
	if [ -n "$not" ] && [ -f "$tmp/$not" ]; then
		while IFS= read -r line; do
			if grep -qF -- "$line" "$tmp/$stream"; then
				echo "$stream has: $line"; return 1
			fi
		done <"$tmp/$not"
	fi
	return 0
}

# Keep what a failed case printed, for the reader of a failed check.
keep_artifacts() {
	local base
	[ -n "${KPCHECK_ARTIFACTS:-}" ] || return 0
	mkdir -p "$KPCHECK_ARTIFACTS" || return 0
	base=$KPCHECK_ARTIFACTS/$(echo "${1%.patch}" | tr / _)
	for f in stdout stderr diff; do
		[ -f "$tmp/$f" ] && cp "$tmp/$f" "$base.$f"
	done
	echo "  (its output: $base.stdout, .stderr)"
}

# -j N: N shares go through the same list, each running the next case no
# other share has claimed (mkdir is atomic), so a slow case holds up one
# share only; their counts are added up.
run_shares() {
	local k last
	pass=0 fail=0 skip=0
	mkdir "$tmp/claims"
	for ((k = 0; k < jobs; k++)); do
		KPCHECK_CORPUS_SHARE=$tmp/claims bash "$0" "${cases[@]}" >"$tmp/share.$k" 2>&1 &
	done
	wait
	for ((k = 0; k < jobs; k++)); do
		[ -f "$tmp/share.$k" ] || continue
		last=$(tail -1 "$tmp/share.$k")
		if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(\ \(([0-9]+)\ .*)?$ ]]; then
			sed '$d' "$tmp/share.$k"
			pass=$((pass + BASH_REMATCH[1])) fail=$((fail + BASH_REMATCH[2]))
			skip=$((skip + ${BASH_REMATCH[4]:-0}))
		else
			cat "$tmp/share.$k"
			echo "FAIL share $k of the cases: no count"; fail=$((fail + 1))
		fi
	done
	summary
	[ $fail = 0 ]
}

summary() {
	if [ "$skip" -gt 0 ]; then
		echo "$pass passed, $fail failed ($skip skipped: written for another kernel than $tree_series)"
	else
		echo "$pass passed, $fail failed"
	fi
}
if [ "$jobs" -gt 1 ] && [ ${#cases[@]} -gt 1 ]; then
	run_shares
	exit
fi

pass=0 fail=0 skip=0 n=0
for c in ${cases[@]+"${cases[@]}"}; do
	n=$((n + 1))
	if [ -n "${KPCHECK_CORPUS_SHARE:-}" ]; then
		mkdir "$KPCHECK_CORPUS_SHARE/$n" 2>/dev/null || continue
	fi
	rm -f "$tmp/stdout" "$tmp/stderr" "$tmp/diff"
	reason=$(check_case "$c")
	rc=$?
	known=no
	[ -f "$tmp/known" ] && known=yes
	if [ $rc = 2 ]; then
		skip=$((skip + 1))
	elif [ $rc = 0 ] && [ $known = yes ]; then
		echo "FAIL $c: known to fail, but passed"; fail=$((fail + 1))
	elif [ $rc = 0 ] || [ $known = yes ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $c: $reason"; fail=$((fail + 1))
		keep_artifacts "$c"
	fi
done
summary
[ $fail = 0 ]
