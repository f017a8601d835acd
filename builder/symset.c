/*
 * Symbol name sets (see symset.h).  Names are never removed, so linear
 * probing needs no tombstones; the table doubles at half full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/symset.h"

static size_t hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 ^ (unsigned char)*s++;
	return h;
}

static char **slot(const struct symset *s, const char *name)
{
	size_t i = hash(name) & (s->size - 1);

	while (s->slots[i] && strcmp(s->slots[i], name))
		i = (i + 1) & (s->size - 1);
	return &s->slots[i];
}

static void grow(struct symset *s)
{
	struct symset n = { .size = s->size ? s->size * 2 : 1024 };

	n.slots = xcalloc(n.size, sizeof(char *));
	for (size_t i = 0; i < s->size; i++)
		if (s->slots[i])
			*slot(&n, s->slots[i]) = s->slots[i];
	free(s->slots);
	n.used = s->used;
	*s = n;
}

/* The slot holds "NAME\0OWNER\0": strcmp() on it compares the name only. */
void symset_add_owned(struct symset *s, const char *name, const char *owner)
{
	char **p;

	if ((s->used + 1) * 2 > s->size)
		grow(s);
	p = slot(s, name);
	if (!*p) {
		size_t n = strlen(name) + 1, o = strlen(owner) + 1;

		*p = xmalloc(n + o);
		memcpy(*p, name, n);
		memcpy(*p + n, owner, o);
		s->used++;
	}
}

void symset_add(struct symset *s, const char *name)
{
	symset_add_owned(s, name, "");
}

const char *symset_owner(const struct symset *s, const char *name)
{
	char *p = s->size ? *slot(s, name) : NULL;

	return p ? p + strlen(p) + 1 : NULL;
}

bool symset_has(const struct symset *s, const char *name)
{
	return s->size && *slot(s, name);
}

void symset_free(struct symset *s)
{
	for (size_t i = 0; i < s->size; i++)
		free(s->slots[i]);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/*
 * Lines are "CRC\tNAME\tMODULE\tEXPORT_TYPE\tNAMESPACE"; the owner kept
 * is the module's name as the kernel knows it ("vmlinux", or the last
 * part of MODULE with '-' as '_').
 */
int symset_load_symvers(struct symset *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		char *name = strchr(line, '\t'), *mod, *base;

		if (!name)
			continue;
		name++;
		mod = name + strcspn(name, "\t\n");
		if (*mod == '\t')
			*mod++ = 0;
		else
			*mod = 0;
		mod[strcspn(mod, "\t\n")] = 0;
		base = strrchr(mod, '/') ? strrchr(mod, '/') + 1 : mod;
		for (char *c = base; *c; c++)
			if (*c == '-')
				*c = '_';
		if (*name)
			symset_add_owned(s, name, *base ? base : "vmlinux");
	}
	free(line);
	fclose(f);
	return 0;
}
