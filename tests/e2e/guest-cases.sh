# guest-cases.sh - the e2e cases themselves; sourced by guest.sh.

case_begin cmdline
run cat /proc/cmdline
run insmod $M/kpp_cmdline.ko
run cat /proc/cmdline
run cat /proc/cmdline
run cat $K/kpp_cmdline/enabled $K/kpp_cmdline/functions $K/shadow_count
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run cat /proc/cmdline $K/kpp_cmdline/enabled $K/shadow_count
run sh -c "echo 1 > $K/kpp_cmdline/enabled"
run cat /proc/cmdline $K/shadow_count
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run rmmod kpp_cmdline
run cat /proc/cmdline $K/shadow_count
run ls $K
case_end cmdline

# Where the redirected call sits: with IBT (6.12) after the endbr64 that
# starts the function, __pfx_ padding before it; then the patch's switch
# both ways, the trampoline returning into the old body after fentry.
case_begin entry
entry_view cmdline_proc_show
run insmod $M/kpp_cmdline.ko
run cat /proc/cmdline
ftrace_view cmdline_proc_show
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run cat /proc/cmdline
ftrace_view cmdline_proc_show
run sh -c "echo 1 > $K/kpp_cmdline/enabled"
run cat /proc/cmdline
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run rmmod kpp_cmdline
run cat /proc/cmdline
case_end entry

case_begin meminfo
run grep -c . /proc/meminfo
run insmod $M/kpp_meminfo.ko
run cat /proc/meminfo
run sh -c "echo 0 > $K/kpp_meminfo/enabled"
run rmmod kpp_meminfo
run grep -c Patched /proc/meminfo
case_end meminfo

case_begin stacked
run insmod $M/kpp_cmdline.ko
run insmod $M/kpp_stack.ko
run cat /proc/cmdline
ftrace_view cmdline_proc_show
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run rmmod kpp_cmdline
run sh -c "echo 0 > $K/kpp_stack/enabled"
run cat /proc/cmdline
run rmmod kpp_stack
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run rmmod kpp_cmdline
run cat /proc/cmdline $K/shadow_count
case_end stacked

# The same stack through kpcore_ops' handler instead of direct calls.
case_begin fallback
run sh -c "echo 0 > /sys/module/kpcore/parameters/direct"
run insmod $M/kpp_cmdline.ko
run insmod $M/kpp_stack.ko
ftrace_view cmdline_proc_show
run cat /proc/cmdline
run sh -c "echo 0 > $K/kpp_stack/enabled"
run rmmod kpp_stack
run cat /proc/cmdline
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run rmmod kpp_cmdline
run cat /proc/cmdline $K/shadow_count
ftrace_view cmdline_proc_show
run sh -c "echo 1 > /sys/module/kpcore/parameters/direct"
case_end fallback

case_begin activeness
run insmod $M/kpt_target.ko
run sh -c "echo sleep > /proc/kpt_target"
run insmod $M/kpp_sleep.ko
run ls $K
run sh -c "echo wake > /proc/kpt_target"
run insmod $M/kpp_sleep.ko
run cat $K/kpp_sleep/functions
run sh -c "echo 0 > $K/kpp_sleep/enabled"
run rmmod kpp_sleep
run rmmod kpt_target
case_end activeness

case_begin module-first
run insmod $M/kpt_target.ko
run cat /proc/kpt_target
run insmod $M/kpp_target.ko
run cat /proc/kpt_target $K/kpp_target/functions
run sh -c "echo 0 > $K/kpp_target/enabled"
run cat /proc/kpt_target
run rmmod kpp_target
run rmmod kpt_target
case_end module-first

case_begin module-later
run insmod $M/kpp_target.ko
run cat $K/kpp_target/functions
run insmod $M/kpt_target.ko
run cat /proc/kpt_target $K/kpp_target/functions
run rmmod kpt_target
run cat $K/kpp_target/functions
run insmod $M/kpt_target.ko
run cat /proc/kpt_target
run sh -c "echo 0 > $K/kpp_target/enabled"
run cat /proc/kpt_target
run rmmod kpp_target
run rmmod kpt_target
case_end module-later

case_begin livepatch
run insmod $M/klp_meminfo.ko
klp_wait klp_meminfo
run grep Patched /proc/meminfo
run insmod $M/kpp_meminfo.ko
run grep Patched /proc/meminfo
run ls $K
run sh -c "echo 0 > /sys/kernel/livepatch/klp_meminfo/enabled"
klp_gone klp_meminfo
run rmmod klp_meminfo
run insmod $M/kpp_meminfo.ko
run insmod $M/klp_meminfo.ko
run grep Patched /proc/meminfo
run sh -c "echo 0 > $K/kpp_meminfo/enabled"
run rmmod kpp_meminfo
run grep -c Patched /proc/meminfo
case_end livepatch

case_begin errors
run insmod $M/kpt_target.ko
run insmod $M/kpp_missing.ko
run insmod $M/kpp_size.ko
run insmod $M/kpp_notrace.ko
run ls $K
run cat /proc/cmdline /proc/kpt_target
run rmmod kpt_target
case_end errors

case_begin stress
run insmod $M/kpt_target.ko
run sh -c "echo stress 3 > /proc/kpt_target"
run insmod $M/kpp_target.ko
n=0 fail=0
while [ $n -lt 1000 ]; do
	echo 0 > $K/kpp_target/enabled || fail=$((fail + 1))
	echo 1 > $K/kpp_target/enabled || fail=$((fail + 1))
	n=$((n + 1))
done
echo "cycles=$n failed=$fail"
run sh -c "echo stop > /proc/kpt_target"
run cat /proc/kpt_target
run sh -c "echo 0 > $K/kpp_target/enabled"
run rmmod kpp_target
run insmod $M/kpp_cmdline.ko
n=0
while [ $n -lt 100 ]; do
	cat /proc/cmdline >/dev/null
	echo 0 > $K/kpp_cmdline/enabled
	echo 1 > $K/kpp_cmdline/enabled
	n=$((n + 1))
done
run cat /proc/cmdline
run sh -c "echo 0 > $K/kpp_cmdline/enabled"
run rmmod kpp_cmdline kpt_target
run cat $K/shadow_count
case_end stress

case_begin load
run kpcheck load $M/kpp_meminfo.ko
run kpcheck list
run grep Patched /proc/meminfo
run kpcheck unload kpp_meminfo
run kpcheck load $M/klp_meminfo.ko
run kpcheck list
run grep Patched /proc/meminfo
run kpcheck unload klp_meminfo
run grep -c Patched /proc/meminfo
run kpcheck load $M/kpp_stack.ko
run kpcheck load $M/truncated.ko
run kpcheck load
run kpcheck list
case_end load
