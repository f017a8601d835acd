#!/bin/bash
# How many refused fixes `kpcheck rework` turns into a livepatch that is
# eligible, builds and loads: the table of BENCHMARKS.md.
#
#   tests/bench/rework.sh [-o RESULTS.tsv]        (as root; make bench-rework)
#
# The cases: the corpus's refused cases of the first six rework classes
# (line-shift, jump-label, signature-change, data-layout/shadow-needed,
# data-init-change, header-change/inline-propagation) -- a tree-tier case
# whose expected output has an error of one of those rules, and the
# source corpus's rework-* cases but existing-state's (a skeleton to
# complete) -- and the real fixes that tests/bench/real-verdicts.tsv
# labels refused by one of those rules.  A fix the tree already carries
# (a real fix, a corpus case tagged kpcheck-applies: no) is taken out of
# a hard-linked scratch copy of the tree (SCRATCH, default
# /tmp/kpcheck-rework-$UID) first; its files are linked back after.
# Each case: judged (`kpcheck -C`; a case kpcheck does not refuse is
# listed and not counted), reworked (`kpcheck rework`: exit 0 is
# eligible, exit 3 every finding answered with nothing left to patch,
# counted as reworked), built (`kpcheck build`), then every module is loaded and
# unloaded with `kpcheck load/unload` in one qemu guest (TCG) of the
# Debian kernel: it must switch and leave no Oops/BUG/WARNING.
# Results (name, rules, rework exit, lines added, built, loaded, outcome)
# go to RESULTS (default build/rework-bench.tsv); a markdown table and
# the share are printed.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=build/rework-bench.tsv
[ "${1:-}" = -o ] && { out=$2; shift 2; }
kp=${KPCHECK:-$root/build/kpcheck}
ktree=$(sh scripts/ktree.sh) || exit 2
fixes=${REAL_FIXES:-/work/shared/real-fixes/6.1-stable}
scratch=${SCRATCH:-/tmp/kpcheck-rework-$(id -u)}
classes='line-shift|jump-label|signature-change|data-layout|shadow-needed|data-init-change|header-change|inline-propagation'
KVER=$(dpkg-query -W -f='${Depends}' linux-image-amd64 |
	sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
map=$root/build/symbols/System.map-$KVER
[ -s "$map" ] || { echo "rework bench: $map missing: run make build-test once" >&2; exit 2; }
w=$root/build/rework-bench
rm -rf "$w" && mkdir -p "$w/m" "$w/tmp"
export TMPDIR=$w/tmp

[ -d "$scratch" ] || cp -al "$ktree" "$scratch" || exit 2

# The digest of a case's diff (from its first "diff" line).
body() { sed -n '/^diff /,$p' "$1" | md5sum | cut -d' ' -f1; }

# The cases, one "name<TAB>patch<TAB>reversed(yes|no)" a line.
cases() {
	grep -l 'kpcheck-exit-value: 1' tests/corpus/*.patch tests/corpus/source/*.patch |
		xargs grep -l '^kpcheck-command: .*-C \$KTREE' |
		xargs grep -lE "error: .*\[($classes)\]" | xargs grep -L 'kpcheck rework' |
		while read -r p; do
			rev=no; grep -q '^kpcheck-applies: no' "$p" && rev=yes
			body "$p" >>"$w/bodies"
			printf '%s\t%s\t%s\n' "$(basename "$p" .patch)" "$p" "$rev"
		done
	# (a real fix among them is measured with the real fixes; a rework
	# case on the diff of a case listed above is that case again)
	for p in tests/corpus/source/rework-*.patch; do
		case $p in *existing-state*) continue ;; esac
		grep -q '^kpcheck-applies: no' "$p" && continue
		grep -qxF "$(body "$p")" "$w/bodies" 2>/dev/null && continue
		printf '%s\t%s\tno\n' "$(basename "$p" .patch)" "$p"
	done
	awk -F'\t' -v re="^($classes)\$" '$2 == "stable" && $3 == "refuse" && $4 ~ re { print $1 }' \
		tests/bench/real-verdicts.tsv | while read -r f; do
		printf '%s\t%s\tyes\n' "${f%.patch}" "$fixes/$f"
	done
}

touched() { sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1" | sort -u; }

# Take the fix out of the scratch tree (yes) or not; link back (undo).
prepare() {
	for f in $(touched "$1"); do cp --remove-destination "$ktree/$f" "$scratch/$f"; done
	patch -R -p1 -s -f -F0 -d "$scratch" -i "$1" >/dev/null 2>&1 </dev/null
}
undo() {
	for f in $(touched "$1"); do ln -f "$ktree/$f" "$scratch/$f" 2>/dev/null; done
}

printf 'name\trules\trework_exit\tlines_added\tbuilt\tloaded\toutcome\n' >"$out"
cases >"$w/cases.tsv"
while IFS=$'\t' read -r name patch rev; do
	tree=$ktree
	if [ "$rev" = yes ]; then
		prepare "$patch" || { printf '%s\t-\t-\t-\t-\t-\tdoes not reverse-apply\n' "$name" >>"$out"; undo "$patch"; continue; }
		tree=$scratch
	fi
	"$kp" -C "$tree" "$patch" >"$w/$name.judge" 2>&1 </dev/null
	rc=$?
	rules=$(sed -n 's/.*: error: .*\[\([a-z-]*\)\]$/\1/p' "$w/$name.judge" | sort -u | paste -sd, -)
	# Eligible with warnings of the classes (line-shift, header-change):
	# reworked too, counted apart.
	[ $rc = 0 ] && rules=$(sed -n 's/.*: warning: .*\[\([a-z-]*\)\]$/\1/p' "$w/$name.judge" |
		grep -E "^($classes)\$" | sort -u | sed 's/$/ (warning)/' | paste -sd, -)
	if [ $rc != 1 ] && { [ $rc != 0 ] || [ -z "$rules" ]; }; then
		printf '%s\t%s\t-\t-\t-\t-\tnot refused (exit %s)\n' "$name" "${rules:--}" $rc >>"$out"
		[ "$rev" = yes ] && undo "$patch"; continue
	fi
	"$kp" rework "$patch" -C "$tree" -o "$w/$name.rework.patch" >"$w/$name.rework" 2>&1 </dev/null
	rrc=$?
	added=$(sed -n 's/^rework: \([0-9]*\) lines\{0,1\} added.*/\1/p' "$w/$name.rework")
	built=- outcome=
	if [ $rrc = 0 ]; then
		mod=rw_$(echo "$name" | tr -c 'a-zA-Z0-9\n' _ | cut -c1-40)
		if "$kp" build --kernel "$KVER" "$w/$name.rework.patch" -C "$tree" -o "$w/m/$mod.ko" \
			--symbols "$map" >"$w/$name.build" 2>&1 </dev/null; then built=yes; echo "$name $mod" >>"$w/built"
		else built=no outcome="does not build: $(tail -1 "$w/$name.build")"; fi
	elif [ $rrc = 3 ]; then
		# Every finding answered and nothing left to patch (what the fix
		# changed, the rework dropped): answered, nothing to build.
		outcome="nothing to patch: every finding answered"
	else
		outcome=$(grep -m1 -E ': (refused|needs review|not answered) \[' "$w/$name.rework" |
			sed 's/^[^ ]*: //' | cut -c1-120)
		[ -n "$outcome" ] || outcome="rework exit $rrc"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t-\t%s\n' "$name" "$rules" $rrc "${added:--}" "$built" "$outcome" >>"$out"
	[ "$rev" = yes ] && undo "$patch"
done <"$w/cases.tsv"

# One guest: each built module loaded, switched, unloaded, log clean.
guest() {
	r=$w/root
	mkdir -p "$r/bin" "$r/m" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp /bin/busybox "$r/bin/busybox"
	cp "$kp" "$r/bin/kpcheck"
	for lib in $(ldd "$kp" | grep -o '/[^ ]*'); do
		mkdir -p "$r$(dirname "$lib")" && cp -L "$lib" "$r$lib"
	done
	cp "$w"/m/*.ko "$r/m/"
	cp tests/build/guest/lib.sh "$r/lib.sh"
	{
		echo '#!/bin/busybox sh'
		echo '/bin/busybox --install -s /bin; export PATH=/bin'
		echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev'
		echo 'dmesg -n 1; . /lib.sh'
		while read -r name mod; do
			echo "mark=\$(dmesg | wc -l)"
			echo "if klp_load $mod && klp_unload $mod && log_clean \$mark >/tmp/log; then"
			echo "  echo 'LOADED $name'; else echo 'NOTLOADED $name'; fi"
		done <"$w/built"
		echo 'poweroff -f'
	} >"$r/init"
	chmod +x "$r/init"
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null) >"$w/initramfs.cpio"
	timeout 1200 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512 \
		-display none -monitor none -serial "file:$w/console.log" -net none \
		-no-reboot -kernel "/boot/vmlinuz-$KVER" -initrd "$w/initramfs.cpio" \
		-append 'console=ttyS0 panic=-1 quiet no_timer_check' </dev/null >/dev/null 2>&1
	tr -d '\r' <"$w/console.log" >"$w/console.txt"
}
[ -s "$w/built" ] && guest
awk -F'\t' -v OFS='\t' -v con="$w/console.txt" '
	BEGIN { while ((getline l < con) > 0) { split(l, a, " "); st[a[2]] = a[1] } }
	NR > 1 && $5 == "yes" {
		$6 = st[$1] == "LOADED" ? "yes" : "no"
		$7 = $6 == "yes" ? "eligible, builds, loads" : "does not load"
	}
	{ print }' "$out" >"$out.tmp" && mv "$out.tmp" "$out"

# The table, and the shares (a case answered with nothing to patch
# counts as reworked): over the refused cases; over those but the ones
# the class refuses by design (const or __ro_after_init data, a member
# retyped in live objects); over
# the eligible cases with warnings of the classes.
awk -F'\t' '
	NR == 1 { print "| case | refused by | rework exit | lines added | builds | loads | outcome |"
		  print "|---|---|---|---|---|---|---|"; next }
	$7 ~ /^not refused|reverse-apply/ { skip++; print "| " $1 " | " $2 " | | | | | " $7 " |"; next }
	{
		ok = $6 == "yes" || $7 ~ /^nothing to patch/
		if ($2 ~ /warning/) { wn++; wok += ok } else { n++; rok += ok; design += $7 ~ /^refused/ }
		print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $6 " | " $7 " |"
	}
	END {
		printf "\nrefused, reworked into an eligible, building, loading livepatch: %d of %d (%d %%)\n",
			rok, n, n ? 100 * rok / n : 0
		printf "the same without the %d refused by design (const, __ro_after_init, retyped member): %d of %d (%d %%)\n",
			design, rok, n - design, n - design ? 100 * rok / (n - design) : 0
		printf "eligible with warnings of the classes, reworked without them, building, loading: %d of %d\n",
			wok, wn
		if (skip) printf "not counted: %d (not refused, or not in the tree: does not reverse-apply)\n", skip
	}' "$out"
