# kpatch's meminfo-string (test/integration/rhel-8.10): its LOADED test.
kp_case kpatch-meminfo-string kpatch_meminfo_string 'grep -q VMALLOCCHUNK /proc/meminfo'
