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
 * The environment of a build with the wrapper in front of @cc: a copy of
 * @envp (NULL-terminated) with PATH led by the masquerade folder and, for
 * ccache with distcc, CCACHE_PREFIX=distcc; malloc()ed, the strings it
 * adds in @owned[0..1] (free them after the run).  Not make variables:
 * those would reach kconfig and re-run syncconfig in every build.
 */
char **ccwrap_env(char **envp, const char *cc, char *owned[2]);

#endif
