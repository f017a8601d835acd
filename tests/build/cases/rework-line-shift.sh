# kpcheck rework's line-shift class: with the #line directive the object
# diff finds proc_match() alone changed, and the livepatch carries it
# alone; /proc lookups go through it while patched.
klp_load rework_line_shift || fail rework-line-shift "load"
funcs=$(ls "$KLP/rework_line_shift/vmlinux" | tr '\n' ' ')
looked=$(ls /proc/sys/fs | grep -c pipe-max-size)
klp_unload rework_line_shift || fail rework-line-shift "unload"
if [ "$funcs" = 'proc_match,1 ' ] && [ "$looked" = 1 ]; then
	pass rework-line-shift
else
	fail rework-line-shift "patched functions '$funcs', lookup $looked"
fi
