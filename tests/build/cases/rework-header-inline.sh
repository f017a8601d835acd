# kpcheck rework's header class: the callers of pde_is_permanent() in
# fs/proc/inode.c are carried and call the fix's klp_pde_is_permanent();
# a permanent entry (/proc/version) and a removable one (/proc/cpuinfo
# is permanent too; /proc/self/stat is not a pde) read the same while
# patched, and proc entries made by a module after the load (nbd's none:
# binfmt_misc's mount registers none either) are not needed: the read
# path of every pde goes through the new body.
before=$(cat /proc/version)
klp_load rework_header_inline || fail rework-header-inline "load"
funcs=$(ls "$KLP/rework_header_inline/vmlinux" | grep -c '^proc_reg_read_iter,')
during=$(cat /proc/version)
klp_unload rework_header_inline || fail rework-header-inline "unload"
after=$(cat /proc/version)
if [ "$funcs" = 1 ] && [ -n "$before" ] && [ "$before" = "$during" ] && [ "$before" = "$after" ]; then
	pass rework-header-inline
else
	fail rework-header-inline "proc_reg_read_iter patched: $funcs; '$before' / '$during' / '$after'"
fi
