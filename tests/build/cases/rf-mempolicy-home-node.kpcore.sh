# A syscall fix: the carried function is the wrapper the kernel calls
# (__x64_sys_set_mempolicy_home_node), not the SYSCALL_DEFINE body.
kp_case rf-mempolicy-home-node.kpcore rf_mempolicy_home_node_kpcore 'patched rf_mempolicy_home_node_kpcore'
