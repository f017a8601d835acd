# The post-patch callback sets the mark once the transition is done:
# /proc/uptime prints 7 while patched, and nothing after.  The
# pre-unpatch callback logs one line, only when unpatching starts.
check_callbacks uptime-klp-callbacks klp uptime_klp_callbacks 7 pre-unpatch
