# kpcheck rework's shadow class: a task made before the load and one made
# after both count their status reads in the shadow variable (the first
# read of an old task starts from zero); the tasks exit while patched
# (free_task() frees their shadows); unpatched, the line is gone.
sleep 1000 & a=$!
before=$(grep -c StatusReads "/proc/$a/status")
klp_load rework_shadow || fail rework-shadow "load"
sleep 1000 & b=$!
a1=$(sed -n 's/^StatusReads:[[:space:]]*//p' "/proc/$a/status")
a2=$(sed -n 's/^StatusReads:[[:space:]]*//p' "/proc/$a/status")
b1=$(sed -n 's/^StatusReads:[[:space:]]*//p' "/proc/$b/status")
kill "$a" "$b"; wait "$a" "$b" 2>/dev/null
klp_unload rework_shadow || fail rework-shadow "unload"
sleep 1000 & c=$!
after=$(grep -c StatusReads "/proc/$c/status")
kill "$c"
if [ "$before" = 0 ] && [ "$a1" = 1 ] && [ "$a2" = 2 ] && [ "$b1" = 1 ] && [ "$after" = 0 ]; then
	pass rework-shadow
else
	fail rework-shadow "reads: before $before, old task $a1 $a2, new task $b1, after $after"
fi
