# A fix of a module (binfmt_misc), patched whether the patch or the module
# comes first; registering a format with flags runs the fixed parser.
BM_EX='mkdir -p /bm && mount -t binfmt_misc none /bm && echo ":kpc:E::kpc::/bin/true:POC" >/bm/register && grep -q "flags: P" /bm/kpc && echo -1 >/bm/kpc && umount /bm'
kp_module_case rf-binfmt-misc-kpcore-patch-first rf_binfmt_misc_kpcore binfmt_misc patch-first "$BM_EX"
kp_module_case rf-binfmt-misc-kpcore-target-first rf_binfmt_misc_kpcore binfmt_misc target-first "$BM_EX"
