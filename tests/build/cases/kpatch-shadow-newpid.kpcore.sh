kp_case kpatch-shadow-newpid-kpcore kpatch_shadow_newpid_kpcore 'sh -c "grep -q newpid: /proc/\$\$/status"'
