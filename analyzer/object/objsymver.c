/*
 * Exported symbols' CRCs (CONFIG_MODVERSIONS) before and after the patch.
 * Since Linux 5.19 genksyms' CRCs are not in the object: kbuild appends
 * "#SYMVER name 0xcrc" lines to the object's .cmd file (".name.o.cmd"
 * beside it), which the kbuild service keeps with each object it builds.
 * A changed CRC means modules built against the running kernel no longer
 * match the patched export: kpatch-build refuses such a patch (its
 * symvers-disagreement test).  Objects without .cmd files (built outside
 * kbuild, or older kernels) simply give no CRCs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "lib/util.h"

struct symver {
	char *name;
	unsigned long crc;
};

static char *cmd_path(const char *obj)
{
	const char *slash = strrchr(obj, '/');
	int dir = slash ? (int)(slash - obj + 1) : 0;

	return xasprintf("%.*s.%s.cmd", dir, obj, obj + dir);
}

static struct symver *read_symvers(const char *obj, int *n)
{
	char *path = cmd_path(obj), *line = NULL, name[256];
	FILE *f = fopen(path, "r");
	struct symver *v = NULL;
	size_t cap = 0;
	unsigned long crc;

	*n = 0;
	while (f && getline(&line, &cap, f) > 0)
		if (sscanf(line, "#SYMVER %255s %lx", name, &crc) == 2) {
			struct symver *s = VEC_PUSH(v, *n);

			s->name = xstrdup(name);
			s->crc = crc;
		}
	if (f)
		fclose(f);
	free(line);
	free(path);
	return v;
}

static const struct symver *find(const struct symver *v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

void od_compare_symvers(struct od_result *r, const char *orig, const char *patched)
{
	int na, nb;
	struct symver *a = read_symvers(orig, &na), *b = read_symvers(patched, &nb);

	for (int i = 0; i < nb; i++) {
		const struct symver *old = find(a, na, b[i].name);
		struct od_crc *c;

		if (!old || old->crc == b[i].crc)
			continue;
		c = VEC_PUSH(r->crcs, r->ncrcs);
		c->name = xstrdup(b[i].name);
		c->old_crc = old->crc;
		c->new_crc = b[i].crc;
	}
	for (int i = 0; i < na; i++)
		free(a[i].name);
	for (int i = 0; i < nb; i++)
		free(b[i].name);
	free(a);
	free(b);
}
