# The same module patch through kpcore, loaded before its target: kpcore
# applies its relocations against binfmt_misc's unexported symbols when
# binfmt_misc loads.
kpcheck load /m/binfmt_module_kpcore.ko >/tmp/load.out 2>&1 || fail binfmt-module-kpcore "load: $(cat /tmp/load.out)"
insmod /m/binfmt_misc.ko || fail binfmt-module-kpcore "insmod binfmt_misc"
mkdir -p /bm && mount -t binfmt_misc none /bm || fail binfmt-module-kpcore "mount"
during=$(cat /bm/status)
kpcore_unload binfmt_module_kpcore || fail binfmt-module-kpcore "unload"
after=$(cat /bm/status)
umount /bm; rmmod binfmt_misc || fail binfmt-module-kpcore "rmmod binfmt_misc"
check binfmt-module-kpcore "$after" "$during" "$after" "enabled kpcheck"
