kp_case rf-pinctrl-enable.kpcore rf_pinctrl_enable_kpcore 'patched rf_pinctrl_enable_kpcore'
