kp_case rf-pfifo-tail-limit rf_pfifo_tail_limit 'patched rf_pfifo_tail_limit && true'
