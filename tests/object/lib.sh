# Sourced by the object-tier case scripts (diff.sh, malformed.sh).

# build_pair CASE OBJ: a scratch directory $out (removed on exit) holding
# $out/orig/OBJ and $out/patched/OBJ built by pair.sh; a failed build
# prints the end of its log and exits 125, a status kpcheck never
# returns, so the case fails on its exit value.
build_pair() {
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
	if ! sh "$here/pair.sh" "$1" "$out" "$2" >"$out/build.log" 2>&1; then
		echo "tests/object: building $2 failed:" >&2
		tail -20 "$out/build.log" >&2
		exit 125
	fi
}
