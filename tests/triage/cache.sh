#!/bin/bash
# The pre-image facts cache ($KPCHECK_CACHE/facts) and the precompiled
# preambles ($KPCHECK_CACHE/preambles) on the Debian tree: cold and warm
# runs give the verdicts of a run without the cache; entries made garbage,
# truncated, with a flipped byte or from another version are ignored and
# rebuilt, never trusted; a preamble whose header changed is refused and
# made again; two triage runs at once on one empty cache give the verdicts
# of one run; the LRU bound; kpcheck cache.
#   tests/triage/cache.sh [BUILD_DIR]     (KTREE: the prepared tree)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build}/kpcheck
tree=${KTREE:-$(sh "$root/scripts/ktree.sh")} || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else ko "$1"; fi; }

# the flags of the user's cache spare a kbuild dry run per file
export KPCHECK_CACHE=$tmp/cache
mkdir -p "$KPCHECK_CACHE"
flags=${HOME:-/root}/.cache/kpcheck/flags
[ -d "$flags" ] && cp -r "$flags" "$KPCHECK_CACHE/"
mkdir "$tmp/in"
# semantic-change-ko: lock and reference pairs, the newest facts
for c in data-init-change-ko signature-change-ok static-call-ko semantic-change-ko; do
	cp "$root/tests/corpus/source/$c.patch" "$tmp/in/"
done
facts=$KPCHECK_CACHE/facts
preambles=$KPCHECK_CACHE/preambles
pchs() { ls "$preambles" | grep -v '\.inc$'; }
# the inodes of the preambles; $1 also keeps a link to each, so that a
# preamble made again cannot get its old inode back
inodes() {
	for p in $(pchs); do
		stat -c %i "$preambles/$p"
		[ -z "${1:-}" ] || ln -f "$preambles/$p" "$tmp/$1.$p"
	done
}
# the same for the facts entries
fact_inodes() {
	for p in $(ls "$facts"); do
		stat -c %i "$facts/$p"
		ln -f "$facts/$p" "$tmp/$1.$p"
	done
}

# verdicts, rules and functions of every patch, and each full report
judge() {
	"$bin" triage -j "${2:-2}" -f json -C "$tree" "$tmp/in" > "$tmp/$1.json" 2> "$tmp/$1.err"
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["patches"]:
    r = p["report"]
    print(p["input"].rsplit("/", 1)[-1], p["status"], p["rules"], p["functions"],
          json.dumps(r["findings"], sort_keys=True), json.dumps(r["notices"], sort_keys=True))
' "$tmp/$1.json" > "$tmp/$1.v"
}

KPCHECK_NO_CACHE=1 judge ref
check "no cache: nothing written" '[ ! -d "$facts" ] || [ -z "$(ls "$facts")" ]'
check "reference judged" '[ "$(wc -l < "$tmp/ref.v")" -eq 4 ]'
judge cold
check "cold = no cache" 'cmp -s "$tmp/ref.v" "$tmp/cold.v"'
check "one entry per file" '[ "$(ls "$facts" | wc -l)" -eq 4 ]'
# an entry is marked used (mtime) when a run takes it
touch -d "2001-01-01" "$facts"/*
judge warm
check "warm = no cache" 'cmp -s "$tmp/ref.v" "$tmp/warm.v"'
check "warm run used every entry" '[ -z "$(find "$facts" -type f ! -newermt 2002-01-01)" ]'
# each patch changes one .c file and leaves its preamble alone
check "cold made a preamble per file" '[ "$(pchs | wc -l)" -eq 4 ]'
inodes keep-cold > "$tmp/inodes.cold"
fact_inodes keep-facts > "$tmp/facts.cold"
judge warm2
check "warm: preambles taken, none made again" 'inodes | cmp -s - "$tmp/inodes.cold"'
check "warm: facts taken, none written again" 'fact_inodes keep-facts2 | cmp -s - "$tmp/facts.cold"'

# damaged preambles: clang refuses them, the run makes them again
for p in $(pchs); do head -c 4096 /dev/urandom > "$preambles/$p"; done
judge damaged
check "damaged preambles: same verdicts" 'cmp -s "$tmp/ref.v" "$tmp/damaged.v"'
check "damaged preambles made again" \
	'[ "$(for p in $(pchs); do head -c 4 "$preambles/$p"; echo; done | sort -u)" = CPCH ]'


# bad entries of four kinds, each ignored and rebuilt
e=("$facts"/*)
head -c 5000 /dev/urandom > "${e[0]}"				# garbage
head -c 300 "${e[1]}" > "$tmp/t" && cp "$tmp/t" "${e[1]}"	# truncated
python3 - "${e[2]}" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x40						# a flipped bit
open(sys.argv[1], "wb").write(b)
PY
cp "${e[2]}" "$tmp/flipped"
judge bad
check "bad entries: same verdicts" 'cmp -s "$tmp/ref.v" "$tmp/bad.v"'
check "bad entries rebuilt: flipped" '! cmp -s "${e[2]}" "$tmp/flipped"'
check "bad entries rebuilt: garbage" '[ "$(head -c 7 "${e[0]}")" = "KPCFACT" ]'
check "bad entries rebuilt: truncated" '[ "$(stat -c %s "${e[1]}")" -gt 300 ]'
# a foreign entry: another kpcheck version, checksum and all intact
python3 - "$facts"/* <<'PY'
import sys
for f in sys.argv[1:]:
    b = bytearray(open(f, "rb").read())
    b[12:32] = b"9.9.9".ljust(20, b"\0")
    open(f, "wb").write(b)
PY
judge foreign
check "foreign entries: same verdicts" 'cmp -s "$tmp/ref.v" "$tmp/foreign.v"'

# two triage runs at once on one empty cache
"$bin" cache clear > /dev/null
judge a 1 & judge b 1 & wait
check "concurrent run a = one run" 'cmp -s "$tmp/ref.v" "$tmp/a.v"'
check "concurrent run b = one run" 'cmp -s "$tmp/ref.v" "$tmp/b.v"'
check "no temporary file left" '[ -z "$(ls -A "$facts" | grep "^\.tmp")" ]'

# the LRU bound: 1 MiB, old filler entries go first, the fresh ones stay
for i in 1 2 3 4 5 6; do head -c 300000 /dev/zero > "$facts/filler$i"; done
touch -d "2001-01-01" "$facts"/filler*
rm -f "$(ls "$facts"/[0-9a-f]* | head -1)"
KPCHECK_CACHE_MAX=1 judge lru
check "LRU: under the bound" '[ "$(du -cb "$facts"/* | tail -1 | cut -f1)" -le 1048576 ]'
check "LRU: fillers went" '[ "$(ls "$facts" | grep -c filler)" -lt 6 ]'
check "LRU: same verdicts" 'cmp -s "$tmp/ref.v" "$tmp/lru.v"'

# a header a preamble read changed since (a scratch tree: hard links, one
# header copied and newer): clang refuses the preamble, the facts cache
# its entry; both are made again, the verdict stays
cp -al "$tree" "$tmp/tree"
h=include/linux/types.h
cp -p "$tmp/tree/$h" "$tmp/h" && mv "$tmp/h" "$tmp/tree/$h" && touch "$tmp/tree/$h"
mkdir "$tmp/one" && cp "$tmp/in/static-call-ko.patch" "$tmp/one/"
one() { "$bin" -C "$tmp/tree" "$tmp/one/static-call-ko.patch" > "$tmp/$1.txt" 2>&1; }
one scratch-cold
n=$(pchs | wc -l)
inodes keep-scratch > "$tmp/inodes.scratch"
touch -d "2001-01-01" "$tmp/tree/$h"
one scratch-stale
check "stale header: preamble made again" \
	'[ "$(pchs | wc -l)" -eq "$n" ] && ! inodes | cmp -s - "$tmp/inodes.scratch"'
check "stale header: same verdict" 'cmp -s "$tmp/scratch-cold.txt" "$tmp/scratch-stale.txt"'
grep -Eq "^[0-9]+ [0-9]+ [0-9]+ $tree/$h\$" "$preambles"/*.inc
check "the preambles list their headers" '[ $? -eq 0 ]'

"$bin" cache stats > "$tmp/stats"
check "cache stats" 'grep -Eq "^pre-image facts.* [0-9]+ entries" "$tmp/stats"'
"$bin" cache clear > /dev/null
check "cache clear" '[ -z "$(ls "$facts")" ]'
"$bin" cache bogus 2> /dev/null
check "cache usage error" '[ $? -eq 2 ]'

echo "facts cache: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
