# The same patch through kpcore: pre-patch sets the mark, post-unpatch
# logs once unpatched.
check_callbacks uptime-callbacks-kpcore kpcore uptime_callbacks_kpcore 42 post-unpatch
