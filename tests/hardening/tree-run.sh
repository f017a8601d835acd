#!/bin/sh
# Run kpcheck -C on a scratch fake kernel tree that is made hostile first.
#   tests/hardening/tree-run.sh MODE kpcheck-args...
# MODE: plain        Makefile, Kconfig, include/linux/kernel.h,
#                    kernel/fork.c, fs/proc/cmdline.c (as in Debian's 6.1)
#       symlink-out  fs/proc/cmdline.c is a symlink to /etc/passwd
#       symlink-dir  fs/proc is a symlink to /etc
#       growing      a background writer appends to fs/proc/cmdline.c
#                    while kpcheck reads it (kpcheck runs 20 times)
# The tree's path is printed as TREE, so messages can be compared; the
# exit status is kpcheck's (the last one for growing).  Each run is
# bounded (tests/hardening/bounded.sh).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=$1
shift
t=$(mktemp -d "${TMPDIR:-/tmp}/kpcheck-tree.XXXXXX") || exit 97
trap 'rm -rf "$t" "$t.out" "$t.err"' EXIT
mkdir -p "$t/include/linux" "$t/kernel" "$t/fs/proc"
echo 'VERSION = 6' >"$t/Makefile"
echo 'mainmenu "Linux"' >"$t/Kconfig"
echo '#define KERNEL_H' >"$t/include/linux/kernel.h"
printf 'int fork(void)\n{\n\treturn 0;\n}\n' >"$t/kernel/fork.c"
cat >"$t/fs/proc/cmdline.c" <<'C'
// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, saved_command_line);
	seq_putc(m, '\n');
	return 0;
}

static int __init proc_cmdline_init(void)
{
	proc_create_single("cmdline", 0, NULL, cmdline_proc_show);
	return 0;
}
fs_initcall(proc_cmdline_init);
C

run() {
	sh "$root/tests/hardening/bounded.sh" kpcheck -C "$t" "$@" >"$t.out" 2>"$t.err"
	rc=$?
	sed "s|$t|TREE|g" "$t.out"
	sed "s|$t|TREE|g" "$t.err" >&2
	return $rc
}

case $mode in
plain) run "$@" ;;
symlink-out)
	rm "$t/fs/proc/cmdline.c"
	ln -s /etc/passwd "$t/fs/proc/cmdline.c"
	run "$@" ;;
symlink-dir)
	rm -r "$t/fs/proc"
	ln -s /etc "$t/fs/proc"
	run "$@" ;;
growing)
	# appended lines land below the hunk, so every run can judge alike;
	# the writer stops at ~1.5 MB so a slow (sanitizer) run never meets
	# the size limit for tree files instead of the race it tests
	( i=0; while [ $i -lt 100000 ]; do
		echo '/* appended */' >>"$t/fs/proc/cmdline.c"; i=$((i + 1)); done ) &
	w=$!
	for i in $(seq 20); do
		run "$@" >/dev/null 2>&1
		rc=$?
		[ $rc -le 3 ] || break
	done
	kill $w 2>/dev/null
	wait $w 2>/dev/null
	run "$@"
	rc2=$?
	[ $rc -le 3 ] || exit $rc
	exit $rc2 ;;
*) echo "tree-run.sh: unknown mode $mode" >&2; exit 97 ;;
esac
