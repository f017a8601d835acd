before=$(cat /proc/filesystems)
klp_load filesystems_static || fail filesystems-static "load"
during=$(cat /proc/filesystems)
klp_unload filesystems_static || fail filesystems-static "unload"
after=$(cat /proc/filesystems)
# "proc=" is 1 or 2 depending on where proc sits in the list: either way
# the patched code walked the file's static list through find_filesystem().
check filesystems-static "$before" "$during" "$after" "kpcheck	proc="
