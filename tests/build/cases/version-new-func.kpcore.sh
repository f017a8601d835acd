before=$(cat /proc/version)
kpcore_load version_new_func_kpcore || fail version-new-func-kpcore "load"
one=$(cat /proc/version)
two=$(cat /proc/version)
kpcore_unload version_new_func_kpcore || fail version-new-func-kpcore "unload"
after=$(cat /proc/version)
# The new global counts across reads: the new function really ran twice.
check version-new-func-kpcore "$before" "$one" "$after" "kpcheck reads=1"
check version-new-func-global-kpcore "$before" "$two" "$after" "kpcheck reads=2"
