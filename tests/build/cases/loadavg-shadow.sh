klp_load loadavg_shadow || fail loadavg-shadow "load"
# cat runs as a direct child of this shell, so the shadow variable on the
# parent task counts up from one read to the next.
cat /proc/loadavg >/tmp/one
cat /proc/loadavg >/tmp/two
one=$(cat /tmp/one)
two=$(cat /tmp/two)
klp_unload loadavg_shadow || fail loadavg-shadow "unload"
cat /proc/loadavg >/tmp/after
after=$(cat /tmp/after)
case "$one|$two" in
*"reads=1"*"|"*"reads=2"*) pass loadavg-shadow ;;
*) fail loadavg-shadow "shadow count did not persist: $one / $two" ;;
esac
case "$after" in
*kpcheck*) fail loadavg-shadow-unpatch "patched output after unpatch: $after" ;;
*) pass loadavg-shadow-unpatch ;;
esac
