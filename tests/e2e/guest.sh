#!/bin/sh
# guest.sh - the e2e cases, run by /init inside the qemu guest.
# Each case prints "### case NAME" ... "### end NAME"; run.sh compares the
# text between with expected/NAME.out after masking addresses and pids.
M=/m
K=/sys/kernel/kpcore

# Show a command, its output and its exit status.
run() {
	echo "\$ $*"
	"$@" 2>&1
	echo "rc=$?"
}

# Kernel messages since the last call, from kpcheck's modules only, plus
# anything that smells of a kernel bug.
klog() {
	dmesg -c | sed 's/^\[[ 0-9.]*\] //' |
		grep -E 'kpcore|livepatch|kp[pt]_|klp_|WARNING|BUG|Oops|Call Trace' |
		grep -v 'taints kernel'
}

# How ftrace redirects FUNC: a direct call into kpcore's trampolines
# ("direct-->") or kpcore_ops' handler.
ftrace_view() {
	echo "\$ ftrace $1"
	grep -A1 "^$1 " /sys/kernel/tracing/enabled_functions | tr -s ' \t' ' '
}

# Where ftrace calls from in FUNC, from the start of its symbol, and its
# prefix padding: kallsyms and ftrace's own table of its call sites
# (available_filter_functions_addrs, from 6.5).  Offsets in bytes.
entry_view() {
	echo "\$ entry $1"
	sym=$(grep " $1\$" /proc/kallsyms | cut -d' ' -f1)
	pfx=$(grep " __pfx_$1\$" /proc/kallsyms | cut -d' ' -f1)
	at=$(grep " $1\$" /sys/kernel/tracing/available_filter_functions_addrs \
		2>/dev/null | cut -d' ' -f1)
	if [ -n "$pfx" ]; then
		echo "__pfx_$1: $((0x${sym#????????} - 0x${pfx#????????})) bytes before"
	else
		echo "__pfx_$1: none"
	fi
	if [ -n "$at" ]; then
		echo "fentry call: +$((0x${at#????????} - 0x${sym#????????}))"
	else
		echo "fentry call: no available_filter_functions_addrs"
	fi
}

case_begin() { dmesg -c >/dev/null; echo "### case $1"; }
case_end() { klog; echo "### end $1"; }

# Livepatch switches asynchronously: wait for its transition to end.
klp_wait() {
	i=0
	while [ -e "/sys/kernel/livepatch/$1/transition" ] &&
	      [ "$(cat /sys/kernel/livepatch/$1/transition)" = 1 ] && [ $i -lt 150 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
klp_gone() {
	i=0
	while [ -e "/sys/kernel/livepatch/$1" ] && [ $i -lt 150 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

. /guest-cases.sh
