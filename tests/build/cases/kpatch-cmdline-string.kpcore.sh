kp_case kpatch-cmdline-string-kpcore kpatch_cmdline_string_kpcore 'grep -q kpatch=1 /proc/cmdline'
