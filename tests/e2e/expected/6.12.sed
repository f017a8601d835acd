# Where the e2e cases' output on 6.12 differs from expected/*.out (6.1).
# Applied by run.sh to the expected text when the guest boots 6.12.

# ftrace's enabled_functions flags a call site whose calls another ops
# redirects, by direct call or IPMODIFY, with M (FTRACE_FL_MODIFIED).
s/^\(cmdline_proc_show (1) R [DI]\) tramp:/\1 M tramp:/

# /proc/meminfo has one line more (Unaccepted, for confidential guests).
/^\$ grep -c \. \/proc\/meminfo$/{
n
s/^54$/55/
}

# With IBT every function starts with endbr64 and the fentry call
# follows it; CALL_PADDING puts 16 bytes of padding, __pfx_NAME,
# before each function.  ftrace lists its call sites' addresses.
s/^__pfx_cmdline_proc_show: none$/__pfx_cmdline_proc_show: 16 bytes before/
s/^fentry call: no available_filter_functions_addrs$/fentry call: +4/
