kp_case rf-pinctrl-enable rf_pinctrl_enable 'patched rf_pinctrl_enable'
