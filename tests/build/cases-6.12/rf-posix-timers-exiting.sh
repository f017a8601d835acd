kp_case rf-posix-timers-exiting rf_posix_timers_exiting 'patched rf_posix_timers_exiting && kill -0 $$'
