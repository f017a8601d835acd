kp_case rf-acct rf_acct 'patched rf_acct'
