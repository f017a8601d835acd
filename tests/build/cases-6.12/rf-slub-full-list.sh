kp_case rf-slub-full-list rf_slub_full_list 'patched rf_slub_full_list && cat /proc/slabinfo'
