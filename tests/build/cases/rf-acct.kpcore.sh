kp_case rf-acct.kpcore rf_acct_kpcore 'patched rf_acct_kpcore'
