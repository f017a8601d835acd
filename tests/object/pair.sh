#!/bin/sh
# Build the objects OBJ... of the prepared Debian tree before and after the
# patch CASE, into OUT/orig/OBJ and OUT/patched/OBJ, for the object-tier
# cases: tests/object/kbuild-pair.c, which builds through the object
# tier's own kbuild service (overlay of the tree, cached prepared layer).
#   tests/object/pair.sh CASE OUT OBJ...
set -eu
KTREE=${KTREE:-$(sh scripts/ktree.sh)}
export KTREE
bin=${KPCHECK_BIN:-}
[ -n "$bin" ] || { k=$(command -v kpcheck) && bin=$(dirname "$k"); } || bin=build
exec "$bin/tests/object/kbuild-pair" "$@"
