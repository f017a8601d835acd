# kpcheck rework's signature class: comm_show() calls proc_task_name_v2(),
# which escapes a newline in the name, for a task named before the load
# and one named while patched; unpatched, the name is printed raw again.
named() { ( printf 'k\np' >/proc/self/comm; while :; do sleep 1; done ) >/dev/null 2>&1 & echo $!; }
comm_of() { tr '\n' '|' <"/proc/$1/comm"; }
a=$(named)
before=$(comm_of "$a")
klp_load rework_signature || fail rework-signature "load"
b=$(named)
during_a=$(comm_of "$a") during_b=$(comm_of "$b")
klp_unload rework_signature || fail rework-signature "unload"
after=$(comm_of "$a")
kill "$a" "$b"
if [ "$before" = 'k|p|' ] && [ "$during_a" = 'k\np|' ] && [ "$during_b" = 'k\np|' ] &&
   [ "$after" = 'k|p|' ]; then
	pass rework-signature
else
	fail rework-signature "comm '$before', patched '$during_a' '$during_b', after '$after'"
fi
