#!/bin/sh
# The house's floor plan, checked (doc/architecture.md).  Layers, lowest
# first; a file may include headers of, and call functions declared by,
# its own layer or lower ones only:
#   0 lib   1 model   2 kbuild   3 tiers (patch, source, object; plugin.h)
#   4 rules, builder   5 reports   6 commands (kpcheck.c judge.c commands.c host.c gitrev.c triage/)
# Tiers are siblings: one tier never reaches into another, only into the
# plugin interface.  builder/ may use lib, model, kbuild, the object tier
# and the plugin interface, not rules/.  analyzer/kimage/ (the target's
# kernel image and its kallsyms) reads ELF through the object tier's ELF
# layer; the builder and the rules use it.  rework/ sits beside rules/ and
# builder/ and reads the findings of rules/ (it never judges).
# The plugin tables: each plugin exports exactly one symbol and the main
# program none (checked on the built binaries when they exist).
#   scripts/check-layers.sh [BUILD_DIR]
set -eu
cd "${LAYERS_ROOT:-$(dirname "$0")/..}"
build=${1:-build}

# Known exceptions, one "FILE LAYER" per line: FILE may use LAYER.  A new
# one must say which move it waits for.
#   treeindex.c scans whole tree files with the tolerant C scanner; it
#   waits for analyzer/patch/cscan.[ch] to move down to analyzer/model/.
EXCEPTIONS='analyzer/kbuild/treeindex.c patch'

layer() {
	case $1 in
	lib/*) echo "0 lib" ;;
	analyzer/model/*) echo "1 model" ;;
	analyzer/kbuild/*) echo "2 kbuild" ;;
	analyzer/plugin*) echo "3 plugin" ;;
	analyzer/patch/*) echo "3 patch" ;;
	analyzer/source/*) echo "3 source" ;;
	analyzer/object/*) echo "3 object" ;;
	analyzer/kimage/*) echo "3 kimage" ;;
	rules/*) echo "4 rules" ;;
	builder/*) echo "4 builder" ;;
	rework/*) echo "4 rework" ;;
	reports/*) echo "5 reports" ;;
	triage/* | kpcheck.[ch] | judge.c | commands.c | host.c | gitrev.c) echo "6 commands" ;;
	*) echo "- other" ;;
	esac
}

# May a file of layer $1 ("rank name") use layer $2?
allowed() {
	set -- $1 $2
	[ "$2" = "$4" ] || [ "$3" = - ] && return 0
	case $2-$4 in
	builder-object | builder-plugin | builder-kimage | kimage-object | patch-plugin | \
	source-plugin | object-plugin)
		return 0 ;;
	rework-rules) return 0 ;;
	builder-*) [ "$3" -lt 3 ]; return ;;
	esac
	[ "$3" -lt "$1" ]
}

excepted() {
	printf '%s\n' "$EXCEPTIONS" | grep -qxF "$1 $2"
}

files=$(git ls-files 'lib/*' 'analyzer/*' 'rules/*' 'builder/*' 'rework/*' 'reports/*' 'triage/*' \
	kpcheck.c kpcheck.h judge.c commands.c host.c gitrev.c | grep '\.[ch]$')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Functions each layer's headers declare: "name layer-rank layer-name".
for f in $files; do
	case $f in *.h) ;; *) continue ;; esac
	l=$(layer "$f")
	sed -n 's/^[a-z_][a-z0-9_ ]*[ *]\([a-z_][a-z0-9_]*\)(.*/\1/p' "$f" |
		grep -v '^\(typedef\|return\|if\|while\|for\|sizeof\)$' |
		sed "s|\$| $l $f|"
done | sort -u >"$tmp/decls"

# C text without comments and strings, for the calls.
strip() {
	awk '{ line = $0; out = "";
	       while (line != "") {
		 if (inc) { i = index(line, "*/"); if (!i) { line = ""; break }
			    line = substr(line, i + 2); inc = 0; continue }
		 i = index(line, "/*"); if (!i) { out = out line; break }
		 out = out substr(line, 1, i - 1); line = substr(line, i + 2); inc = 1 }
	       gsub(/"([^"\\]|\\.)*"/, "\"\"", out); print out }' "$1"
}

# Functions a file defines (its own helpers may share a name with
# another layer's): a declaration at column 0 whose body follows.
defined() {
	awk '/^[a-z_][a-z0-9_ ]*[ *][a-z_][a-z0-9_]*\(/ { acc = ""; on = 1 }
	     on { acc = acc $0; b = index(acc, "{"); s = index(acc, ";")
		  if (b || s) { on = 0
			if (b && (!s || b < s) && match(acc, /[a-z_][a-z0-9_]*\(/))
				print substr(acc, RSTART, RLENGTH - 1) } }' "$1" | sort -u
}

# Every problem is one line "FILE: what" in $tmp/problems.
for f in $files; do
	l=$(layer "$f")
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		[ -f "$inc" ] || continue
		t=$(layer "$inc")
		allowed "$l" "$t" || excepted "$f" "${t#* }" ||
			echo "$f: includes $inc (${l#* } must not use ${t#* })"
	done >>"$tmp/problems"
	strip "$f" >"$tmp/text"
	grep -o '\b[a-z_][a-z0-9_]*[[:space:]]*(' "$tmp/text" | tr -d '( \t' | sort -u >"$tmp/called"
	defined "$tmp/text" >"$tmp/defined"
	join "$tmp/called" "$tmp/decls" | while read -r name rank lname hdr; do
		grep -qxF "$name" "$tmp/defined" && [ "${f%.c}.h" != "$hdr" ] &&
			[ "$f" != "$hdr" ] && continue
		allowed "$l" "$rank $lname" || excepted "$f" "$lname" ||
			echo "$f: calls $name() of $hdr (${l#* } must not use $lname)"
	done >>"$tmp/problems"
done

# The plugin tables: one exported symbol per plugin, none from kpcheck.
for src in analyzer/source analyzer/object; do
	[ -d "$src" ] || continue
	n=$(cat "$src"/*.c | grep -c 'KP_PLUGIN_EXPORT' || true)
	[ "$n" = 1 ] || echo "$src: $n KP_PLUGIN_EXPORT tables, one wanted"
done >>"$tmp/problems"
if [ -x "$build/kpcheck" ]; then
	for so in "$build"/kpcheck-*.so; do
		[ -f "$so" ] || continue
		# (sanitizer builds add their own __asan/__ubsan symbols)
		syms=$(nm -D --defined-only "$so" | awk '$2 ~ /[TDRBVW]/ && $3 !~ /^_/ { print $3 }' |
			tr '\n' ' ')
		[ "$syms" = "kpcheck_plugin " ] ||
			echo "$so: exports '$syms', only kpcheck_plugin wanted"
	done
	syms=$(nm -D --defined-only "$build/kpcheck" | awk '$2 ~ /[TDRBVW]/ && $3 !~ /^_/ { print $3 }')
	[ -z "$syms" ] || echo "$build/kpcheck: exports" $syms
fi >>"$tmp/problems"

# One count per file (and per plugin) that breaks the plan.
sort -u "$tmp/problems"
bad=$(cut -d: -f1 "$tmp/problems" | sort -u | wc -l)
total=$(echo "$files" | wc -l)
echo "layers: $((total - bad)) passed, $bad failed"
[ "$bad" = 0 ]
