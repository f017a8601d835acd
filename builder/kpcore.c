/* Where kpcore.ko lives beside the kpcheck binary (see kpcore.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"
#include "builder/kpcore.h"

char *kpcore_path(const char *name)
{
	char exe[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = 0;
	if (!(slash = strrchr(exe, '/')))
		return NULL;
	*slash = 0;
	return xasprintf("%s/kmod/kpcore/%s", exe, name);
}

int kpcore_built_for(const char *kver)
{
	char *stamp = kpcore_path("kver"), *ko = kpcore_path("kpcore.ko"), line[256] = "";
	FILE *f = stamp ? fopen(stamp, "r") : NULL;
	int yes;

	if (f && !fgets(line, sizeof(line), f))
		line[0] = 0;
	if (f)
		fclose(f);
	line[strcspn(line, "\n")] = 0;
	yes = ko && !access(ko, R_OK) && !strcmp(line, kver);
	free(stamp);
	free(ko);
	return yes;
}
