# A fix of a module (nbd), loaded before and after its target.
kp_module_case rf-nbd-patch-first rf_nbd nbd patch-first
kp_module_case rf-nbd-target-first rf_nbd nbd target-first
