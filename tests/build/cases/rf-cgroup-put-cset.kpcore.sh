kp_case rf-cgroup-put-cset.kpcore rf_cgroup_put_cset_kpcore 'patched rf_cgroup_put_cset_kpcore && sh -c true'
