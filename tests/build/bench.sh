#!/bin/sh
# bench.sh - wall time of `kpcheck build` for a one-function patch
# (cases/cmdline-string.patch) on the prepared Debian 6.1 tree, and the
# module's size.  The first run fills kpcheck's kbuild-command cache, so
# it is reported apart; then the best and median of three warm runs.
# Prints the Markdown rows for BENCHMARKS.md.
#
# usage: bench.sh BUILD_DIR
set -e
O=$(cd "${1:-build}" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
KTREE=$(sh "$SRC/scripts/ktree.sh")
W=$O/bench-build
rm -rf "$W" && mkdir -p "$W"
P=$SRC/tests/build/cases/cmdline-string.patch

run() {
	rm -f "$W/cmdline.ko"
	s=$(date +%s.%N)
	"$O/kpcheck" build "$P" -C "$KTREE" -o "$W/cmdline.ko" >/dev/null 2>"$W/err" ||
		{ cat "$W/err" >&2; exit 1; }
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}

cache=${KPCHECK_CACHE:-$HOME/.cache/kpcheck}/build-cmd
rm -rf "$cache"
cold=$(run)
t1=$(run); t2=$(run); t3=$(run)
set -- $(printf '%s\n' "$t1" "$t2" "$t3" | sort -n)
size=$(stat -c %s "$W/cmdline.ko")
cat <<TABLE
| what | figure |
|---|---|
| \`kpcheck build\`, one function, kbuild command cached (best of 3) | $(printf %.1f "$1") s |
| same, median of 3 | $(printf %.1f "$2") s |
| same, first run (kbuild dry run for the command) | $(printf %.1f "$cold") s |
| module size (cmdline.ko, debug info stripped) | $size bytes |
TABLE
