# guest-bench.sh - the guest half of `make bench-kpcore`, sourced by
# guest.sh in place of guest-cases.sh.  Prints "bench WHAT FIGURES" lines
# that run.sh turns into BENCHMARKS.md's table.  Every configuration is
# measured in this one boot; kpb_bench.ko documents the figures.
B=/proc/kpb_bench
N=200000	# calls per round
R=9		# rounds; the median is kept
mem() {
	echo "bench mem $1 $(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
}
call() {
	echo "call $N $R" >$B && echo "bench call $1 $(cat $B)"
}
path() {
	echo "bench path $1 $(grep -A1 kpb_bench_target /sys/kernel/tracing/enabled_functions |
		tr '\n\t' '  ')"
}

insmod $M/kpb_bench.ko
call unpatched

mem before-kpcore
insmod $M/kpp_bench.ko
mem after-kpcore
path kpcore-direct
call kpcore-direct
echo 0 >$K/kpp_bench/enabled
rmmod kpp_bench

echo 0 >/sys/module/kpcore/parameters/direct
insmod $M/kpp_bench.ko
path kpcore-ftrace
call kpcore-ftrace
echo 0 >$K/kpp_bench/enabled
rmmod kpp_bench
echo 1 >/sys/module/kpcore/parameters/direct

mem before-livepatch
insmod $M/klp_bench.ko
klp_wait klp_bench
mem after-livepatch
path livepatch
call livepatch
echo 0 >/sys/kernel/livepatch/klp_bench/enabled
klp_gone klp_bench
rmmod klp_bench

call unpatched-again
echo "shadow 1024 $N $R" >$B && echo "bench shadow $(cat $B)"
rmmod kpb_bench
echo "bench spectre_v2 $(cat /sys/devices/system/cpu/vulnerabilities/spectre_v2)"
klog
