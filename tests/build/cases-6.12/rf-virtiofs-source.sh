kp_case rf-virtiofs-source rf_virtiofs_source 'patched rf_virtiofs_source && true'
