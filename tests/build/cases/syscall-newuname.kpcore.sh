# kpatch's syscall case with the kernel's own SYSCALL_DEFINE1: the object
# diff finds the wrappers the kernel calls (__x64_sys_newuname) changed.
kp_case syscall-newuname.kpcore syscall_newuname_kpcore 'uname -s | grep -q kpatch'
