# kpcheck rework's signature class: show_mountinfo() calls seq_dentry_v2(),
# which prints the root of a bind mount whose directory was removed
# without "//deleted", for a mount made before the load and one made while
# patched; kernfs_sop_show_path() calls it too (sysfs' root stays "/");
# unpatched, "//deleted" is back.
mkdir -p /tmp/sig && mount -t tmpfs sig /tmp/sig
bound() { mkdir "/tmp/sig/$1" "/tmp/sig/m$1" && mount -o bind "/tmp/sig/$1" "/tmp/sig/m$1" &&
	rmdir "/tmp/sig/$1"; }
root_of() { awk -v m="$1" '$5 == m { print $4 }' /proc/self/mountinfo; }
bound a
before=$(root_of /tmp/sig/ma)
klp_load rework_signature || fail rework-signature "load"
bound b
during_a=$(root_of /tmp/sig/ma) during_b=$(root_of /tmp/sig/mb) during_sys=$(root_of /sys)
klp_unload rework_signature || fail rework-signature "unload"
after_a=$(root_of /tmp/sig/ma) after_b=$(root_of /tmp/sig/mb)
umount /tmp/sig/ma /tmp/sig/mb /tmp/sig
if [ "$before" = '/a//deleted' ] && [ "$during_a" = /a ] && [ "$during_b" = /b ] &&
   [ "$during_sys" = / ] && [ "$after_a" = '/a//deleted' ] && [ "$after_b" = '/b//deleted' ]; then
	pass rework-signature
else
	fail rework-signature "root '$before', patched '$during_a' '$during_b' sys '$during_sys', after '$after_a' '$after_b'"
fi
