# kpcheck rework's data-init class: the pre-patch callback puts the fix's
# pipe-max-size in force for pipes made before and after the load; the
# post-unpatch callback restores the value it found.
before=$(cat /proc/sys/fs/pipe-max-size)
klp_load rework_data_init || fail rework-data-init "load"
during=$(cat /proc/sys/fs/pipe-max-size)
klp_unload rework_data_init || fail rework-data-init "unload"
after=$(cat /proc/sys/fs/pipe-max-size)
if [ "$before" = 1048576 ] && [ "$during" = 2097152 ] && [ "$after" = 1048576 ]; then
	pass rework-data-init
else
	fail rework-data-init "pipe-max-size $before, $during patched, $after after"
fi
