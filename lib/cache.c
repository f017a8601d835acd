/*
 * The one lookup of the cache directory (cache.h).  ~ is $HOME, else the
 * password database's home (a service account may run without HOME).
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/cache.h"
#include "lib/util.h"

static char *base_dir(void)
{
	const char *c = getenv("KPCHECK_CACHE"), *home = getenv("HOME");
	struct passwd *pw;

	if (c && *c)
		return xstrdup(c);
	if ((!home || !*home) && (pw = getpwuid(getuid())))
		home = pw->pw_dir;
	return home && *home ? xasprintf("%s/.cache/kpcheck", home) : NULL;
}

/* mkdir -p: each missing component, private to the user. */
static int make_dirs(char *path)
{
	for (char *s = strchr(path + 1, '/'); ; s = strchr(s + 1, '/')) {
		if (s)
			*s = 0;
		if (mkdir(path, 0700) && errno != EEXIST) {
			if (s)
				*s = '/';
			return -1;
		}
		if (!s)
			return 0;
		*s = '/';
	}
}

char *cache_dir(const char *sub)
{
	char *base = base_dir(), *dir;

	if (!base)
		return NULL;
	dir = sub ? xasprintf("%s/%s", base, sub) : xstrdup(base);
	free(base);
	if (make_dirs(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}
