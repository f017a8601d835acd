/* Where the running kpcheck finds its parts (see paths.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/paths.h"
#include "lib/util.h"

char *exe_dir(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	return xstrdup(exe);
}

/*
 * BIN/../@installed when that directory exists (an installed kpcheck),
 * else BIN/@built; resolved, so messages name plain paths.
 */
static char *beside_exe(const char *installed, const char *built)
{
	char *bin = exe_dir(), *p, *real;

	if (!bin)
		return NULL;
	p = xasprintf("%s/../%s", bin, installed);
	real = realpath(p, NULL);
	free(p);
	if (!real) {
		p = xasprintf("%s%s", bin, built);
		real = realpath(p, NULL);
		if (!real)
			real = xstrdup(p);
		free(p);
	}
	free(bin);
	return real;
}

char *kp_libdir(void)
{
	const char *env = getenv("KPCHECK_LIBDIR");

	if (env && *env)
		return xstrdup(env);
	return beside_exe("lib/kpcheck", "");
}

char *kp_datadir(void)
{
	return beside_exe("share/kpcheck", "/..");
}
