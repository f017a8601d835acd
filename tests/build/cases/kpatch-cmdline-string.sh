# kpatch's cmdline-string (test/integration/rhel-8.10): its LOADED test.
kp_case kpatch-cmdline-string kpatch_cmdline_string 'grep -q kpatch=1 /proc/cmdline'
