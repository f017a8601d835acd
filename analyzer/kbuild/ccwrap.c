/*
 * The compiler wrapper (ccwrap.h) works through Debian's masquerade
 * folders, /usr/lib/ccache and /usr/lib/distcc, which hold links named
 * like the compilers (gcc-12 -> ../../bin/ccache): put first in make's
 * PATH, they run the wrapper while kbuild still calls plain `gcc-12`.  The
 * command lines kbuild records in its .cmd files are then the same with
 * and without a wrapper, so the prepared layer of the object builds
 * (objbuild.c), made by an unwrapped `make prepare`, stays valid and
 * kbuild never rebuilds it for a changed CC.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/kbuild/ccwrap.h"
#include "lib/util.h"

#define CCACHE_DIR "/usr/lib/ccache"
#define DISTCC_DIR "/usr/lib/distcc"

static bool has(const char *dir, const char *cc)
{
	char *p = xasprintf("%s/%s", dir, cc);
	bool ok = access(p, X_OK) == 0;

	free(p);
	return ok;
}

static bool want(const char *which)
{
	const char *w = getenv("KPCHECK_CC_WRAPPER");

	return !w || !*w || !strcmp(w, "auto") || !strcmp(w, which);
}

static bool use_ccache(const char *cc)
{
	return want("ccache") && has(CCACHE_DIR, cc);
}

/* distcc only when asked for by DISTCC_HOSTS: it sends code to other hosts */
static bool use_distcc(const char *cc)
{
	const char *hosts = getenv("DISTCC_HOSTS");

	return want("distcc") && hosts && *hosts && (has(DISTCC_DIR, cc) ||
						     access("/usr/bin/distcc", X_OK) == 0);
}

const char *ccwrap_name(const char *cc)
{
	bool c = use_ccache(cc), d = use_distcc(cc);

	return c && d ? "ccache+distcc" : c ? "ccache" : d ? "distcc" : "none";
}

char **ccwrap_env(char **envp, const char *cc, char *owned[2])
{
	bool c = use_ccache(cc), d = use_distcc(cc);
	const char *path = getenv("PATH");
	char **env = NULL;
	int n = 0;

	owned[0] = owned[1] = NULL;
	if (c || d)
		owned[0] = xasprintf("PATH=%s:%s", c ? CCACHE_DIR : DISTCC_DIR,
				     path && *path ? path : "/usr/bin:/bin");
	if (c && d)
		owned[1] = xstrdup("CCACHE_PREFIX=distcc");
	for (char **e = envp; e && *e; e++)
		if (!owned[0] || !str_starts(*e, "PATH="))
			*VEC_PUSH(env, n) = *e;
	for (int i = 0; i < 2; i++)
		if (owned[i])
			*VEC_PUSH(env, n) = owned[i];
	*VEC_PUSH(env, n) = NULL;
	return env;
}
