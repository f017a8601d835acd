# The same patch through kpcore and its shadow store.
check_shadow_count loadavg-shadow-kpcore kpcore loadavg_shadow_kpcore
