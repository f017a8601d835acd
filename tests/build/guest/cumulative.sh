# Cumulative livepatches (tests/build/run.sh cumulative_build): cumul_v1
# carries two fixes (cmdline-string, kpatch-meminfo-string), cumul_v2
# those and loadavg-shadow (a shadow variable, its klp_state), cumul_v3
# drops cmdline-string (built with --allow-revert).  Each replaces the
# one before atomically; the shadow count survives v2 -> v3.
# the count is per reader's parent: sed must be this shell's own child
reads() { sed -n 's/.*shadow reads=//p' /proc/loadavg >/tmp/reads; }
fixes_live() {
	c=0; m=0
	grep -q kpcheck=patched /proc/cmdline && c=1
	grep -q VMALLOCCHUNK /proc/meminfo && m=1
	echo "$c$m"
}
cumulative() {
	mark=$(dmesg | wc -l)
	klp_load cumul_v1 || { fail cumulative-v1 "load: $(tail -1 /tmp/load.out)"; return; }
	[ "$(fixes_live)" = 11 ] || { fail cumulative-v1 "fixes live: $(fixes_live)"; return; }
	pass cumulative-v1
	# a workload through the patched functions while v2 replaces v1
	( while :; do cat /proc/cmdline /proc/meminfo /proc/loadavg >/dev/null; done ) &
	wl=$!
	klp_load cumul_v2 || { kill $wl; fail cumulative-v2 "load: $(tail -1 /tmp/load.out)"; return; }
	kill $wl
	# the replaced patch is disabled at once; its sysfs entry goes later
	[ "$(cat "$KLP/cumul_v1/enabled" 2>/dev/null)" = 1 ] &&
		{ fail cumulative-v2 "v1 is still enabled"; return; }
	[ "$(fixes_live)" = 11 ] || { fail cumulative-v2 "fixes live: $(fixes_live)"; return; }
	reads; r1=$(cat /tmp/reads)
	reads; r2=$(cat /tmp/reads)
	[ -n "$r1" ] && [ "$r2" = $((r1 + 1)) ] || { fail cumulative-v2 "shadow reads $r1, $r2"; return; }
	kpcheck unload cumul_v1 >/tmp/unload.out 2>&1 && [ ! -d /sys/module/cumul_v1 ] ||
		{ fail cumulative-v2 "v1 not removable: $(tail -1 /tmp/unload.out)"; return; }
	kpcheck list >/tmp/list.out
	grep -q '^cumul_v2 livepatch enabled' /tmp/list.out && grep -q 'fix 3: .*loadavg-shadow' /tmp/list.out ||
		{ fail cumulative-v2 "kpcheck list: $(cat /tmp/list.out | tr '\n' ' ')"; return; }
	pass cumulative-v2
	klp_load cumul_v3 || { fail cumulative-v3 "load: $(tail -1 /tmp/load.out)"; return; }
	[ "$(fixes_live)" = 01 ] || { fail cumulative-v3 "fixes live: $(fixes_live)"; return; }
	reads; r3=$(cat /tmp/reads)
	[ "$r3" = $((r2 + 1)) ] || { fail cumulative-v3 "state not kept: reads $r2, then $r3"; return; }
	kpcheck unload cumul_v2 >/dev/null 2>&1
	klp_unload cumul_v3 || { fail cumulative-v3 "unload"; return; }
	[ "$(fixes_live)" = 00 ] || { fail cumulative-v3 "fixes live after unload: $(fixes_live)"; return; }
	bad=$(log_clean "$mark") || { fail cumulative-v3 "kernel log: $bad"; return; }
	pass cumulative-v3
}
cumulative
