/*
 * The compiler wrapper of object builds: ccache when it is installed,
 * distcc when DISTCC_HOSTS is set, both (ccache in front, distcc as its
 * CCACHE_PREFIX) when both hold.  KPCHECK_CC_WRAPPER=none|ccache|distcc
 * forces a choice (auto is the default).
 */
#ifndef KPCHECK_ANALYZER_KBUILD_CCWRAP_H
#define KPCHECK_ANALYZER_KBUILD_CCWRAP_H

/* What wraps compiler @cc: "ccache", "distcc", "ccache+distcc" or "none". */
const char *ccwrap_name(const char *cc);
/*
 * The make variables that put the wrapper in front of @cc ("PATH=...",
 * "CCACHE_PREFIX=distcc"): up to two malloc()ed strings into @vars;
 * their number.  make exports variables of its command line to the
 * commands it runs, so kbuild's compiler calls see them.
 */
int ccwrap_make_vars(const char *cc, char *vars[2]);

#endif
