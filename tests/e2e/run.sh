#!/bin/sh
# run.sh - kpcore's end-to-end suite: build kpcore.ko and the test modules
# against the chosen Debian kernel's headers, pack them with busybox
# into an initramfs, boot that kernel in qemu (TCG) and compare each
# case's guest output with expected/CASE.out, addresses and pids masked.
# Ends with "N passed, N failed"; exit status 1 if any case failed.
# With "bench", the same boot runs guest-bench.sh instead and the figures
# are printed as the markdown of BENCHMARKS.md's kpcore section.
#
# usage: run.sh BUILD_DIR [bench]
#   E2E_CASES=FILE  runs another case file
#   E2E_ONLY=CASE   runs only that case of guest-cases.sh
#   E2E_BOOTS=N     boots N times and counts the boots with every case
#                   passed (an intermittent failure shows as N - passed)
#   E2E_ACCEL=A     qemu's -accel for the cases (see boot() below)
#   KVER=6.12       boots that kernel (tests/kernel.sh; default: 6.1, the
#                   one linux-image-amd64 depends on); the work directory
#                   is BUILD_DIR/e2e/RELEASE
#   KPCHECK_ARTIFACTS=DIR  a failed run leaves the console and each
#                   failed case's diff there (make check's GROUP@KVER
#                   directory, one per kernel)
set -e
O=$(cd "${1:-build}" 2>/dev/null && pwd || { mkdir -p "${1:-build}"; cd "${1:-build}"; pwd; })
SRC=$(cd "$(dirname "$0")/../.." && pwd)
E=$SRC/tests/e2e

. "$SRC/tests/kernel.sh"
KREL=$(kernel_release) || exit 2
KBUILD=/lib/modules/$KREL/build
[ -f "$KBUILD/Makefile" ] ||
	{ echo "e2e: the headers of $KREL are missing: $KBUILD" >&2; exit 2; }

case ${E2E_BOOTS:-1} in
[1-9] | [1-9][0-9] | [1-9][0-9][0-9]) ;;
*) echo "e2e: E2E_BOOTS=$E2E_BOOTS: want a number from 1 to 999" >&2; exit 2 ;;
esac

W=$O/e2e/$KREL
LOG=$W/console.log
mkdir -p "$W"

# The size kpcore checks is kallsyms' (the gap to the next symbol).  No
# System.map ships with the image, so one short boot reads it from the
# guest's /proc/kallsyms; it is cached per kernel version.
probe_size() {
	cache=$W/size-$1
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
			-net none -no-reboot -kernel "/boot/vmlinuz-$KREL" \
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
	rm -rf "$W/kpcore" "$W/modules"
	mkdir -p "$W/kpcore" "$W/modules"
	cp "$SRC"/kmod/*.c "$SRC"/kmod/*.h "$SRC"/kmod/*.S "$SRC"/kmod/Kbuild \
	   "$SRC"/shadow/shadow.c "$SRC"/shadow/shadow.h "$W/kpcore/"
	make -s -C "$KBUILD" M="$W/kpcore" modules >"$W/build.log" 2>&1 ||
		{ cat "$W/build.log" >&2; exit 1; }
	cp "$E"/modules/* "$SRC"/kmod/kpcore.h "$SRC"/kmod/kpcheck-patch*.h \
	   "$SRC"/shadow/shadow.h "$W/modules/"
	make -s -C "$KBUILD" M="$W/modules" \
		KBUILD_EXTRA_SYMBOLS="$W/kpcore/Module.symvers" \
		KPT_CMDLINE_SIZE="$size" modules \
		>>"$W/build.log" 2>&1 || { cat "$W/build.log" >&2; exit 1; }
}

build_initramfs() {
	r=$W/root
	rm -rf "$r" && mkdir -p "$r/bin" "$r/m" "$r/proc" "$r/sys" "$r/dev"
	cp /bin/busybox "$r/bin/busybox"
	cp "$W/kpcore/kpcore.ko" "$W"/modules/*.ko "$r/m/"
	copy_kpcheck "$r"
	head -c 100 "$W/modules/kpp_meminfo.ko" >"$r/m/truncated.ko"
	cp "$E/guest.sh" "$r/guest.sh"
	if [ -n "${E2E_ONLY:-}" ]; then
		sed -n "/^case_begin $E2E_ONLY\$/,/^case_end $E2E_ONLY\$/p" \
			"$E/guest-$1.sh" >"$r/guest-cases.sh"
		[ -s "$r/guest-cases.sh" ] ||
			{ echo "e2e: no case '$E2E_ONLY' in $E/guest-$1.sh" >&2; exit 2; }
	else
		cp "${E2E_CASES:-$E/guest-$1.sh}" "$r/guest-cases.sh"
	fi
	cat >"$r/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs tracefs /sys/kernel/tracing
dmesg -n 1
# A soft lockup ends the boot at once, its stack on the console (panic()
# raises the console loglevel), instead of at run.sh's timeout.
echo 1 >/proc/sys/kernel/softlockup_panic
insmod /m/kpcore.ko
echo "### guest start"
sh /guest.sh
echo "### guest done"
poweroff -f
INIT
	chmod +x "$r/init"
	(cd "$r" && find . | cpio -o -H newc 2>/dev/null) >"$W/initramfs.cpio"
}

# $1: qemu's -accel.  The cases run with one host thread for both vCPUs
# (thread=single).  With a thread per vCPU, QEMU 7.2 (Debian 12) now and
# then keeps running a translation of a code byte that another vCPU has
# since rewritten: caught with ftrace's text_poke_bp() putting a call in
# place of the int3 it wrote first, a vCPU calling that function traps on
# the old int3 for ever, because the kernel's int3 handler, seeing the
# call in memory, backs up to run it again (kprobe_int3_handler()).  The
# stress case, whose kthreads call the function a patch is inserted on,
# hung that way in 1 boot in 6 to 1 in 20 (doc/kpcore.md).  One thread
# runs the suite as fast on 2 cores.  The benchmark, which patches no
# code another CPU runs, keeps a thread per vCPU.
CASES_ACCEL=${E2E_ACCEL:-tcg,thread=single}
boot() {
	rm -f "$LOG"
	t0=$(date +%s)
	timeout 200 qemu-system-x86_64 -accel "$1" -cpu max -smp 2 -m 512 \
		-display none -monitor none -serial "file:$LOG" -net none \
		-no-reboot -kernel "/boot/vmlinuz-$KREL" \
		-initrd "$W/initramfs.cpio" \
		-append 'console=ttyS0 panic=-1 quiet' </dev/null || true
	tr -d '\r' <"$LOG" >"$LOG.txt"
	echo "boot: $KREL, $(($(date +%s) - t0)) s from qemu's start to its exit"
}

# Addresses, pids, timings and memory figures change from boot to boot.
mask() {
	sed -E -e 's/0x[0-9a-f]+/ADDR/g' -e 's/pid [0-9]+/pid N/g' \
		-e 's/^(Mem[A-Za-z]*: +)[0-9]+ kB/\1N kB/' \
		-e 's/\b[0-9a-f]{16}\b/ADDR/g'
}

# expected/CASE.out is the output on 6.1; expected/SERIES.sed, if there
# is one for the booted kernel's series (6.12), rewrites the lines where
# that kernel differs, each with the reason.
SERIES=${KREL%.*-*}
expect() {
	if [ -f "$E/expected/$SERIES.sed" ]; then
		sed -f "$E/expected/$SERIES.sed" "$1"
	else
		cat "$1"
	fi
}

compare() {
	pass=0 fail=0
	rm -f "$W"/*.diff
	for exp in "$E"/expected/${E2E_ONLY:-*}.out; do
		c=$(basename "$exp" .out)
		sed -n "/^### case $c\$/,/^### end $c\$/p" "$LOG.txt" |
			sed '1d;$d' | mask >"$W/$c.got"
		if grep -q "^### end $c\$" "$LOG.txt" &&
		   expect "$exp" | mask | diff -u - "$W/$c.got" >"$W/$c.diff"; then
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

# A guest that never finished fails its remaining cases; say why first.
finished() {
	grep -q '^### guest done$' "$LOG.txt" && return 0
	echo "e2e: the guest did not finish, see $LOG.txt:"
	grep -E -m 8 'soft lockup|Kernel panic|RIP:|BUG|Oops' "$LOG.txt" || true
	return 1
}

# The console and the failed cases' diffs, for make check to keep.
keep_failed() {
	[ -n "${KPCHECK_ARTIFACTS:-}" ] && mkdir -p "$KPCHECK_ARTIFACTS" || return 0
	cp "$LOG.txt" "$KPCHECK_ARTIFACTS/console-$KREL.txt"
	for d in "$W"/*.diff; do
		[ -s "$d" ] && cp "$d" "$KPCHECK_ARTIFACTS/"
	done
	return 0
}

# E2E_BOOTS=N: N boots, each compared; a failed one's console is kept.
boots() {
	good=0
	rm -f "$W"/console-boot-*.txt
	for i in $(seq "$1"); do
		if (finished && compare) >"$W/boot.out" 2>&1; then
			good=$((good + 1))
		else
			cp "$LOG.txt" "$W/console-boot-$i.txt"
			echo "boot $i failed, its console kept as $W/console-boot-$i.txt:"
			grep -v '^ok ' "$W/boot.out" | head -n 20
		fi
		echo "boot $i: $good of $i passed"
		[ "$i" = "$1" ] || boot $CASES_ACCEL
	done
	echo "$1 boots: $good passed, $(($1 - good)) failed"
	[ "$good" = "$1" ]
}

build_modules
if [ "${2:-}" = bench ]; then
	build_initramfs bench
	boot tcg
	report
	grep -q '^bench shadow ' "$W/bench.txt" || { echo "bench: incomplete, see $LOG.txt" >&2; exit 1; }
	exit 0
fi
build_initramfs cases
boot $CASES_ACCEL
if [ -n "${E2E_BOOTS:-}" ]; then
	boots "$E2E_BOOTS"
	exit
fi
finished || true
compare || { keep_failed; exit 1; }
