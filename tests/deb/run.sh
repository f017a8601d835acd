#!/bin/sh
# The Debian packages: dpkg-buildpackage -us -uc -b on a copy of the
# sources, lintian without an error, then the packages unpacked (never
# installed: the host's kernels and DKMS tree stay as they are) and the
# unpacked kpcheck run on examples/ (its plugins, found beside it, on the
# prepared tree), its manual page and bash completion there.  The
# packages are left in BUILD_DIR/deb/ for dkms-test.
#   tests/deb/run.sh [BUILD_DIR]          Ends with "deb: N passed, N failed".
#   tests/deb/run.sh --dkms KVER [BUILD_DIR]
#       kpcore-dkms's sources built by `dkms build` for the installed
#       kernel of that series (/lib/modules/KVER.*/build; KVER "": every
#       kernel with headers), in a DKMS tree and with a signing key of
#       its own.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dkms=0 kver=
# KVER may name a release (6.12.118+deb12-amd64): its series, 6.12.  An
# empty one builds for every kernel with headers.
if [ "${1:-}" = --dkms ]; then
	dkms=1 kver=$(echo "${2:-}" | cut -d. -f1,2 | sed 's/-.*//')
	shift 2
fi
O=$(mkdir -p "${1:-build}" && cd "${1:-build}" && pwd)
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-deb.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

dkms_build() {
	deb=$(ls "$O"/deb/kpcore-dkms_*_all.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || { echo "FAIL no kpcore-dkms package in $O/deb: make deb-test"; exit 1; }
	dpkg-deb -x "$deb" "$t/root"
	mkdir -p "$t/dkms"
	src=$(ls -d "$t"/root/usr/src/kpcore-* | head -1)
	ver=${src##*/kpcore-}
	found=0
	for b in /lib/modules/*/build; do
		[ -f "$b/Makefile" ] || continue
		k=${b#/lib/modules/}
		k=${k%/build}
		case $k in "$kver".* | "$kver"-*) ;; *) [ -z "$kver" ] || continue ;; esac
		found=1 built=
		# a signing key of its own too: dkms makes one on first use, and
		# the host's /var/lib/dkms stays as it is (two kernels at once
		# would race to make it there)
		if mok_signing_key=$t/mok.key mok_certificate=$t/mok.pub \
			dkms build -m kpcore -v "$ver" -k "$k" --sourcetree "$t/root/usr/src" \
			--dkmstree "$t/dkms" >"$t/dkms.log" 2>&1; then
			built=$(find "$t/dkms/kpcore/$ver/$k" -name 'kpcore.ko*' 2>/dev/null)
		fi
		if [ -n "$built" ]; then
			ok
		else
			bad "dkms build of kpcore $ver for $k:"
			tail -15 "$t/dkms.log"
			cat "$t/dkms/kpcore/$ver/build/make.log" 2>/dev/null | grep -m5 'error'
		fi
	done
	[ $found = 1 ] || bad "no kernel headers of ${kver:-any kernel} in /lib/modules"
	echo "dkms${kver:+ $kver}: $pass passed, $fail failed"
	[ $fail = 0 ]
	exit
}
[ $dkms = 0 ] || dkms_build

# A copy of the sources git knows (the work tree as it is, not build/).
mkdir "$t/src"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp -a --parents -t "$t/src"
(cd "$t/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
	dpkg-buildpackage -us -uc -b >"$t/build.log" 2>&1)
rc=$?
[ $rc = 0 ] && ok || { bad "dpkg-buildpackage exit $rc:"; tail -20 "$t/build.log"; }
for p in kpcheck kpcore-dkms; do
	ls "$t"/${p}_*.deb >/dev/null 2>&1 && ok || bad "no $p package"
done
rm -rf "$O/deb"
mkdir -p "$O/deb"
cp "$t"/*.deb "$t"/*.changes "$t"/*.buildinfo "$O/deb/" 2>/dev/null

lintian --fail-on error "$t"/*.changes >"$t/lintian.log" 2>&1
rc=$?
[ $rc = 0 ] && ok || { bad "lintian errors:"; grep '^E:' "$t/lintian.log" | head -20; }
grep '^W:' "$t/lintian.log" | sed 's/^/lintian: /'

# The unpacked program, on the examples.
for d in "$t"/*.deb; do dpkg-deb -x "$d" "$t/root"; done
kp=$t/root/usr/bin/kpcheck
"$kp" --no-tree examples/data-layout-ko.patch >"$t/out" 2>&1
[ $? = 1 ] && grep -q '^verdict: not eligible' "$t/out" && ok ||
	{ bad "installed kpcheck on data-layout-ko.patch:"; tail -3 "$t/out"; }
"$kp" --no-tree examples/changed-function-ok.patch >"$t/out" 2>&1
[ $? = 0 ] && ok || { bad "installed kpcheck on changed-function-ok.patch:"; tail -3 "$t/out"; }
KTREE=${KTREE:-$(sh scripts/ktree.sh --ready)}
if [ -n "$KTREE" ]; then
	# the source tier: its plugin comes from the package, beside the binary
	"$kp" -C "$KTREE" examples/data-layout-ko.patch >"$t/out" 2>&1
	grep -q 'at offset' "$t/out" && ok || { bad "installed kpcheck's source tier:"; tail -3 "$t/out"; }
fi
[ -f "$t/root/usr/lib/kpcheck/kpcheck-source.so" ] && ok || bad "no source plugin"
man -l "$t/root/usr/share/man/man1/kpcheck.1.gz" 2>/dev/null | grep -q -- '--git' && ok ||
	bad "no manual page"
# The packaged completion, asked as bash would ask it on TAB after WORDS:
# complete WORDS... prints its candidates.
complete_words() {
	(cd "$t" && bash -c '. /usr/share/bash-completion/bash_completion
		. "$0"
		COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_kpcheck "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		echo "${COMPREPLY[*]}"' \
		"$t/root/usr/share/bash-completion/completions/kpcheck" "$@" 2>&1)
}
got=$(complete_words "$kp" tri)
[ "$got" = triage ] && ok || bad "completion of 'kpcheck tri': '$got'"
# rule ids come from the installed kpcheck's catalogue
got=$(complete_words "$kp" -W data-l)
[ "$got" = data-layout ] && ok || bad "completion of 'kpcheck -W data-l': '$got'"
got=$(complete_words "$kp" triage --ht)
[ "$got" = --html ] && ok || bad "completion of 'kpcheck triage --ht': '$got'"
ls "$t"/root/usr/src/kpcore-*/dkms.conf >/dev/null 2>&1 && ok || bad "no dkms.conf in kpcore-dkms"
echo "deb: $pass passed, $fail failed"
[ $fail = 0 ]
