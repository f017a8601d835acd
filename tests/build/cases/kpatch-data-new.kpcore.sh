kp_case kpatch-data-new-kpcore kpatch_data_new_kpcore 'grep -q "kpatch:         5" /proc/meminfo'
