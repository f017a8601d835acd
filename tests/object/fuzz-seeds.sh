#!/bin/sh
# Seeds for the fuzz-elf target, written into $1: small relocatable
# objects compiled here (functions in their own sections, string
# literals, a static local, a .cold part, data with relocations, an
# __fentry__ call), with and without DWARF.  Kernel objects are larger
# than the fuzzer's input limit; these have the same structure.
set -e
dir=$1
mkdir -p "$dir"
src=$(mktemp --suffix=.c)
trap 'rm -f "$src"' EXIT
cat >"$src" <<'C'
static int counter;
static const char *names[] = { "alpha", "beta" };
int used(int x) { static int once; once += x; return once + counter; }
static __attribute__((noinline)) int helper(int x) { return x * 3 + names[x & 1][0]; }
int entry(int x) { if (__builtin_expect(x > 100, 0)) return used(x); return helper(x); }
C
gcc -O2 -c -ffunction-sections -fdata-sections -o "$dir/small.o" "$src"
gcc -O2 -c -g -ffunction-sections -fdata-sections -o "$dir/small-g.o" "$src"
gcc -O2 -c -pg -mfentry -mrecord-mcount -o "$dir/fentry.o" "$src"
for o in "$dir"/*.o; do strip --strip-debug -o "$o.s" "$o" 2>/dev/null || true; done
