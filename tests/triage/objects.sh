#!/bin/bash
# Object builds (kpcheck --objects) on the Debian tree: the original object
# comes from $KPCHECK_CACHE/objects on the second run; a corrupt entry is
# ignored and rebuilt; builds through ccache hit on a repeat; builds
# through distcc reach a distccd listening on 127.0.0.1 only.  Every run
# gives the same report.
#   tests/triage/objects.sh [BUILD_DIR]     (KTREE: the prepared tree)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build}/kpcheck
tree=${KTREE:-$(sh "$root/scripts/ktree.sh")} || exit 2
tmp=$(mktemp -d)
distccd_pid=
trap '[ -n "$distccd_pid" ] && kill "$distccd_pid"; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else ko "$1"; fi; }

# the cache of the user: the prepared kbuild layer there is only valid at
# its own path (kbuild's .cmd files hold it)
objects=${KPCHECK_CACHE:-${HOME:-/root}/.cache/kpcheck}/objects
patch=$root/examples/changed-function-ok.patch
judge() {	# NAME [ENV...]
	local name=$1
	shift
	env "$@" "$bin" --objects -f json -C "$tree" "$patch" > "$tmp/$name.json" 2> "$tmp/$name.err"
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps([r["verdict"], r["findings"], r["patches"]], sort_keys=True))
' "$tmp/$name.json" > "$tmp/$name.v" 2>&1
}

judge a KPCHECK_CC_WRAPPER=none
check "first run judged" 'grep -q "built fs/proc/cmdline.o" "$tmp/a.err" && grep -q eligible "$tmp/a.v"'
judge b KPCHECK_CC_WRAPPER=none
check "second run: original from the cache" 'grep -q "original from the cache" "$tmp/b.err"'
check "second run: same report" 'cmp -s "$tmp/a.v" "$tmp/b.v"'

# the entry the second run used (its kbuild .cmd text names the source;
# the newest file may be another run's); make it garbage
entry=$(grep -laF 'fs/proc/cmdline.c' "$objects"/* | xargs ls -t | head -1)
head -c 4096 /dev/urandom > "$entry"
judge c KPCHECK_CC_WRAPPER=none
check "corrupt entry: original built again" 'grep -q "original built" "$tmp/c.err"'
check "corrupt entry: same report" 'cmp -s "$tmp/a.v" "$tmp/c.v"'
check "corrupt entry rebuilt" '[ "$(head -c 7 "$entry")" = KPCOBJ2 ]'

# ccache: the patched side hits on the second run
if command -v ccache > /dev/null; then
	export CCACHE_DIR=$tmp/ccache
	judge d KPCHECK_CC_WRAPPER=ccache
	judge e KPCHECK_CC_WRAPPER=ccache
	ccache --print-stats > "$tmp/ccache.stats"
	check "ccache: a hit on the repeat" \
		'awk "/^(direct|preprocessed)_cache_hit/ { h += \$2 } END { exit !(h >= 1) }" "$tmp/ccache.stats"'
	check "ccache: same report" 'cmp -s "$tmp/a.v" "$tmp/e.v"'
	unset CCACHE_DIR
else
	ko "ccache is not installed (make deps)"
fi

# distcc: a distccd on the loopback address only
if command -v distccd > /dev/null; then
	port=$((36000 + RANDOM % 2000))
	distccd --no-detach --daemon --listen 127.0.0.1 --port "$port" --allow 127.0.0.1 \
		--log-stderr --log-level info --jobs 2 2> "$tmp/distccd.log" &
	distccd_pid=$!
	sleep 1
	judge f KPCHECK_CC_WRAPPER=distcc DISTCC_HOSTS="127.0.0.1:$port/2"
	check "distcc: distccd compiled cmdline.c" 'grep -q "COMPILE_OK.*cmdline.c" "$tmp/distccd.log"'
	check "distcc: same report" 'cmp -s "$tmp/a.v" "$tmp/f.v"'
else
	ko "distcc is not installed (make deps)"
fi

echo "objects cache: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
