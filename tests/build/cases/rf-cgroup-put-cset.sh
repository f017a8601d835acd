kp_case rf-cgroup-put-cset rf_cgroup_put_cset 'patched rf_cgroup_put_cset && sh -c true'
