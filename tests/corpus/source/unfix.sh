#!/bin/sh
# Run a corpus command on a scratch copy of the tree without the fix the
# case holds: real fixes that the Debian tree already carries are taken
# out (patch -R) of a hard-linked copy whose touched files are real
# copies, so the tree itself is never written.
#   unfix.sh 'kpcheck -C $KTREE $file'    ($file is the fix, from run.sh)
set -eu
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-unfix.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cp -al "$KTREE/." "$scratch/"
for f in $(sed -n 's|^+++ b/||p' "$file" | sort -u); do
	rm -f "$scratch/$f"
	cp "$KTREE/$f" "$scratch/$f"
done
patch -R -p1 -s -f -d "$scratch" -i "$(realpath "$file")" >/dev/null
KTREE=$scratch
export KTREE
sh -c "$1"
