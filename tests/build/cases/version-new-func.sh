before=$(cat /proc/version)
klp_load version_new_func || fail version-new-func "load"
one=$(cat /proc/version)
two=$(cat /proc/version)
klp_unload version_new_func || fail version-new-func "unload"
after=$(cat /proc/version)
# The new global counts across reads: the new function really ran twice.
check version-new-func "$before" "$one" "$after" "kpcheck reads=1"
check version-new-func-global "$before" "$two" "$after" "kpcheck reads=2"
