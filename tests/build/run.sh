#!/bin/sh
# run.sh - kpcheck build's tests: build a livepatch module from each patch
# of cases/ against the prepared Debian 6.1 tree, check what kpcheck build
# refuses, then boot the Debian kernel in qemu (TCG) with the modules in a
# busybox initramfs and run each case's guest check (cases/NAME.sh): the
# /proc output before, while patched, and after unpatching.
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

# kpcore itself, from kmod/ as tests/e2e builds it, for the kpcore cases.
build_kpcore() {
	K=$W/kpcore
	mkdir -p "$K" && cp "$SRC"/kmod/*.[chS] "$SRC"/kmod/Kbuild \
		"$SRC"/shadow/shadow.c "$SRC"/shadow/shadow.h "$K/"
	make -s -C "/lib/modules/$KVER/build" M="$K" modules >"$K/build.log" 2>&1 ||
		{ ko build-kpcore "$(tail -3 "$K/build.log")"; return 1; }
	cp "$K/kpcore.ko" "$W/m/"
	export KPCHECK_KPCORE_SYMVERS="$K/Module.symvers"
}

# kpcore cannot resolve a module's unexported symbols: refused, nothing written.
refuse_kpcore_module() {
	"$KPCHECK" build "$T/cases/binfmt-module.patch" -C "$KTREE" --target kpcore \
		-o "$W/refused-kpcore.ko" >/dev/null 2>"$W/refused-kpcore.err"
	rc=$?
	if [ $rc = 0 ] || [ $rc = 1 ]; then ko refuse-kpcore-module "exit $rc"
	elif ! grep -q 'unexported symbol.* of a module' "$W/refused-kpcore.err"; then
		ko refuse-kpcore-module "no reason given"
	elif ls "$W"/refused-kpcore.ko* "$W"/.refused-kpcore.ko* >/dev/null 2>&1; then
		ko refuse-kpcore-module "output written"
	elif [ -n "$(ls "$W/tmp")" ]; then ko refuse-kpcore-module "scratch left behind"
	else ok refuse-kpcore-module; fi
}

# Build one case; check the stamps modinfo shows.
build_case() {
	name=$1 patch=${1%.kpcore} target=livepatch
	[ "$patch" != "$name" ] && target=kpcore
	mod=$(echo "$name" | tr -- -. __)
	if ! "$KPCHECK" build "$T/cases/$patch.patch" -C "$KTREE" -o "$W/m/$mod.ko" \
		--target $target >"$W/$name.out" 2>"$W/$name.err"; then
		ko "build-$name" "kpcheck build failed: $(tail -3 "$W/$name.err")"; return 1
	fi
	sha=$(sha256sum "$T/cases/$patch.patch" | cut -d' ' -f1)
	info=$(/sbin/modinfo "$W/m/$mod.ko")
	for want in "kpcheck.core: *$target" "kpcheck.verdict: *eligible" "kpcheck.patch: *$sha" \
		    "kpcheck.kernel: *$KVER" "vermagic: *$KVER "; do
		echo "$info" | grep -q "^$want" || { ko "build-$name" "modinfo lacks '$want'"; return 1; }
	done
	[ -z "$(ls "$W/tmp")" ] || { ko "build-$name" "scratch left behind"; return 1; }
	ok "build-$name"
}

# The object tier's cross-check: for filesystems-static gcc now inlines
# __get_fs_type into get_fs_type, a change the patch does not carry, and
# it says so; for uptime-callbacks (callbacks included) the two agree.
crosscheck() {
	e=$W/filesystems-static.err
	if [ -f "$e" ]; then
		if grep -q "note: fs/filesystems.c: 'get_fs_type' changed in the object, but is not carried" "$e"
		then ok crosscheck-uncarried; else ko crosscheck-uncarried "no note for get_fs_type"; fi
	fi
	e=$W/uptime-callbacks.err
	if [ -f "$e" ]; then
		if grep -q 'cross-checking' "$e" && ! grep -q '\] note: ' "$e"
		then ok crosscheck-agrees; else ko crosscheck-agrees "$(grep -m1 'note: ' "$e")"; fi
	fi
}

initramfs() {
	r=$W/root
	rm -rf "$r" && mkdir -p "$r/bin" "$r/m" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp /bin/busybox "$r/bin/busybox"
	cp "$W"/m/*.ko "$r/m/"
	cp "$(find "/lib/modules/$KVER/kernel/fs" -name binfmt_misc.ko)" "$r/m/"
	cp "$T/guest/lib.sh" "$r/lib.sh"
	{
		echo '#!/bin/busybox sh'
		echo '/bin/busybox --install -s /bin'
		echo 'export PATH=/bin'
		echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev'
		echo 'dmesg -n 1; . /lib.sh; echo "### guest start"'
		[ -f "$W/m/kpcore.ko" ] && echo 'insmod /m/kpcore.ko || echo "FAIL kpcore: insmod"'
		for c in $built; do echo "echo '### case $c'"; cat "$T/cases/$c.sh"; done
		echo 'echo "### guest done"; dmesg | grep -iE "livepatch|kpcheck" | tail -40'
		echo 'poweroff -f'
	} >"$r/init"
	chmod +x "$r/init"
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null) >"$W/initramfs.cpio"
}

boot() {
	timeout 300 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512 \
		-display none -monitor none -serial "file:$W/console.log" -net none \
		-no-reboot -kernel "/boot/vmlinuz-$KVER" -initrd "$W/initramfs.cpio" \
		-append 'console=ttyS0 panic=-1 quiet' </dev/null >/dev/null 2>&1
	tr -d '\r' <"$W/console.log" >"$W/console.txt"
}

refuse
built=
case "$cases" in *.kpcore*) build_kpcore && refuse_kpcore_module ;; esac
for c in $cases; do build_case "$c" && built="$built $c"; done
crosscheck
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
