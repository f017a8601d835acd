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
/* In a build child, before exec: put the wrapper in front of @cc. */
void ccwrap_setup(const char *cc);

#endif
