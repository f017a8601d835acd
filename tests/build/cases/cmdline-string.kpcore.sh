before=$(cat /proc/cmdline)
kpcore_load cmdline_string_kpcore || fail cmdline-string-kpcore "load"
during=$(cat /proc/cmdline)
kpcore_unload cmdline_string_kpcore || fail cmdline-string-kpcore "unload"
after=$(cat /proc/cmdline)
check cmdline-string-kpcore "$before" "$during" "$after" "kpcheck=patched"
