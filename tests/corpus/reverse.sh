# Sourced by tests/corpus/run.sh and tests/sarif/validate.sh, with $root
# (the repository) and $KTREE set.
# kpcheck-reverse: yes marks a fix the tree already holds (a stable fix
# judged as it was before it was merged).  It runs against a scratch copy
# of the tree with the fix taken out: a hard-linked copy made once beside
# the tree (its path stays the same, so the source tier's flags cache
# keeps serving it), whose touched files become real copies for
# `patch -R` and are linked back afterwards.  The tree is never written;
# a lock keeps -j shares and other runs from sharing the copy at once.
scratch=
reverse_setup() {
	scratch=$(dirname "$KTREE")/.corpus-scratch-$(basename "$KTREE")
	exec 9>"$scratch.lock" && flock 9 || return 1
	if ! [ "$scratch/.kpcheck-prepared" -ef "$KTREE/.kpcheck-prepared" ]; then
		rm -rf "$scratch"
		cp -al "$KTREE" "$scratch" || return 1
	fi
}

touched_files() { sed -n '/^--- a\//{s|^--- a/||;s|\t.*||;p}; /^+++ b\//{s|^+++ b/||;s|\t.*||;p}' "$1" | sort -u; }

reverse_restore() {
	local f
	for f in $(touched_files "$1"); do
		if [ -e "$KTREE/$f" ]; then
			ln -f "$KTREE/$f" "$scratch/$f"
		else
			rm -f "$scratch/$f"
		fi
	done
	exec 9>&-
}

reverse_apply() {
	local f
	reverse_setup || { echo "cannot make the scratch tree $scratch"; return 1; }
	for f in $(touched_files "$1"); do
		[ -f "$scratch/$f" ] && cp --remove-destination "$KTREE/$f" "$scratch/$f"
	done
	if ! patch -p1 -R -F0 -s -f -d "$scratch" -i "$root/$1" >/dev/null 2>&1; then
		reverse_restore "$1"
		echo "does not reverse-apply to $KTREE (patch -R -F0)"
		return 1
	fi
}
