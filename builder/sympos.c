/* old_sympos from the target's symbol table (see sympos.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"
#include "builder/sympos.h"

static void add(struct ksymtab *t, const char *name, size_t len, unsigned long addr, int sec)
{
	struct ksym *k = VEC_PUSH(t->syms, t->n);

	k->name = xstrndup(name, len);
	k->addr = addr;
	k->sec = sec;
}

/* Text, data, bss and read-only data lie apart: distances only within one. */
static int kind_class(char type)
{
	switch (tolower((unsigned char)type)) {
	case 't': case 'w': return 1;
	case 'd': case 'v': return 2;
	case 'b': return 3;
	case 'r': return 4;
	default: return 0;
	}
}

static int read_lines(struct ksymtab *t, FILE *f)
{
	char *line = NULL, *end;
	size_t cap = 0;
	int bad = 0;

	while (getline(&line, &cap, f) > 0) {
		unsigned long addr = strtoul(line, &end, 16);
		char type;
		const char *name;

		if (end == line || *end != ' ' || !end[1] || end[2] != ' ') {
			bad++;
			continue;
		}
		type = end[1];
		name = end + 3;
		if (strchr(name, '['))	/* "name\t[module]": modules come from their .ko */
			continue;
		if (kind_class(type))
			add(t, name, strcspn(name, " \t\n"), addr, kind_class(type));
	}
	free(line);
	return bad && !t->n ? -1 : 0;
}

int ksymtab_read_map(struct ksymtab *t, const char *path)
{
	FILE *f = fopen(path, "r");
	int r;

	memset(t, 0, sizeof(*t));
	t->source = xstrdup(path);
	if (!f)
		return -1;
	r = read_lines(t, f);
	fclose(f);
	return r || !t->n ? -1 : 0;
}

int ksymtab_read_elf(struct ksymtab *t, const char *path)
{
	char *cmd;
	FILE *p;
	int r;

	memset(t, 0, sizeof(*t));
	t->source = xstrdup(path);
	if (strchr(path, '\''))
		return -1;
	cmd = xasprintf("nm -n --defined-only '%s' 2>/dev/null", path);
	p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return -1;
	r = read_lines(t, p);
	return pclose(p) || r || !t->n ? -1 : 0;
}

/* Every defined, named symbol, in symbol-table order (module kallsyms keep it). */
void ksymtab_from_kelf(struct ksymtab *t, const struct kelf *k)
{
	size_t n;
	Elf64_Sym *syms = kelf_syms(k, &n);

	memset(t, 0, sizeof(*t));
	t->source = xstrdup(k->path);
	for (size_t i = 1; i < n; i++) {
		unsigned char type = ELF64_ST_TYPE(syms[i].st_info);
		const char *name = kelf_symname(k, &syms[i]);

		if (syms[i].st_shndx == SHN_UNDEF || !syms[i].st_name || type == STT_SECTION ||
		    type == STT_FILE)
			continue;
		add(t, name, strlen(name), syms[i].st_value, syms[i].st_shndx);
	}
}

void ksymtab_free(struct ksymtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->syms[i].name);
	free(t->syms);
	free(t->source);
	memset(t, 0, sizeof(*t));
}

static const struct ksym *unique(const struct ksymtab *t, const char *name)
{
	const struct ksym *found = NULL;

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->syms[i].name, name)) {
			if (found)
				return NULL;
			found = &t->syms[i];
		}
	return found;
}

/* Distance from @c to the nearest anchor in its section, ~0UL if none. */
static unsigned long nearest(const struct ksym *c, const struct ksym **anchors, size_t na)
{
	unsigned long best = ~0UL;

	for (size_t i = 0; i < na; i++) {
		unsigned long d;

		if (anchors[i]->sec != c->sec)
			continue;
		d = anchors[i]->addr > c->addr ? anchors[i]->addr - c->addr :
						 c->addr - anchors[i]->addr;
		if (d < best)
			best = d;
	}
	return best;
}

/* The table entries of @orig's other named symbols that are unique in @t. */
static const struct ksym **anchors_of(const struct ksymtab *t, const struct kelf *orig,
				      const char *name, size_t *na)
{
	size_t n;
	Elf64_Sym *syms = kelf_syms(orig, &n);
	const struct ksym **a = NULL;

	*na = 0;
	for (size_t i = 1; i < n; i++) {
		unsigned char type = ELF64_ST_TYPE(syms[i].st_info);
		const struct ksym *k;

		if (syms[i].st_shndx == SHN_UNDEF || !syms[i].st_name ||
		    (type != STT_FUNC && type != STT_OBJECT) ||
		    !strcmp(kelf_symname(orig, &syms[i]), name))
			continue;
		if ((k = unique(t, kelf_symname(orig, &syms[i]))))
			*VEC_PUSH(a, *na) = k;
	}
	return a;
}

int ksymtab_sympos(const struct ksymtab *t, const struct kelf *orig, const char *name,
		   const char *file, unsigned long *pos)
{
	const struct ksym **anchors;
	size_t na, ncand = 0, best = 0, ties = 0;
	unsigned long bestd = ~0UL;

	*pos = 0;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->syms[i].name, name))
			ncand++;
	if (ncand <= 1)
		return 0;
	anchors = anchors_of(t, orig, name, &na);
	ncand = 0;
	for (size_t i = 0; i < t->n; i++) {
		unsigned long d;

		if (strcmp(t->syms[i].name, name))
			continue;
		ncand++;
		d = nearest(&t->syms[i], anchors, na);
		if (d < bestd) {
			bestd = d;
			best = ncand;
			ties = 0;
		} else if (d == bestd) {
			ties++;
		}
	}
	free(anchors);
	if (bestd == ~0UL || ties) {
		fprintf(stderr, "kpcheck: %s: error: '%s' occurs %zu times in %s, and no other "
			"symbol of the file tells which one is meant\n", file, name, ncand,
			t->source);
		return -1;
	}
	*pos = best;
	return 0;
}
