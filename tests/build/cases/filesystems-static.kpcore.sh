before=$(cat /proc/filesystems)
kpcore_load filesystems_static_kpcore || fail filesystems-static-kpcore "load"
during=$(cat /proc/filesystems)
kpcore_unload filesystems_static_kpcore || fail filesystems-static-kpcore "unload"
after=$(cat /proc/filesystems)
# "proc=" is 1 or 2 depending on where proc sits in the list: either way
# the patched code walked the file's static list through find_filesystem().
check filesystems-static-kpcore "$before" "$during" "$after" "kpcheck	proc="
