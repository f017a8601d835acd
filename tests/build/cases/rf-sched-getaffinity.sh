# taskset -p reads the affinity through the patched sched_getaffinity.
kp_case rf-sched-getaffinity rf_sched_getaffinity 'patched rf_sched_getaffinity && taskset -p 1'
