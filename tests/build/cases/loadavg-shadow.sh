# A shadow variable on the reading task counts the reads while patched.
check_shadow_count loadavg-shadow klp loadavg_shadow
