kp_case kpatch-meminfo-string-kpcore kpatch_meminfo_string_kpcore 'grep -q VMALLOCCHUNK /proc/meminfo'
