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

# Every load and unload goes through kpcheck itself: it waits for the
# transition (and fails if it stalls), and loads kpcore first when a
# kpcore patch needs it.
klp_load() {
	kpcheck load "/m/$1.ko" >/tmp/load.out 2>&1 || { cat /tmp/load.out; return 1; }
	[ -d "$KLP/$1" ] && [ "$(cat "$KLP/$1/transition")" = 0 ]
}

klp_unload() {
	kpcheck unload "$1" >/tmp/unload.out 2>&1 || { cat /tmp/unload.out; return 1; }
	[ ! -d "/sys/module/$1" ]
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
	kpcheck load "/m/$1.ko" >/tmp/load.out 2>&1 || { cat /tmp/load.out; return 1; }
	[ "$(cat "/sys/kernel/kpcore/$1/enabled")" = 1 ]
}

kpcore_unload() {
	kpcheck unload "$1" >/tmp/unload.out 2>&1 || { cat /tmp/unload.out; return 1; }
	[ ! -d "/sys/module/$1" ]
}

# Is patch module $1 loaded and switched (either core)?
patched() {
	[ "$(cat "$KLP/$1/enabled" 2>/dev/null)" = 1 ] &&
		[ "$(cat "$KLP/$1/transition")" = 0 ] && return 0
	[ "$(cat "/sys/kernel/kpcore/$1/enabled" 2>/dev/null)" = 1 ]
}

# No Oops, BUG or WARNING in the kernel log after line $1.
log_clean() {
	bad=$(dmesg | tail -n +$(($1 + 1)) | grep -E 'Oops|BUG|WARNING|Call Trace' | head -3)
	[ -z "$bad" ] || { echo "$bad"; return 1; }
}

# kp_case CASE MODULE TEST: TEST (a shell command, the case's LOADED
# test) fails before; `kpcheck load` switches MODULE completely; TEST
# passes; `kpcheck unload` removes MODULE; TEST fails again; and the
# kernel log got no Oops, BUG or WARNING meanwhile.
kp_case() {
	name=$1 mod=$2 test=$3 mark=$(dmesg | wc -l)
	if eval "$test" >/dev/null 2>&1; then fail "$name" "LOADED test passes unpatched"; return; fi
	kpcheck load "/m/$mod.ko" >/tmp/load.out 2>&1 ||
		{ fail "$name" "kpcheck load: $(tail -2 /tmp/load.out | tr '\n' ' ')"; return; }
	patched "$mod" || { fail "$name" "not switched after kpcheck load"; return; }
	if ! eval "$test" >/dev/null 2>&1; then
		fail "$name" "LOADED test fails while patched"
		kpcheck unload "$mod" >/dev/null 2>&1
		return
	fi
	kpcheck unload "$mod" >/tmp/unload.out 2>&1 ||
		{ fail "$name" "kpcheck unload: $(tail -2 /tmp/unload.out | tr '\n' ' ')"; return; }
	[ -d "/sys/module/$mod" ] && { fail "$name" "module still loaded"; return; }
	if eval "$test" >/dev/null 2>&1; then fail "$name" "LOADED test passes after unload"; return; fi
	bad=$(log_clean "$mark") || { fail "$name" "kernel log: $bad"; return; }
	pass "$name"
}

# kp_module_case CASE PATCH TARGET_KO ORDER [EXERCISE]: a patch of module
# TARGET, loaded before the target (ORDER=patch-first) or after it
# (target-first).  The LOADED test is livepatch's or kpcore's view that
# the target is patched, and EXERCISE (run while patched) must succeed.
kp_module_case() {
	name=$1 mod=$2 target=$3 order=$4 ex=${5:-true} mark=$(dmesg | wc -l)
	if [ "$order" = target-first ]; then
		insmod "/m/$target.ko" || { fail "$name" "insmod $target"; return; }
	fi
	kpcheck load "/m/$mod.ko" >/tmp/load.out 2>&1 ||
		{ fail "$name" "kpcheck load: $(tail -2 /tmp/load.out | tr '\n' ' ')"; return; }
	if [ "$order" = patch-first ]; then
		[ -d "/sys/module/$target" ] && { fail "$name" "$target loaded with the patch"; return; }
		insmod "/m/$target.ko" || { fail "$name" "insmod $target after the patch"; return; }
	fi
	patched "$mod" || { fail "$name" "not switched"; return; }
	if [ -d "$KLP/$mod" ] && [ "$(cat "$KLP/$mod/$target/patched" 2>/dev/null)" != 1 ]; then
		fail "$name" "$target not patched"
	elif [ -d /sys/kernel/kpcore/$mod ] &&
	     ! grep -q "^$target .* applied" "/sys/kernel/kpcore/$mod/functions"; then
		fail "$name" "$target not patched"
	elif ! eval "$ex" >/tmp/ex.out 2>&1; then
		fail "$name" "exercise failed: $(tail -1 /tmp/ex.out)"
	fi
	kpcheck unload "$mod" >/tmp/unload.out 2>&1 ||
		{ fail "$name" "kpcheck unload: $(tail -2 /tmp/unload.out | tr '\n' ' ')"; return; }
	rmmod "$target" || { fail "$name" "rmmod $target"; return; }
	bad=$(log_clean "$mark") || { fail "$name" "kernel log: $bad"; return; }
	pass "$name"
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
