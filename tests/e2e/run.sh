#!/bin/sh
# run.sh - kpcore's end-to-end suite: build kpcore.ko and the test modules
# against the installed Debian kernel's headers, pack them with busybox
# into an initramfs, boot that kernel in qemu (TCG) and compare each
# case's guest output with expected/CASE.out, addresses and pids masked.
# Ends with "N passed, N failed"; exit status 1 if any case failed.
# With "bench", the same boot runs guest-bench.sh instead and the figures
# are printed as the markdown of BENCHMARKS.md's kpcore section.
#
# usage: run.sh BUILD_DIR [bench]   (E2E_CASES=FILE runs another case file)
set -e
O=$(cd "${1:-build}" 2>/dev/null && pwd || { mkdir -p "${1:-build}"; cd "${1:-build}"; pwd; })
SRC=$(cd "$(dirname "$0")/../.." && pwd)
E=$SRC/tests/e2e

# The kernel is the one Debian's linux-image-amd64 depends on, found now.
KVER=$(dpkg-query -W -f='${Depends}' linux-image-amd64 |
	sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
KBUILD=/lib/modules/$KVER/build
[ -d "$KBUILD" ] && [ -f "/boot/vmlinuz-$KVER" ] ||
	{ echo "e2e: kernel $KVER or its headers missing" >&2; exit 2; }

W=$O/e2e
LOG=$O/e2e/console.log
mkdir -p "$W"

# The size kpcore checks is kallsyms' (the gap to the next symbol).  No
# System.map ships with the image, so one short boot reads it from the
# guest's /proc/kallsyms; it is cached per kernel version.
probe_size() {
	cache=$W/size-$KVER-$1
	if [ ! -s "$cache" ]; then
		r=$W/probe && rm -rf "$r" && mkdir -p "$r/bin" "$r/proc"
		cp /bin/busybox "$r/bin/busybox"
		cat >"$r/init" <<PROBE
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
set -- \$(sort /proc/kallsyms | awk '\$1 != a && f { print a, \$1; exit }
	\$3 == "$1" { a = \$1; f = 1 }')
a=\${1#????????}; b=\${2#????????}
printf 'size=0x%x\\n' \$((0x\$b - 0x\$a))
poweroff -f
PROBE
		chmod +x "$r/init"
		(cd "$r" && find . | cpio -o -H newc 2>/dev/null) >"$W/probe.cpio"
		timeout 60 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 256 \
			-display none -monitor none -serial "file:$W/probe.log" \
			-net none -no-reboot -kernel "/boot/vmlinuz-$KVER" \
			-initrd "$W/probe.cpio" -append 'console=ttyS0 panic=-1 quiet' \
			</dev/null || true
		tr -d '\r' <"$W/probe.log" | sed -n 's/^size=//p' >"$cache"
	fi
	size=$(cat "$cache")
	case "$size" in
	0x[1-9a-f]*) echo "$size" ;;
	*) echo "e2e: cannot size $1 in the guest" >&2; rm -f "$cache"; exit 1 ;;
	esac
}

build_modules() {
	size=$(probe_size cmdline_proc_show)
	rm -rf "$O/kmod/kpcore" "$W/modules"
	mkdir -p "$O/kmod/kpcore" "$W/modules"
	cp "$SRC"/kmod/*.c "$SRC"/kmod/*.h "$SRC"/kmod/*.S "$SRC"/kmod/Kbuild \
	   "$SRC"/shadow/shadow.c "$SRC"/shadow/shadow.h "$O/kmod/kpcore/"
	make -s -C "$KBUILD" M="$O/kmod/kpcore" modules >"$W/build.log" 2>&1 ||
		{ cat "$W/build.log" >&2; exit 1; }
	cp "$E"/modules/* "$SRC"/kmod/kpcore.h "$SRC"/kmod/kpcheck-patch*.h \
	   "$SRC"/shadow/shadow.h "$W/modules/"
	make -s -C "$KBUILD" M="$W/modules" \
		KBUILD_EXTRA_SYMBOLS="$O/kmod/kpcore/Module.symvers" \
		KPT_CMDLINE_SIZE="$size" modules \
		>>"$W/build.log" 2>&1 || { cat "$W/build.log" >&2; exit 1; }
}

build_initramfs() {
	r=$W/root
	rm -rf "$r" && mkdir -p "$r/bin" "$r/m" "$r/proc" "$r/sys" "$r/dev"
	cp /bin/busybox "$r/bin/busybox"
	cp "$O/kmod/kpcore/kpcore.ko" "$W"/modules/*.ko "$r/m/"
	copy_kpcheck "$r"
	head -c 100 "$W/modules/kpp_meminfo.ko" >"$r/m/truncated.ko"
	cp "$E/guest.sh" "$r/guest.sh"
	cp "${E2E_CASES:-$E/guest-$1.sh}" "$r/guest-cases.sh"
	cat >"$r/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs tracefs /sys/kernel/tracing
dmesg -n 1
insmod /m/kpcore.ko
echo "### guest start"
sh /guest.sh
echo "### guest done"
poweroff -f
INIT
	chmod +x "$r/init"
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null) >"$W/initramfs.cpio"
}

boot() {
	rm -f "$LOG"
	timeout 200 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 512 \
		-display none -monitor none -serial "file:$LOG" -net none \
		-no-reboot -kernel "/boot/vmlinuz-$KVER" \
		-initrd "$W/initramfs.cpio" \
		-append 'console=ttyS0 panic=-1 quiet' </dev/null || true
	tr -d '\r' <"$LOG" >"$LOG.txt"
}

# Addresses, pids, timings and memory figures change from boot to boot.
mask() {
	sed -E -e 's/0x[0-9a-f]+/ADDR/g' -e 's/pid [0-9]+/pid N/g' \
		-e 's/^(Mem[A-Za-z]*: +)[0-9]+ kB/\1N kB/' \
		-e 's/\b[0-9a-f]{16}\b/ADDR/g'
}

compare() {
	pass=0 fail=0
	for exp in "$E"/expected/*.out; do
		c=$(basename "$exp" .out)
		sed -n "/^### case $c\$/,/^### end $c\$/p" "$LOG.txt" |
			sed '1d;$d' | mask >"$W/$c.got"
		if grep -q "^### end $c\$" "$LOG.txt" &&
		   mask <"$exp" | diff -u - "$W/$c.got" >"$W/$c.diff"; then
			echo "ok   $c"; pass=$((pass + 1))
		else
			echo "FAIL $c (see $W/$c.diff)"; cat "$W/$c.diff"
			fail=$((fail + 1))
		fi
	done
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# The real kpcheck runs in the guest, with the shared libraries ldd names
# (the dynamic loader among them) at the same paths.
copy_kpcheck() {
	[ -x "$O/kpcheck" ] || { echo "e2e: $O/kpcheck missing: make all" >&2; exit 2; }
	cp "$O/kpcheck" "$1/bin/kpcheck"
	for lib in $(ldd "$O/kpcheck" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\).*/\1/p'); do
		mkdir -p "$1$(dirname "$lib")"
		cp -L "$lib" "$1$lib"
	done
}

# bench KEY NAME loop_ps=.. call_ps=..: the calls' figures as a table.
# Cost of a call = its loop minus the empty loop; overhead = cost minus
# the unpatched call's cost.
report() {
	grep '^bench ' "$LOG.txt" >"$W/bench.txt" || true
	awk -v date="$(date -u +%Y-%m-%d)" -f "$E/bench.awk" "$W/bench.txt"
}

build_modules
if [ "${2:-}" = bench ]; then
	build_initramfs bench
	boot
	report
	grep -q '^bench shadow ' "$W/bench.txt" || { echo "bench: incomplete, see $LOG.txt" >&2; exit 1; }
	exit 0
fi
build_initramfs cases
boot
# A guest that never finished gets one more boot, its first log kept; a
# wrong result never does.  Seen once in six boots on 2 cores
# (2026-11-27): both stress kthreads in a soft lockup after insmod of the
# stress case's kpcore patch; the race is still open (doc/kpcore.md).
if ! grep -q '^### guest done$' "$LOG.txt"; then
	cp "$LOG.txt" "$W/console-first-boot.txt"
	echo "e2e: the guest did not finish, see $W/console-first-boot.txt: booting once more"
	boot
fi
compare
