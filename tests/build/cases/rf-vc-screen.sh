kp_case rf-vc-screen rf_vc_screen 'patched rf_vc_screen && { [ ! -e /dev/vcs ] || cat /dev/vcs >/dev/null; }'
