# Helpers of the guest checks (sourced by /init in the test guest).
# Each check prints "PASS name" or "FAIL name: why"; the host counts them.

KLP=/sys/kernel/livepatch

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# Wait (up to 30 s) until livepatch $1 has finished its transition.
klp_settle() {
	i=0
	while [ -e "$KLP/$1/transition" ] && [ "$(cat "$KLP/$1/transition")" = 1 ]; do
		i=$((i + 1))
		[ $i -gt 150 ] && return 1
		sleep 0.2
	done
	return 0
}

klp_load() {
	insmod "/m/$1.ko" || return 1
	[ -d "$KLP/$1" ] || return 1
	klp_settle "$1"
}

# Disable, wait until livepatch has let go of the patch, then remove it.
klp_unload() {
	echo 0 >"$KLP/$1/enabled" || return 1
	i=0
	while [ -d "$KLP/$1" ]; do
		i=$((i + 1))
		[ $i -gt 150 ] && return 1
		sleep 0.2
	done
	rmmod "$1"
}

# check NAME BEFORE DURING AFTER PATTERN: DURING matches PATTERN, the
# others do not, and AFTER equals BEFORE.
check() {
	case "$3" in
	*$5*) ;;
	*) fail "$1" "patched output lacks '$5': $3"; return ;;
	esac
	case "$2$4" in
	*$5*) fail "$1" "unpatched output has '$5'"; return ;;
	esac
	[ "$2" = "$4" ] || { fail "$1" "output after unpatch differs: $4"; return; }
	echo "$3" | grep "$5" | sed "s/^/  $1 patched: /"
	pass "$1"
}

# kpcore switches patches synchronously: enabled reads 1 once applied.
kpcore_load() {
	insmod "/m/$1.ko" || return 1
	[ "$(cat "/sys/kernel/kpcore/$1/enabled")" = 1 ]
}

kpcore_unload() {
	echo 0 >"/sys/kernel/kpcore/$1/enabled" || return 1
	rmmod "$1"
}

# check_callbacks CASE LOADER MODULE MARK STAGE: load MODULE with
# LOADER_load, read /proc/uptime before, during and after, and check
# that the patched output carries "mark=MARK" (set by the patch's
# pre- or post-patch callback), that the unpatched output does not,
# and that the unpatch-side callback STAGE logged exactly one line,
# only once the module was unloaded.
check_callbacks() {
	logged() { dmesg | grep -c "kpcheck uptime.* callback: $5"; }
	before=$(cat /proc/uptime) n0=$(logged)
	"$2_load" "$3" || fail "$1" "load"
	during=$(cat /proc/uptime) n1=$(logged)
	"$2_unload" "$3" || fail "$1" "unload"
	after=$(cat /proc/uptime) n2=$(logged)
	case "$during" in
	*"kpcheck callback mark=$4"*) pass "$1-mark" ;;
	*) fail "$1-mark" "patched output lacks the mark: $during" ;;
	esac
	case "$before|$after" in
	*kpcheck*) fail "$1-unpatch" "unpatched output has the mark: $before / $after" ;;
	*) pass "$1-unpatch" ;;
	esac
	if [ "$n1" = "$n0" ] && [ "$n2" = $((n0 + 1)) ]; then pass "$1-$5"
	else fail "$1-$5" "$5 lines: $n0 before, $n1 patched, $n2 after"; fi
}

# check_shadow_count CASE LOADER MODULE: while MODULE (loaded with
# LOADER_load) is in, two reads of /proc/loadavg by direct children of
# this shell show the shadow count on the parent task going 1, 2; once
# unloaded the output is the kernel's own again.
check_shadow_count() {
	"$2_load" "$3" || fail "$1" "load"
	cat /proc/loadavg >/tmp/one
	cat /proc/loadavg >/tmp/two
	one=$(cat /tmp/one) two=$(cat /tmp/two)
	"$2_unload" "$3" || fail "$1" "unload"
	after=$(cat /proc/loadavg)
	case "$one|$two" in
	*"reads=1"*"|"*"reads=2"*) pass "$1" ;;
	*) fail "$1" "shadow count did not persist: $one / $two" ;;
	esac
	case "$after" in
	*kpcheck*) fail "$1-unpatch" "patched output after unpatch: $after" ;;
	*) pass "$1-unpatch" ;;
	esac
}
