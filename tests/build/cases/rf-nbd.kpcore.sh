# A fix of a module (nbd), loaded before and after its target.
kp_module_case rf-nbd-kpcore-patch-first rf_nbd_kpcore nbd patch-first
kp_module_case rf-nbd-kpcore-target-first rf_nbd_kpcore nbd target-first
