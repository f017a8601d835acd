# The patched __set_oom_adj (a legacy oom_adj write now resets the score)
# carries its pr_warn_once flag per entry (run.sh checks which flag).
sh -c 'echo 0 >/proc/self/oom_adj'
kp_case once-flag.kpcore once_flag_kpcore 'sh -c "echo 15 >/proc/self/oom_adj; grep -qx 0 /proc/self/oom_score_adj"'
