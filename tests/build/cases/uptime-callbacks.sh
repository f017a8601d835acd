# The pre-patch callback sets the mark before the patched function can
# run: /proc/uptime prints 42 while patched, and nothing after.  The
# post-unpatch callback logs one line, only once unpatched.
check_callbacks uptime-callbacks klp uptime_callbacks 42 post-unpatch
