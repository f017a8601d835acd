/* old_sympos from the target's symbol table (see sympos.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"
#include "builder/sympos.h"

/*
 * An object's functions, or its data, lie within this distance of each
 * other; a candidate farther from every anchor is in a section gathered
 * from all objects (.data.once, say), where distance tells nothing.
 */
#define ANCHOR_REACH (256UL << 10)

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

void ksymtab_from_kallsyms(struct ksymtab *t, const struct kallsyms *ks)
{
	memset(t, 0, sizeof(*t));
	t->source = xstrdup(ks->source);
	for (size_t i = 0; i < ks->n; i++)
		if (kind_class(ks->syms[i].type))
			add(t, ks->syms[i].name, strlen(ks->syms[i].name), ks->syms[i].addr,
			    kind_class(ks->syms[i].type));
}

/* Every defined, named symbol, in symbol-table order (module kallsyms keep it). */
void ksymtab_from_elf(struct ksymtab *t, const struct elf_edit *k)
{
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(k, &n);

	memset(t, 0, sizeof(*t));
	t->source = xstrdup(k->path);
	for (size_t i = 1; i < n; i++) {
		unsigned char type = ELF64_ST_TYPE(syms[i].st_info);
		const char *name = elf_edit_symname(k, &syms[i]);

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
static const struct ksym **anchors_of(const struct ksymtab *t, const struct elf_edit *orig,
				      const char *name, size_t *na)
{
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(orig, &n);
	const struct ksym **a = NULL;

	*na = 0;
	for (size_t i = 1; i < n; i++) {
		unsigned char type = ELF64_ST_TYPE(syms[i].st_info);
		const struct ksym *k;

		/* a weak definition may be another file's in the kernel */
		if (syms[i].st_shndx == SHN_UNDEF || !syms[i].st_name ||
		    (type != STT_FUNC && type != STT_OBJECT) ||
		    ELF64_ST_BIND(syms[i].st_info) == STB_WEAK ||
		    !strcmp(elf_edit_symname(orig, &syms[i]), name))
			continue;
		if ((k = unique(t, elf_edit_symname(orig, &syms[i]))))
			*VEC_PUSH(a, *na) = k;
	}
	return a;
}

static int by_place(const void *a, const void *b)
{
	const struct ksym *x = *(const struct ksym *const *)a, *y = *(const struct ksym *const *)b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Is there a symbol @name at (@sec, @addr)?  @idx: the table sorted by place. */
static bool at_place(const struct ksym **idx, size_t n, int sec, unsigned long addr,
		     const char *name)
{
	size_t lo = 0, hi = n;
	struct ksym key = { .addr = addr, .sec = sec };
	const struct ksym *k = &key;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (by_place(&idx[mid], &k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && idx[lo]->sec == sec && idx[lo]->addr == addr; lo++)
		if (!strcmp(idx[lo]->name, name))
			return true;
	return false;
}

/*
 * How many of the other named symbols of @name's section in @orig sit
 * in the table at the same distance from candidate @c as in the object:
 * an explicitly named section (.data.once, say) is laid out whole.
 */
static int layout_score(const struct ksym **idx, size_t n, const struct elf_edit *orig,
			const Elf64_Sym *own, const struct ksym *c)
{
	size_t ns;
	Elf64_Sym *syms = elf_edit_syms(orig, &ns);
	int score = 0;

	for (size_t i = 1; i < ns; i++) {
		unsigned char type = ELF64_ST_TYPE(syms[i].st_info);

		if (&syms[i] == own || syms[i].st_shndx != own->st_shndx || !syms[i].st_name ||
		    (type != STT_OBJECT && type != STT_FUNC))
			continue;
		score += at_place(idx, n, c->sec, c->addr + syms[i].st_value - own->st_value,
				  elf_edit_symname(orig, &syms[i]));
	}
	return score;
}

/* The candidates' layout scores; NULL when @name is not in @orig. */
static int *layout_scores(const struct ksymtab *t, const struct elf_edit *orig, const char *name)
{
	const Elf64_Sym *own = elf_edit_sym_by_name(orig, name);
	const struct ksym **idx;
	int *scores = NULL;
	size_t nc = 0;

	if (!own)
		return NULL;
	idx = xmalloc((t->n + 1) * sizeof(*idx));
	for (size_t i = 0; i < t->n; i++)
		idx[i] = &t->syms[i];
	qsort(idx, t->n, sizeof(*idx), by_place);
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->syms[i].name, name))
			*VEC_PUSH(scores, nc) = layout_score(idx, t->n, orig, own, &t->syms[i]);
	free(idx);
	return scores;
}

int ksymtab_sympos(const struct ksymtab *t, const struct elf_edit *orig, const char *name,
		   const char *file, unsigned long *pos)
{
	const struct ksym **anchors;
	size_t na, ncand = 0, best = 0, ties = 0;
	unsigned long bestd = ~0UL;
	int *scores, top = 0;

	*pos = 0;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->syms[i].name, name))
			ncand++;
	if (ncand <= 1)
		return 0;
	anchors = anchors_of(t, orig, name, &na);
	scores = layout_scores(t, orig, name);
	for (size_t i = 0; scores && i < ncand; i++)
		if (scores[i] > top)
			top = scores[i];
	ncand = 0;
	for (size_t i = 0; i < t->n; i++) {
		unsigned long d;

		if (strcmp(t->syms[i].name, name))
			continue;
		ncand++;
		if (scores && scores[ncand - 1] < top)
			continue;	/* its neighbours are not the object's */
		d = nearest(&t->syms[i], anchors, na);
		if (d < bestd) {
			bestd = d;
			best = ncand;
			ties = 0;
		} else if (d == bestd) {
			ties++;
		}
	}
	if (top > 0 && bestd == ~0UL && !ties)
		bestd = 0;	/* the layout alone told */
	free(anchors);
	free(scores);
	if (bestd > ANCHOR_REACH || ties) {
		if (file)
			fprintf(stderr, "kpcheck: %s: error: '%s' occurs %zu times in %s, and no "
				"other symbol of the file tells which one is meant\n", file, name,
				ncand, t->source);
		return -1;
	}
	*pos = best;
	return 0;
}

const struct ksym *ksymtab_nth(const struct ksymtab *t, const char *name, unsigned long pos)
{
	const struct ksym *found = NULL;
	unsigned long n = 0;

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->syms[i].name, name) && ++n == (pos ? pos : 1))
			found = &t->syms[i];
	return pos || n == 1 ? found : NULL;
}

int ksymtab_pos_at(const struct ksymtab *t, const char *name, int sec, unsigned long addr,
		   unsigned long *pos)
{
	unsigned long n = 0, at = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->syms[i].name, name))
			continue;
		n++;
		if (t->syms[i].addr == addr && (sec < 0 || t->syms[i].sec == sec) && !at)
			at = n;
	}
	*pos = n > 1 ? at : 0;
	return at ? 0 : -1;
}
