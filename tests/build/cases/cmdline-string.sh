before=$(cat /proc/cmdline)
klp_load cmdline_string || fail cmdline-string "load"
during=$(cat /proc/cmdline)
klp_unload cmdline_string || fail cmdline-string "unload"
after=$(cat /proc/cmdline)
check cmdline-string "$before" "$during" "$after" "kpcheck=patched"
