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
# the carried code is the running kernel's own; rework-*.patch are fixes
# kpcheck refuses, built as `kpcheck rework` rewrites them.  NAME.xfail says why a
# case is expected to be refused for now (XFAIL, not a failure).
# Every build names the kernel (--kernel): the headers of more than one
# may be installed.  The guests boot with no_timer_check: under TCG on a
# loaded host the IO-APIC timer check can fail and panic the boot.
# Modules are built with no table given: kpcheck build reads vmlinux's
# from the kallsyms tables of /boot/vmlinuz.  A booted guest's
# /proc/kallsyms (read once, cached per kernel) is the independent
# oracle: crafted tables start from it, and the image's table must be it.
# Host checks besides: a table of another kernel refused, the image's
# table equal to the guest's, module names the target has refused, the
# compiled objects judged by rules/, cumulative modules (--base report,
# a revert refused); guest/cumulative.sh loads v1, v2 and v3 in turn.
# KVER=6.12 runs the cases of cases-6.12/ (real 6.12 stable fixes, the
# same way) against the 6.12 tree and boots that kernel; the checks that
# name 6.1's functions and flags (refusal, sympos, WARN_ONCE flags,
# crosscheck, symbol tables, names, cumulative) run on 6.1's cases/ only.
# Ends with "N passed, N failed"; exit status 1 if any case failed.
#
# usage: run.sh BUILD_DIR [CASE...]
set -u
O=$(mkdir -p "${1:-build}" && cd "${1:-build}" && pwd); shift
SRC=$(cd "$(dirname "$0")/../.." && pwd)
T=$SRC/tests/build
KPCHECK=$O/kpcheck
KTREE=$(sh "$SRC/scripts/ktree.sh") || exit 2
# The kernel the guest boots and every module is built for: KVER names
# it (tests/kernel.sh).
. "$SRC/tests/kernel.sh"
KREL=$(kernel_release) || exit 2
# Its cases: cases/ for 6.1, cases-SERIES/ for another.
SERIES=$(sh "$SRC/scripts/ktree.sh" --series)
C=$T/cases
[ "$SERIES" = 6.1 ] || C=$T/cases-$SERIES
[ -d "$C" ] || { echo "build-test: no cases for kernel $SERIES ($C)" >&2; exit 2; }
W=$O/build-test
rm -rf "$W" && mkdir -p "$W/m" "$W/tmp"
export TMPDIR="$W/tmp"
passed=0 failed=0
ok() { echo "PASS $1"; passed=$((passed + 1)); }
ko() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
# Modules the guest cases patch or need; copied from the installed kernel.
GUEST_MODULES="binfmt_misc nbd tls bonding"

# NAME.sh checks the livepatch-target module, NAME.kpcore.sh the kpcore one.
cases=${*:-$(cd "$C" && ls *.sh | sed 's/\.sh$//')}

# Not eligible: exit 1, the findings, no module, no scratch directory.
refuse() {
	"$KPCHECK" build --kernel "$KREL" "$C/cmdline-init-ko.patch" -C "$KTREE" \
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
	MAP=$O/symbols/System.map-$KREL
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
		-kernel "/boot/vmlinuz-$KREL" -initrd "$W/probe.cpio" \
		-append 'console=ttyS0 panic=-1 quiet no_timer_check' </dev/null >/dev/null 2>&1
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
		p=$C/${c%.kpcore}.patch
		for f in $(sed -n 's,^+++ b/\([^[:space:]]*\).*,\1,p' "$p"); do
			cp --remove-destination "$KTREE/$f" "$RFTREE/$f"
		done
		patch -d "$RFTREE" -R -p1 -s -f <"$p" >/dev/null 2>&1 ||
			ko "scratch-$c" "the fix does not reverse-apply"
	done
}

# rework-NAME.patch is a refused fix: `kpcheck rework` turns it into
# $W/rework-NAME.patch, eligible (exit 0), which is what is built.
rework_case() {
	[ -s "$W/$1.patch" ] && return 0
	if ! "$KPCHECK" rework "$C/$1.patch" -C "$2" -o "$W/$1.patch" \
		>"$W/$1.rework" 2>&1; then
		ko "rework-$1" "kpcheck rework: $(tail -2 "$W/$1.rework" | tr '\n' ' ')"
		return 1
	fi
	ok "rework-$1"
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
	src=$C/$patch.patch
	case $patch in rework-*) rework_case "$patch" "$tree" || return 1; src=$W/$patch.patch ;; esac
	if ! "$KPCHECK" build --kernel "$KREL" "$src" -C "$tree" -o "$W/m/$mod.ko" \
		--target $target >"$W/$name.out" 2>"$W/$name.err"; then
		if [ -f "$C/$patch.xfail" ]; then
			echo "XFAIL build-$name: $(cat "$C/$patch.xfail")"; return 1
		fi
		ko "build-$name" "kpcheck build failed: $(tail -3 "$W/$name.err")"; return 1
	fi
	if [ -f "$C/$patch.xfail" ]; then
		ko "build-$name" "built, but $patch.xfail expects a refusal: remove it"; return 1
	fi
	echo "  build-$name: $(($(date +%s) - start)) s"
	sha=$(sha256sum "$src" | cut -d' ' -f1)
	info=$(/sbin/modinfo "$W/m/$mod.ko")
	for want in "kpcheck.core: *$target" "kpcheck.verdict: *eligible" "kpcheck.patch: *$sha" \
		    "kpcheck.kernel: *$KREL" "vermagic: *$KREL "; do
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
		kernel_module "$KREL" "$g" "$r/m" || return 1
	done
	cp "$T/guest/lib.sh" "$r/lib.sh"
	{
		echo '#!/bin/busybox sh'
		echo '/bin/busybox --install -s /bin'
		echo 'export PATH=/bin'
		echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev'
		echo 'dmesg -n 1; . /lib.sh; echo "### guest start"'
		for c in $built; do echo "echo '### case $c'"; cat "$C/$c.sh"; done
		[ -z "${CUMUL:-}" ] || { echo "echo '### cumulative'"; cat "$T/guest/cumulative.sh"; }
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
		-no-reboot -kernel "/boot/vmlinuz-$KREL" -initrd "$W/initramfs.cpio" \
		-append 'console=ttyS0 panic=-1 quiet no_timer_check' </dev/null >/dev/null 2>&1
	tr -d '\r' <"$W/console.log" >"$W/console.txt"
}

# A table is the target kernel's or refused: 6.12's image for a 6.1
# build, and a map whose linux_banner is not where the image has it.
symbols_refused() {
	p=$T/cases/filesystems-static.patch
	other=$(ls /boot/vmlinuz-* | grep -v "vmlinuz-$KREL\$" | head -1)
	if [ -n "$other" ]; then
		"$KPCHECK" build --kernel "$KREL" "$p" -C "$KTREE" -o "$W/other.ko" --symbols "$other" \
			>/dev/null 2>"$W/other.err"
		rc=$?
		if [ $rc = 2 ] && grep -q "the table of kernel .*, not of $KREL" "$W/other.err" &&
		   [ ! -e "$W/other.ko" ]; then ok symbols-other-kernel
		else ko symbols-other-kernel "exit $rc: $(tail -1 "$W/other.err")"; fi
	fi
	awk '$3 == "linux_banner" { $1 = "ffffffff80000000" } { print }' "$MAP" >"$W/moved.map"
	"$KPCHECK" build --kernel "$KREL" "$p" -C "$KTREE" -o "$W/moved.ko" --symbols "$W/moved.map" \
		>/dev/null 2>"$W/moved.err"
	rc=$?
	if [ $rc = 2 ] && grep -q "moved.map: not the table of .*'linux_banner' lies elsewhere" \
		"$W/moved.err" && [ ! -e "$W/moved.ko" ]; then ok symbols-other-map
	else ko symbols-other-map "exit $rc: $(tail -1 "$W/moved.err")"; fi
}

# Cumulative modules (guest/cumulative.sh loads them): v1 from a
# directory of two fixes; v2 = v1 + a fix with a shadow variable, built
# --base v1 (the report: kept, added, the state); v3 drops a fix: refused
# without --allow-revert, built with it; kpcore has no atomic replace.
cumulative_build() {
	cb() { n=$1; shift; "$KPCHECK" build --kernel "$KREL" -C "$KTREE" -o "$W/m/$n.ko" "$@" \
		>"$W/$n.out" 2>"$W/$n.err"; }
	mkdir -p "$W/v1-fixes"
	cp "$C/cmdline-string.patch" "$W/v1-fixes/01-cmdline.patch"
	cp "$C/kpatch-meminfo-string.patch" "$W/v1-fixes/02-meminfo.patch"
	cb cumul_v1 "$W/v1-fixes" || { ko cumulative-build "v1: $(tail -1 "$W/cumul_v1.err")"; return 1; }
	cb cumul_v2 "$W/v1-fixes" "$C/loadavg-shadow.patch" --base "$W/m/cumul_v1.ko" ||
		{ ko cumulative-build "v2: $(tail -1 "$W/cumul_v2.err")"; return 1; }
	for want in "function kept    vmlinux:cmdline_proc_show (fixes 1)" \
		    "function added   vmlinux:loadavg_proc_show (fixes 3)" \
		    "state    added   0x6b70 version 1"; do
		grep -qF "  $want" "$W/cumul_v2.out" ||
			{ ko cumulative-build "v2's report lacks '$want'"; return 1; }
	done
	cb cumul_v3 "$W/v1-fixes/02-meminfo.patch" "$C/loadavg-shadow.patch" --base "$W/m/cumul_v2.ko"
	rc=$?
	if [ $rc != 1 ] || [ -e "$W/m/cumul_v3.ko" ] ||
	   ! grep -qF "function dropped vmlinux:cmdline_proc_show" "$W/cumul_v3.out" ||
	   ! grep -q "refused (--allow-revert to accept)" "$W/cumul_v3.err"; then
		ko cumulative-revert-refused "exit $rc: $(tail -1 "$W/cumul_v3.err")"; return 1
	fi
	ok cumulative-revert-refused
	cb cumul_v3 "$W/v1-fixes/02-meminfo.patch" "$C/loadavg-shadow.patch" \
		--base "$W/m/cumul_v2.ko" --allow-revert &&
		grep -qF "state    kept    0x6b70 version 1" "$W/cumul_v3.out" ||
		{ ko cumulative-build "v3: $(tail -1 "$W/cumul_v3.err")"; return 1; }
	"$KPCHECK" build --kernel "$KREL" -C "$KTREE" --target kpcore -o "$W/kp.ko" \
		"$W/v1-fixes" --base "$W/m/cumul_v1.ko" >/dev/null 2>"$W/kp.err"
	rc=$?
	if [ $rc = 2 ] && grep -q "kpcore has no atomic replace" "$W/kp.err"; then ok cumulative-kpcore-refused
	else ko cumulative-kpcore-refused "exit $rc: $(tail -1 "$W/kp.err")"; fi
	# without --base a kpcore module of several fixes is built, and says it stacks
	"$KPCHECK" build --kernel "$KREL" -C "$KTREE" --target kpcore -o "$W/kp.ko" \
		"$W/v1-fixes" >/dev/null 2>"$W/kp.err"
	rc=$?
	if [ $rc = 0 ] && grep -q "note: kpcore has no atomic replace: .*kp.ko stacks" "$W/kp.err" &&
	   "$KPCHECK" show "$W/kp.ko" | grep -q "^module kp: kpcore for kernel $KREL"
	then ok cumulative-kpcore-stacks; else ko cumulative-kpcore-stacks "exit $rc: $(tail -1 "$W/kp.err")"; fi
	"$KPCHECK" show "$W/m/cumul_v2.ko" >"$W/show.out" 2>&1
	if grep -q "^module cumul_v2: livepatch for kernel $KREL, .*atomic replace" "$W/show.out" &&
	   [ "$(grep -c '^fix ' "$W/show.out")" = 3 ] && grep -q '^state 0x6b70 version 1' "$W/show.out"
	then ok cumulative-show; else ko cumulative-show "$(head -3 "$W/show.out")"; fi
	ok cumulative-build
	CUMUL=1
}

# One judgement path: what the module would carry is judged by rules/
# on the compiled objects.  Without the source tier (a kpcheck with only
# the object plugin) the patch passes the judging run, and the jump label
# on bridge's own key is refused as a jump-label finding of the objects.
objects_judged() {
	d=$W/noclang && rm -rf "$d" && mkdir -p "$d"
	cp "$KPCHECK" "$O/kpcheck-object.so" "$d/"
	KPCHECK_KMOD_DIR=$SRC/kmod "$d/kpcheck" build --kernel "$KREL" \
		"$SRC/tests/corpus/source/jump-label-own-key-ko.patch" -C "$KTREE" \
		-o "$W/jl.ko" >"$W/jl.out" 2>"$W/jl.err"
	rc=$?
	if [ $rc = 1 ] && grep -q "^net/bridge/br_mst.o: error: br_mst_enabled()+0x[0-9a-f]*: 'br_mst_enabled' uses static key 'br_mst_used' of module 'bridge' \[jump-label\]" \
		"$W/jl.out" && [ ! -e "$W/jl.ko" ]; then ok objects-judged
	else ko objects-judged "exit $rc: $(tail -1 "$W/jl.err")"; fi
}

# Module names: a name the target already has is refused, the clash
# named (a built-in parameter's /sys/module/syscall, a modules.builtin
# module, an installed one); without -o the name is livepatch-PATCH.
modname_cases() {
	p=$T/cases/cmdline-string.patch
	for o in syscall:"built-in parameter 'syscall.x32'" \
		 amd-uncore:"built-in module kernel/arch/x86/events/amd/amd-uncore.ko" \
		 nbd:"installed module kernel/drivers/block/nbd.ko"; do
		n=${o%%:*} want=${o#*:}
		"$KPCHECK" build --kernel "$KREL" "$p" -C "$KTREE" -o "$W/$n.ko" \
			>/dev/null 2>"$W/name-$n.err"
		rc=$?
		if [ $rc = 2 ] && grep -q "module name '$(echo "$n" | tr - _)' is taken .*$want" \
			"$W/name-$n.err" && [ ! -e "$W/$n.ko" ]; then ok "modname-$n"
		else ko "modname-$n" "exit $rc: $(tail -1 "$W/name-$n.err")"; fi
	done
	mkdir -p "$W/defname"
	(cd "$W/defname" && "$KPCHECK" build --kernel "$KREL" "$p" -C "$KTREE") \
		>/dev/null 2>"$W/defname.err"
	if [ "$(/sbin/modinfo -F name "$W/defname/livepatch-cmdline-string.ko" 2>/dev/null)" = \
		livepatch_cmdline_string ]; then ok modname-default
	else ko modname-default "$(tail -1 "$W/defname.err")"; fi
}

# The table kpcheck reads from /boot/vmlinuz is the guest's /proc/kallsyms:
# names, types and order the same, addresses by the KASLR slide.
symbols_image() {
	"$KPCHECK" build --kernel "$KREL" --print-symbols >"$W/image.map" 2>"$W/image.err" || {
		ko symbols-image "$(tail -1 "$W/image.err")"; return; }
	awk 'NR == FNR { a[NR] = $0; n = NR; next }
	     { split(a[FNR], x, " ")
	       if (x[2] != $2 || x[3] != $3) { print "line " FNR ": " a[FNR] " / " $0; exit 1 } }
	     END { if (FNR != n) { print FNR " lines, not " n; exit 1 } }' \
		"$MAP" "$W/image.map" >"$W/image.diff" && ok symbols-image ||
		ko symbols-image "$(cat "$W/image.diff")"
}

# old_sympos from a crafted System.map: the real one with a second
# filesystems_proc_show (the static function filesystems-static replaces)
# placed first and far from fs/filesystems.c's other symbols, so the real
# one, next to them, is the 2nd; then, for kpatch-meminfo-string, a map
# where nothing tells two meminfo_proc_show apart: a clear error.
sympos_cases() {
	p=$C/filesystems-static.patch
	{ echo "ffffffff80000000 t filesystems_proc_show"; cat "$MAP"; } >"$W/sympos.map"
	if ! "$KPCHECK" build --kernel "$KREL" "$p" -C "$KTREE" -o "$W/sympos.ko" --symbols "$W/sympos.map" \
		--keep-tmp >/dev/null 2>"$W/sympos.err"; then
		ko sympos-crafted "build failed: $(tail -2 "$W/sympos.err")"
	else
		kept=$(sed -n 's/.*scratch directory kept: //p' "$W/sympos.err")
		if grep -q 'old_name = "filesystems_proc_show", .old_sympos = 2,' "$kept/mod/kpcheck_main.c"
		then ok sympos-crafted; else ko sympos-crafted "old_sympos is not 2"; fi
		rm -rf "$kept"
	fi
	p=$C/kpatch-meminfo-string.patch
	{ grep -v ' meminfo_proc_show$' "$MAP"
	  printf 'ffffffff80000000 t meminfo_proc_show\nffffffff80001000 t meminfo_proc_show\n'
	} >"$W/sympos-amb.map"
	"$KPCHECK" build --kernel "$KREL" "$p" -C "$KTREE" -o "$W/sympos-amb.ko" --symbols "$W/sympos-amb.map" \
		>/dev/null 2>"$W/sympos-amb.err"
	rc=$?
	if [ $rc = 2 ] && grep -q "'meminfo_proc_show' occurs 2 times in $W/sympos-amb.map" \
		"$W/sympos-amb.err" && [ ! -e "$W/sympos-amb.ko" ]; then ok sympos-ambiguous
	else ko sympos-ambiguous "exit $rc: $(tail -1 "$W/sympos-amb.err")"; fi
}

# vmlinux out of /boot/vmlinuz, by the tree's own script.
extract_vmlinux() {
	[ -s "$W/vmlinux" ] || sh "$KTREE/scripts/extract-vmlinux" "/boot/vmlinuz-$KREL" >"$W/vmlinux"
}

# Where the running kernel's own WARN_ONCE flag is, found apart from
# kpcheck: objdump decodes the `cmpb $0x0,FLAG(%rip)` that tests it in
# the kernel's copy of the function, and the table gives its position
# among the flags of that name.  Addresses are compared on their low 32
# bits (every kernel address starts ffffffff; sh has signed 64-bit
# arithmetic).  flag_pos_vmlinux FUNC FLAG: vmlinux (extracted from
# /boot/vmlinuz with the tree's own script), KASLR slide of the guest's
# table taken off.
flag_pos_vmlinux() {
	extract_vmlinux
	f=$(awk -v n="$1" '$3 == n { print substr($1, 9) }' "$MAP")
	run=$(awk '$3 == "_text" { print substr($1, 9) }' "$MAP")
	link=$(readelf -SW "$W/vmlinux" | awk '{ for (i = 1; i < NF; i++) if ($i == ".text") print substr($(i + 2), 9) }')
	at=$((0x$f - 0x$run + 0x$link))
	objdump -d --start-address=$(printf 0xffffffff%08x $at) \
		--stop-address=$(printf 0xffffffff%08x $((at + 4096))) "$W/vmlinux" |
		sed -n 's/.*cmpb  *\$0x0,.*(%rip) *# 0xffffffff\([0-9a-f]*\)$/\1/p' |
		while read -r t; do
			grep " $2\$" "$MAP" | grep -n "^ffffffff$(printf %08x $((0x$t - 0x$link + 0x$run))) " | cut -d: -f1
		done | head -1
}

# flag_pos_module KO FUNC FLAG: the .ko's relocation at that cmpb names
# .data.once+A; the flag is A plus the rest of the instruction after the field.
flag_pos_module() {
	off=$(objdump -dr "$1" --disassemble="$2" |
		awk '/cmpb +\$0x0,0x0\(%rip\)/ { split($0, a, "# "); end = a[2]; getline r
		     if (r ~ /\.data\.once/) { print end, r; exit } }' |
		sed 's/^\([0-9a-f]*\) .*[[:space:]]\([0-9a-f]*\): R_X86_64_PC32[[:space:]]*\.data\.once\(.*\)$/\1 \2 \3/')
	set -- "$1" "$3" $off
	flag=$(printf %x $((0x$3 - 0x$4 + ${5:-0})))
	readelf -sW "$1" | awk -v n="$2" '$8 == n { print $2 }' | grep -n "0*$flag\$" | cut -d: -f1
}

# .data.once per entry.  once-kernel-flag: with a table in which
# __set_oom_adj's pr_warn_once flag __already_done.3 is unique, the
# carried code uses the kernel's own flag.  once-exact-flag: with the
# real table, where 49 are named so and neither layout nor neighbours
# tell them apart, it is read off the kernel's code (/boot/vmlinuz) and
# is the one objdump finds.  once-fallback: an image whose copy of the
# function differs from the tree's is not trusted: a fresh flag and a
# note.  once-module-flag: br_stp_set_enabled's ASSERT_RTNL flag
# __already_done.8, one of two in bridge.ko and the only flag of
# br_stp_if.o (nothing for the layout to go by), from the .ko's own
# relocation.
once_cases() {
	p=$C/once-flag.patch
	grep -v ' __already_done\.3$' "$MAP" >"$W/once.map"
	grep -m1 ' __already_done\.3$' "$MAP" >>"$W/once.map"
	if ! "$KPCHECK" build --kernel "$KREL" "$p" -C "$KTREE" -o "$W/once.ko" --symbols "$W/once.map" \
		>/dev/null 2>"$W/once.err"; then ko once-kernel-flag "build failed: $(tail -2 "$W/once.err")"
	elif readelf -sW "$W/once.ko" | grep -q ' \.klp\.sym\.vmlinux\.__already_done\.3,0$' &&
	     ! readelf -SW "$W/once.ko" | grep -q '\.data\.once'; then ok once-kernel-flag
	else ko once-kernel-flag "no relocation to the kernel's __already_done.3"; fi
	once_module
	once_fallback
	e=$W/once-flag.err
	[ -f "$e" ] || return 0
	want=$(flag_pos_vmlinux __set_oom_adj.isra.0 __already_done.3)
	if [ -n "$want" ] && ! grep -q 'cannot be told' "$e" &&
	   readelf -sW "$W/m/once_flag.ko" | grep -q " \.klp\.sym\.vmlinux\.__already_done\.3,$want\$" &&
	   ! readelf -SW "$W/m/once_flag.ko" | grep -q '\.data\.once'
	then ok once-exact-flag; else ko once-exact-flag "not the kernel's __already_done.3 at position '$want'"; fi
}

# poke IMAGE SYMBOL OFFSET: one byte of the image's copy of SYMBOL changed.
poke() {
	f=$(awk -v n="$2" '$3 == n { print substr($1, 9) }' "$MAP")
	run=$(awk '$3 == "_text" { print substr($1, 9) }' "$MAP")
	off=$(readelf -SW "$1" | awk '{ for (i = 1; i < NF; i++) if ($i == ".text") print $(i + 3) }')
	printf '\220' | dd of="$1" bs=1 seek=$((0x$off + 0x$f - 0x$run + $3)) conv=notrunc 2>/dev/null
}

# Both parts refer to the flag, and either alone would tell it: change
# a byte no relocation covers in each (after the hot part's 5-byte
# fentry call, the cold part's first).
once_fallback() {
	extract_vmlinux
	cp "$W/vmlinux" "$W/vmlinux-other"
	poke "$W/vmlinux-other" __set_oom_adj.isra.0 5
	poke "$W/vmlinux-other" __set_oom_adj.isra.0.cold 0
	"$KPCHECK" build --kernel "$KREL" "$C/once-flag.patch" -C "$KTREE" -o "$W/once-other.ko" \
		--symbols "$MAP" --vmlinux "$W/vmlinux-other" >/dev/null 2>"$W/once-other.err"
	rm -f "$W/vmlinux-other"
	if grep -q "which '__already_done.3' of the kernel is __set_oom_adj.isra.0's cannot be told" \
		"$W/once-other.err" && [ "$(readelf -SW "$W/once-other.ko" | grep -c ' \.data\.once ')" = 1 ]
	then ok once-fallback; else ko once-fallback "no note, or not one fresh .data.once"; fi
}

once_module() {
	kernel_module "$KREL" bridge "$W" || { ko once-module-flag "no bridge.ko"; return; }
	k=$W/bridge.ko
	want=$(flag_pos_module "$k" br_stp_set_enabled __already_done.8)
	"$KPCHECK" build --kernel "$KREL" "$C/once-flag-stp.patch" -C "$KTREE" -o "$W/once-stp.ko" \
		--symbols "$MAP" >/dev/null 2>"$W/once-stp.err"
	if [ "$(readelf -sW "$k" | grep -c ' __already_done\.8$')" -gt 1 ] && [ -n "$want" ] &&
	   readelf -sW "$W/once-stp.ko" | grep -q " \.klp\.sym\.bridge\.__already_done\.8,$want\$"
	then ok once-module-flag; else ko once-module-flag "not bridge's __already_done.8 at position '$want'"; fi
}


# A header change set carried (no guest check): pipe_buf_confirm() of
# include/linux/pipe_fs_i.h is expanded in fs/pipe.c, fs/splice.c (vmlinux)
# and fs/fuse/dev.c (fuse), none of them in the patch; the module holds a
# replacement from each file, as the object diff of the three files says.
header_set() {
	"$KPCHECK" build --kernel "$KREL" "$T/cases/header-set.patch" -C "$KTREE" -o "$W/header-set.ko" \
		--symbols "$MAP" >"$W/header-set.out" 2>"$W/header-set.err"
	rc=$?
	syms=$(nm "$W/header-set.ko" 2>/dev/null | awk '$2 == "t" { print $3 }')
	missing=
	for f in pipe_read pipe_write iter_file_splice_write __splice_from_pipe fuse_copy_fill \
		 fuse_copy_page; do
		echo "$syms" | grep -qx "$f" || missing="$missing $f"
	done
	if [ $rc != 0 ]; then ko header-set "exit $rc: $(tail -2 "$W/header-set.err")"
	elif ! grep -q '^verdict: eligible .* in 3 files (vmlinux and 1 module)' "$W/header-set.out"
	then ko header-set "verdict: $(tail -1 "$W/header-set.out")"
	elif [ -n "$missing" ]; then ko header-set "not carried:$missing"
	else ok header-set; fi
}

[ "$SERIES" = 6.1 ] && refuse
probe_symbols || exit 1
built=
case "$cases" in *rf-*) scratch_tree ;; esac
for c in $cases; do build_case "$c" && built="$built $c"; done
if [ "$SERIES" = 6.1 ]; then
	crosscheck
	sympos_cases
	once_cases
	header_set
fi
		[ -z "${CUMUL:-}" ] || { echo "echo '### cumulative'"; cat "$T/guest/cumulative.sh"; }
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
