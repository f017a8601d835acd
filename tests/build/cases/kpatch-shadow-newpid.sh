# kpatch's shadow-newpid (test/integration/amzn-2023): a shadow variable
# set by the patched kernel_clone, read by proc_pid_status (into which the
# changed task_context_switch_counts is inlined): a new process sees it.
kp_case kpatch-shadow-newpid kpatch_shadow_newpid 'sh -c "grep -q newpid: /proc/\$\$/status"'
