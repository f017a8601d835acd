/* Where kpcore.ko lives beside the kpcheck binary (see kpcore.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/paths.h"
#include "lib/util.h"
#include "builder/kpcore.h"

char *kpcore_path(const char *name)
{
	char *lib = kp_libdir(), *p;

	if (!lib)
		return NULL;
	p = xasprintf("%s/kmod/kpcore/%s", lib, name);
	free(lib);
	return p;
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
