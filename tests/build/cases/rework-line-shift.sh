# kpcheck rework's line-shift class: with the #line directive the object
# diff finds only the functions proc_match() is inlined into changed;
# of the six functions below the fix that use __LINE__, those that do
# not inline it (__proc_create, proc_create_reg) are not carried.
klp_load rework_line_shift || fail rework-line-shift "load"
funcs=$(ls "$KLP/rework_line_shift/vmlinux" | tr '\n' ' ')
looked=$(ls /proc/sys/fs | grep -c pipe-max-size)
klp_unload rework_line_shift || fail rework-line-shift "unload"
case " $funcs" in
*" pde_subdir_find,1 "*)
	case " $funcs" in
	*" __proc_create,"* | *" proc_create_reg,"*)
		fail rework-line-shift "a line-shifted function is carried: $funcs" ;;
	*) [ "$looked" = 1 ] && pass rework-line-shift ||
		fail rework-line-shift "lookup under the patch: $looked" ;;
	esac ;;
*) fail rework-line-shift "pde_subdir_find not patched: $funcs" ;;
esac
