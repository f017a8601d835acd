# taskset -p reads the affinity through the patched sched_getaffinity.
kp_case rf-sched-getaffinity.kpcore rf_sched_getaffinity_kpcore 'patched rf_sched_getaffinity_kpcore && taskset -p 1'
