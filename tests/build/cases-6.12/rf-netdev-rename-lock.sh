kp_case rf-netdev-rename-lock rf_netdev_rename_lock 'patched rf_netdev_rename_lock && ip link show lo'
