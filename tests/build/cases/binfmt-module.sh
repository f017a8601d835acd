# The patch targets a module: load it first, then patch it.
insmod /m/binfmt_misc.ko || fail binfmt-module "insmod binfmt_misc"
mkdir -p /bm && mount -t binfmt_misc none /bm || fail binfmt-module "mount"
before=$(cat /bm/status)
klp_load binfmt_module || fail binfmt-module "load"
during=$(cat /bm/status)
klp_unload binfmt_module || fail binfmt-module "unload"
after=$(cat /bm/status)
check binfmt-module "$before" "$during" "$after" "enabled kpcheck"
umount /bm; rmmod binfmt_misc || fail binfmt-module "rmmod binfmt_misc"
