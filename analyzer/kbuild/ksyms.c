/*
 * The target kernel's symbol table (see ksyms.h), read from a System.map
 * text file: "ADDRESS TYPE NAME" lines.  A table is only trusted when it
 * has text symbols: Debian installs a one-line stub in /boot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/kbuild/ksyms.h"
#include "lib/util.h"

/* The kernel release @tree is configured for, or NULL. */
static char *tree_release(const char *tree)
{
	char *p = xasprintf("%s/include/config/kernel.release", tree);
	char buf[128] = "";
	FILE *f = fopen(p, "r");

	free(p);
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf[0] ? xstrdup(buf) : NULL;
}

/* Look @name up in System.map @path: -1 when it is no table. */
static int lookup_map(const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int text = 0, found = 0;

	if (!f)
		return -1;
	while (!found && getline(&line, &cap, f) > 0) {
		char type, sym[256];

		if (sscanf(line, "%*s %c %255s", &type, sym) != 2 || (type != 'T' && type != 't'))
			continue;
		text++;
		found = !strcmp(sym, name);
	}
	free(line);
	fclose(f);
	return text ? found : -1;
}

enum ksym_answer ksyms_function(const char *tree, const char *name,
				char *source, size_t srclen)
{
	char *release = tree_release(tree);
	char *paths[3] = {
		getenv("KPCHECK_SYSTEM_MAP") ? xstrdup(getenv("KPCHECK_SYSTEM_MAP")) : NULL,
		xasprintf("%s/System.map", tree),
		release ? xasprintf("/boot/System.map-%s", release) : NULL,
	};
	enum ksym_answer a = KSYM_NO_TABLE;

	for (int i = 0; i < 3 && a == KSYM_NO_TABLE; i++) {
		int r = paths[i] ? lookup_map(paths[i], name) : -1;

		if (r < 0)
			continue;
		a = r ? KSYM_PRESENT : KSYM_ABSENT;
		if (source)
			snprintf(source, srclen, "%s", paths[i]);
	}
	for (int i = 0; i < 3; i++)
		free(paths[i]);
	free(release);
	return a;
}
