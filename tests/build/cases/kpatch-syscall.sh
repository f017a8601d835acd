# kpatch's syscall (test/integration/amzn-2023): KPATCH_SYSCALL_DEFINE1;
# the carried function is the wrapper the kernel calls, __x64_sys_newuname.
kp_case kpatch-syscall kpatch_syscall 'uname -s | grep -q kpatch'
