#!/bin/sh
# Write the seed inputs of fuzz target $1 into directory $2, from the
# corpus (tests/corpus, examples/): nothing binary is kept in git.
set -e
target=$1 dir=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
patches=$(find "$root/tests/corpus" "$root/examples" -name '*.patch' | sort)

case $target in
fuzz-patch)
	for p in $patches; do cp "$p" "$dir/$(basename "$p")"; done
	;;
fuzz-cscan)
	# mode byte (see fuzz-cscan.c): 0 whole file; 0x25 a fragment one
	# brace deep under a hunk header; 0x07 one deep inside a comment
	for p in $patches; do
		n=$(basename "$p" .patch)
		sed -n 's/^[-+ ]//p' "$p" >"$dir/.body"
		{ printf '\000'; cat "$dir/.body"; } >"$dir/$n-whole"
		{ printf '\045static int f(void)\n'; cat "$dir/.body"; } >"$dir/$n-frag"
		{ printf '\007'; cat "$dir/.body"; } >"$dir/$n-comment"
	done
	rm -f "$dir/.body"
	;;
fuzz-json)
	# knob byte, then NUL-separated strings (see fuzz-json.c)
	for p in $patches; do
		head -12 "$p" | tr '\n' '\000' >"$dir/$(basename "$p" .patch)"
	done
	printf '\003bad \377 byte\000f\303(.c\000sym\355\240\200\000over\300\257long\000big \364\220\200\200\000n.c\000msg\nline\000subj \342\200\224\000a.c\000fn\000vmlinux\000in"put\\\000' \
		>"$dir/utf8-edges"
	;;
*)
	echo "seeds.sh: no seeds for $target" >&2
	;;
esac
