#!/bin/sh
# run.sh - kpcheck build's tests: build a livepatch module from each patch
# of cases/ against the prepared Debian 6.1 tree, check what kpcheck build
# refuses, then boot the Debian kernel in qemu (TCG) with the modules in a
# busybox initramfs and run each case's guest check (cases/NAME.sh): the
# /proc output before, while patched, and after unpatching.  Every load
# and unload goes through `kpcheck load` / `kpcheck unload`.
#
# Cases: NAME.patch with NAME.sh (livepatch target) and NAME.kpcore.sh
# (kpcore target).  kpatch-*.patch are kpatch's integration cases with a
# LOADED test that apply to the Debian 6.1 tree (GPL-2.0 test data from
# github.com/dynup/kpatch test/integration/); rf-*.patch are real 6.1
# stable fixes the running kernel already has: they are taken out of a
# scratch copy of the tree, and the fix is built against that copy, so
# the carried code is the running kernel's own.  NAME.xfail says why a
# case is expected to be refused for now (XFAIL, not a failure).
# Modules are built with --symbols: vmlinux's symbol table, read once
# from a booted guest's /proc/kallsyms (cached per kernel).
# Ends with "N passed, N failed"; exit status 1 if any case failed.
#
# usage: run.sh BUILD_DIR [CASE...]
set -u
O=$(mkdir -p "${1:-build}" && cd "${1:-build}" && pwd); shift
SRC=$(cd "$(dirname "$0")/../.." && pwd)
T=$SRC/tests/build
KPCHECK=$O/kpcheck
KTREE=$(sh "$SRC/scripts/ktree.sh") || exit 2
# The kernel Debian's linux-image-amd64 depends on, found now.
KVER=$(dpkg-query -W -f='${Depends}' linux-image-amd64 |
	sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
[ -f "/boot/vmlinuz-$KVER" ] || { echo "build-test: /boot/vmlinuz-$KVER missing" >&2; exit 2; }
W=$O/build-test
rm -rf "$W" && mkdir -p "$W/m" "$W/tmp"
export TMPDIR="$W/tmp"
passed=0 failed=0
ok() { echo "PASS $1"; passed=$((passed + 1)); }
ko() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
# Modules the guest cases patch or need; copied from the installed kernel.
GUEST_MODULES="binfmt_misc nbd"

# NAME.sh checks the livepatch-target module, NAME.kpcore.sh the kpcore one.
cases=${*:-$(cd "$T/cases" && ls *.sh | sed 's/\.sh$//')}

# Not eligible: exit 1, the findings, no module, no scratch directory.
refuse() {
	"$KPCHECK" build "$T/cases/cmdline-init-ko.patch" -C "$KTREE" \
		-o "$W/refused.ko" >"$W/refused.out" 2>"$W/refused.err"
	rc=$?
	if [ $rc != 1 ]; then ko refuse-not-eligible "exit $rc, not 1"
	elif ! grep -q 'error: .*\[init-code\]' "$W/refused.out"; then ko refuse-not-eligible "no finding"
	elif ! grep -q '^verdict: not eligible' "$W/refused.out"; then ko refuse-not-eligible "no verdict"
	elif ls "$W"/refused.ko* "$W"/.refused.ko* >/dev/null 2>&1; then ko refuse-not-eligible "output written"
	elif [ -n "$(ls "$W/tmp")" ]; then ko refuse-not-eligible "scratch left behind"
	else ok refuse-not-eligible; fi
}

# vmlinux's symbol table for old_sympos: the guest's /proc/kallsyms, read
# in one short boot (gzip and base64 through the serial console).
probe_symbols() {
	MAP=$O/symbols/System.map-$KVER
	[ -s "$MAP" ] && return 0
	p=$W/probe && rm -rf "$p" && mkdir -p "$p/bin" "$p/proc" "$O/symbols"
	cp /bin/busybox "$p/bin/busybox"
	cat >"$p/init" <<'PROBE'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
echo "### kallsyms"
grep -v '\[' /proc/kallsyms | gzip -c | base64
echo "### end"
poweroff -f
PROBE
	chmod +x "$p/init"
	(cd "$p" && find . | cpio -o -H newc 2>/dev/null) >"$W/probe.cpio"
	timeout 600 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 256 -display none \
		-monitor none -serial "file:$W/probe.log" -net none -no-reboot \
		-kernel "/boot/vmlinuz-$KVER" -initrd "$W/probe.cpio" \
		-append 'console=ttyS0 panic=-1 quiet' </dev/null >/dev/null 2>&1
	tr -d '\r' <"$W/probe.log" | sed -n '/^### kallsyms/,/^### end/p' | sed '1d;$d' |
		base64 -d | gunzip >"$MAP.tmp" 2>/dev/null && [ "$(wc -l <"$MAP.tmp")" -gt 10000 ] &&
		mv "$MAP.tmp" "$MAP" || { rm -f "$MAP.tmp"; ko symbols "cannot read the guest's kallsyms"; return 1; }
}

# The scratch tree of the rf-* cases: a hard-linked copy of the prepared
# tree in which each fix's files are real copies, the fix reversed.
scratch_tree() {
	RFTREE=$W/tree
	cp -al "$KTREE" "$RFTREE" || return 1
	for c in $cases; do
		case $c in rf-*) ;; *) continue ;; esac
		p=$T/cases/${c%.kpcore}.patch
		for f in $(sed -n 's,^+++ b/\([^[:space:]]*\).*,\1,p' "$p"); do
			cp --remove-destination "$KTREE/$f" "$RFTREE/$f"
		done
		patch -d "$RFTREE" -R -p1 -s -f <"$p" >/dev/null 2>&1 ||
			ko "scratch-$c" "the fix does not reverse-apply"
	done
}

# Build one case; check the stamps and the dependencies modinfo shows:
# none for livepatch (module symbols are livepatch relocations), kpcore
# alone for kpcore.
build_case() {
	name=$1 patch=${1%.kpcore} target=livepatch tree=$KTREE
	[ "$patch" != "$name" ] && target=kpcore
	case $patch in rf-*) tree=$RFTREE ;; esac
	mod=$(echo "$name" | tr -- -. __)
	start=$(date +%s)
	if ! "$KPCHECK" build "$T/cases/$patch.patch" -C "$tree" -o "$W/m/$mod.ko" \
		--target $target --symbols "$MAP" >"$W/$name.out" 2>"$W/$name.err"; then
		if [ -f "$T/cases/$patch.xfail" ]; then
			echo "XFAIL build-$name: $(cat "$T/cases/$patch.xfail")"; return 1
		fi
		ko "build-$name" "kpcheck build failed: $(tail -3 "$W/$name.err")"; return 1
	fi
	if [ -f "$T/cases/$patch.xfail" ]; then
		ko "build-$name" "built, but $patch.xfail expects a refusal: remove it"; return 1
	fi
	echo "  build-$name: $(($(date +%s) - start)) s"
	sha=$(sha256sum "$T/cases/$patch.patch" | cut -d' ' -f1)
	info=$(/sbin/modinfo "$W/m/$mod.ko")
	for want in "kpcheck.core: *$target" "kpcheck.verdict: *eligible" "kpcheck.patch: *$sha" \
		    "kpcheck.kernel: *$KVER" "vermagic: *$KVER "; do
		echo "$info" | grep -q "^$want" || { ko "build-$name" "modinfo lacks '$want'"; return 1; }
	done
	deps=$(/sbin/modinfo -F depends "$W/m/$mod.ko")
	want=; [ $target = kpcore ] && want=kpcore
	[ "$deps" = "$want" ] || { ko "build-$name" "depends on '$deps', not '$want'"; return 1; }
	[ -z "$(ls "$W/tmp")" ] || { ko "build-$name" "scratch left behind"; return 1; }
	ok "build-$name"
}

# The object diff decides what is carried: for filesystems-static gcc now
# inlines __get_fs_type into get_fs_type, which the source tier does not
# name, so it is carried with a note; for shadow-newpid the changed
# task_context_switch_counts is inlined into proc_pid_status, which is
# carried; for uptime-callbacks (callbacks included) the two agree.
crosscheck() {
	e=$W/filesystems-static.err
	if [ -f "$e" ]; then
		if grep -q "note: fs/filesystems.c: 'get_fs_type' changed in the object, and is carried" "$e"
		then ok crosscheck-carried; else ko crosscheck-carried "no note for get_fs_type"; fi
	fi
	e=$W/uptime-callbacks.err
	if [ -f "$e" ]; then
		if grep -q 'diffing' "$e" && ! grep -q '\] note: ' "$e"
		then ok crosscheck-agrees; else ko crosscheck-agrees "$(grep -m1 'note: ' "$e")"; fi
	fi
	e=$W/kpatch-shadow-newpid.err
	if [ -f "$e" ]; then
		if grep -q "'proc_pid_status' changed in the object, and is carried" "$e"
		then ok crosscheck-inlined; else ko crosscheck-inlined "proc_pid_status not carried"; fi
	fi
}

# kpcheck itself runs in the guest (load/unload), with the shared
# libraries ldd names, and kpcore.ko where `make kmod` puts it beside it.
copy_kpcheck() {
	cp "$KPCHECK" "$1/bin/kpcheck"
	for lib in $(ldd "$KPCHECK" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\).*/\1/p'); do
		mkdir -p "$1$(dirname "$lib")"
		cp -L "$lib" "$1$lib"
	done
	if [ -f "$O/kmod/kpcore/kpcore.ko" ]; then
		mkdir -p "$1/bin/kmod/kpcore"
		cp "$O/kmod/kpcore/kpcore.ko" "$1/bin/kmod/kpcore/"
	fi
}

initramfs() {
	r=$W/root
	rm -rf "$r" && mkdir -p "$r/bin" "$r/m" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp /bin/busybox "$r/bin/busybox"
	copy_kpcheck "$r"
	cp "$W"/m/*.ko "$r/m/"
	for g in $GUEST_MODULES; do
		cp "$(find "/lib/modules/$KVER/kernel" -name "$g.ko")" "$r/m/"
	done
	cp "$T/guest/lib.sh" "$r/lib.sh"
	{
		echo '#!/bin/busybox sh'
		echo '/bin/busybox --install -s /bin'
		echo 'export PATH=/bin'
		echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev'
		echo 'dmesg -n 1; . /lib.sh; echo "### guest start"'
		for c in $built; do echo "echo '### case $c'"; cat "$T/cases/$c.sh"; done
		echo 'bad=$(log_clean 0) && pass guest-log-clean || fail guest-log-clean "$bad"'
		echo 'echo "### guest done"; dmesg | grep -iE "livepatch|kpcheck|kpcore" | tail -40'
		echo 'poweroff -f'
	} >"$r/init"
	chmod +x "$r/init"
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null) >"$W/initramfs.cpio"
}

boot() {
	timeout 900 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512 \
		-display none -monitor none -serial "file:$W/console.log" -net none \
		-no-reboot -kernel "/boot/vmlinuz-$KVER" -initrd "$W/initramfs.cpio" \
		-append 'console=ttyS0 panic=-1 quiet' </dev/null >/dev/null 2>&1
	tr -d '\r' <"$W/console.log" >"$W/console.txt"
}

# old_sympos from a crafted System.map: the real one with a second
# filesystems_proc_show (the static function filesystems-static replaces)
# placed first and far from fs/filesystems.c's other symbols, so the real
# one, next to them, is the 2nd; then, for kpatch-meminfo-string, a map
# where nothing tells two meminfo_proc_show apart: a clear error.
sympos_cases() {
	p=$T/cases/filesystems-static.patch
	{ echo "ffffffff80000000 t filesystems_proc_show"; cat "$MAP"; } >"$W/sympos.map"
	if ! "$KPCHECK" build "$p" -C "$KTREE" -o "$W/sympos.ko" --symbols "$W/sympos.map" \
		--keep-tmp >/dev/null 2>"$W/sympos.err"; then
		ko sympos-crafted "build failed: $(tail -2 "$W/sympos.err")"
	else
		kept=$(sed -n 's/.*scratch directory kept: //p' "$W/sympos.err")
		if grep -q 'old_name = "filesystems_proc_show", .old_sympos = 2,' "$kept/mod/kpcheck_main.c"
		then ok sympos-crafted; else ko sympos-crafted "old_sympos is not 2"; fi
		rm -rf "$kept"
	fi
	p=$T/cases/kpatch-meminfo-string.patch
	printf 'ffffffff81000000 t meminfo_proc_show\nffffffff82000000 t meminfo_proc_show\n' \
		>"$W/sympos-amb.map"
	"$KPCHECK" build "$p" -C "$KTREE" -o "$W/sympos-amb.ko" --symbols "$W/sympos-amb.map" \
		>/dev/null 2>"$W/sympos-amb.err"
	rc=$?
	if [ $rc = 2 ] && grep -q "'meminfo_proc_show' occurs 2 times in $W/sympos-amb.map" \
		"$W/sympos-amb.err" && [ ! -e "$W/sympos-amb.ko" ]; then ok sympos-ambiguous
	else ko sympos-ambiguous "exit $rc: $(tail -1 "$W/sympos-amb.err")"; fi
}

# .data.once per entry (once-flag: __set_oom_adj's pr_warn_once flag
# __already_done.3): with a table in which the flag is unique, the
# carried code uses the kernel's own flag (a livepatch relocation) and
# carries no .data.once; with the real table, where 50 files have an
# __already_done.3 and nothing tells them apart, it gets a fresh flag of
# its own, and a note says so.
once_cases() {
	p=$T/cases/once-flag.patch
	grep -v ' __already_done\.3$' "$MAP" >"$W/once.map"
	grep -m1 ' __already_done\.3$' "$MAP" >>"$W/once.map"
	if ! "$KPCHECK" build "$p" -C "$KTREE" -o "$W/once.ko" --symbols "$W/once.map" \
		>/dev/null 2>"$W/once.err"; then ko once-kernel-flag "build failed: $(tail -2 "$W/once.err")"
	elif readelf -sW "$W/once.ko" | grep -q ' \.klp\.sym\.vmlinux\.__already_done\.3,0$' &&
	     ! readelf -SW "$W/once.ko" | grep -q '\.data\.once'; then ok once-kernel-flag
	else ko once-kernel-flag "no relocation to the kernel's __already_done.3"; fi
	e=$W/once-flag.err
	[ -f "$e" ] || return 0
	if grep -q "which '__already_done.3' of the kernel is __set_oom_adj.isra.0's cannot be told" "$e" &&
	   [ "$(readelf -SW "$W/m/once_flag.ko" | grep -c ' \.data\.once ')" = 1 ]
	then ok once-fresh-flag; else ko once-fresh-flag "no note, or not one fresh .data.once"; fi
}

refuse
probe_symbols || exit 1
built=
case "$cases" in *rf-*) scratch_tree ;; esac
for c in $cases; do build_case "$c" && built="$built $c"; done
crosscheck
sympos_cases
once_cases
if [ -n "$built" ]; then
	initramfs && boot
	grep -q '^### guest done' "$W/console.txt" || ko guest "did not finish (see $W/console.txt)"
	while read -r verdict rest; do
		case $verdict in
		PASS) ok "$rest" ;;
		FAIL) ko "${rest%%:*}" "${rest#*: }" ;;
		esac
	done <<GUEST
$(grep -E '^(PASS|FAIL) ' "$W/console.txt")
GUEST
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
