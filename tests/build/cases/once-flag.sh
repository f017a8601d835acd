# The patched __set_oom_adj (a legacy oom_adj write now resets the score)
# tests the running kernel's own pr_warn_once flag (run.sh checks which).
sh -c 'echo 0 >/proc/self/oom_adj'
kp_case once-flag once_flag 'sh -c "echo 15 >/proc/self/oom_adj; grep -qx 0 /proc/self/oom_score_adj"'
# The warning fired once, in the original, before the patch; the patched
# code ran a legacy write too: the flag it tests is the kernel's, so no
# second warning.
n=$(dmesg | grep -c 'oom_adj is deprecated')
[ "$n" = 1 ] && pass once-flag-quiet || fail once-flag-quiet "the oom_adj warning printed $n times"
