#!/bin/sh
# Run a command within bounded time (60 s) and memory (1 GiB of address
# space).  Under ASan (the asan target sets ASAN_OPTIONS) the memory bound
# is left out: ASan reserves terabytes of address space for its shadow.
#   tests/hardening/bounded.sh kpcheck ARGS...
if [ -z "${ASAN_OPTIONS:-}" ]; then
	ulimit -v 1048576 || exit 97
fi
exec timeout 60 "$@"
