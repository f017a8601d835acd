#!/bin/sh
# One object-tier case: build OBJ of the Debian tree before and after the
# case's patch (tests/object/pair.sh), optionally damage the patched
# object (tests/object/corrupt.py HOW), and run
# `kpcheck objdiff ORIG PATCHED [ARGS...]` from the patched build's root,
# so findings name the object as kbuild does ("fs/pipe.o: ...").
#   tests/object/diff.sh CASE OBJ [--corrupt HOW] [ARGS...]
set -u
case=$1 obj=$2; shift 2
corrupt=
if [ "${1:-}" = --corrupt ]; then corrupt=$2; shift 2; fi
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build_pair "$case" "$obj"
if [ -n "$corrupt" ]; then
	python3 "$here/corrupt.py" "$corrupt" "$out/patched/$obj" || exit 125
fi
cd "$out/patched" && kpcheck objdiff ../orig/"$obj" "$obj" "$@"
