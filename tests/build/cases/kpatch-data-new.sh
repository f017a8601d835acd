# kpatch's data-new (test/integration/amzn-2023): a new static variable.
kp_case kpatch-data-new kpatch_data_new 'grep -q "kpatch:         5" /proc/meminfo'
