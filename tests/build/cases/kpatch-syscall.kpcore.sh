kp_case kpatch-syscall-kpcore kpatch_syscall_kpcore 'uname -s | grep -q kpatch'
