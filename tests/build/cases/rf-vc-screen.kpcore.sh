kp_case rf-vc-screen.kpcore rf_vc_screen_kpcore 'patched rf_vc_screen_kpcore && { [ ! -e /dev/vcs ] || cat /dev/vcs >/dev/null; }'
