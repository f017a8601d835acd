kpcore_load loadavg_shadow_kpcore || fail loadavg-shadow-kpcore "load"
# cat runs as a direct child of this shell, so the shadow variable on the
# parent task counts up from one read to the next.
cat /proc/loadavg >/tmp/one
cat /proc/loadavg >/tmp/two
one=$(cat /tmp/one)
two=$(cat /tmp/two)
kpcore_unload loadavg_shadow_kpcore || fail loadavg-shadow-kpcore "unload"
cat /proc/loadavg >/tmp/after
after=$(cat /tmp/after)
case "$one|$two" in
*"reads=1"*"|"*"reads=2"*) pass loadavg-shadow-kpcore ;;
*) fail loadavg-shadow-kpcore "shadow count did not persist: $one / $two" ;;
esac
case "$after" in
*kpcheck*) fail loadavg-shadow-unpatch-kpcore "patched output after unpatch: $after" ;;
*) pass loadavg-shadow-unpatch-kpcore ;;
esac
