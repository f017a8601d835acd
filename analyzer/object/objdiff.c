/*
 * The object differ's driver and its symbol correlation (see objdiff.h).
 *
 * Symbols are paired by name first, then by a canonical name without the
 * numbers GCC and the kernel make up per build: clone numbers
 * (foo.isra.0, foo.constprop.3, foo.part.1), static-local numbers
 * (__already_done.12) and __COUNTER__ suffixes (__UNIQUE_ID_x123).  A
 * static local is paired only with one of the same name used by the
 * paired function, since every function's `static bool warned` has the
 * same canonical name.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/dwarf.h"
#include "analyzer/object/objdiff.h"
#include "lib/symname.h"
#include "lib/util.h"

char *od_canon_name(const char *name, bool *static_local)
{
	return symname_canon(name, static_local);
}

bool od_is_func(const struct od_sym *s)
{
	return s->sym->type == STT_FUNC;
}

/* foo.cold -> foo, foo.isra.0.cold.3 -> foo.isra.0, foo.part.0 -> foo. */
static struct od_sym *find_parent(struct od_obj *o, const char *name, bool *cold)
{
	const char *cut = symname_child_suffix(name, cold);
	struct symbol *p;
	char *base;

	if (!cut)
		return NULL;
	base = xstrndup(name, cut - name);
	p = elf_symbol_by_name(o->e, base);
	free(base);
	return p && p->type == STT_FUNC ? p->priv : NULL;
}

static bool wanted(const struct symbol *s)
{
	if (!s->sec || !*s->name || symname_is_padding(s->name))
		return false;
	if (s->type == STT_FUNC)
		return true;
	/* literals in mergeable sections (clang's .L.str.N) are compared by
	 * content where they are used, not as data of their own */
	return s->type == STT_OBJECT && (s->sec->sh.sh_flags & SHF_ALLOC) &&
	       !(s->sec->sh.sh_flags & (SHF_STRINGS | SHF_MERGE));
}

/* Macro-made statics, and data the kernel keeps per call site: dynamic
 * debug descriptors, WARN_ONCE flags in .data.once (kpatch issue 990). */
static bool special_static(const struct symbol *s)
{
	const char *sec = s->sec->name;

	return symname_special_static(s->name) || !strcmp(sec, "__dyndbg") ||
	       !strcmp(sec, "__verbose") || !strcmp(sec, ".data.once") ||
	       !strcmp(sec, ".data..once") || str_starts(sec, ".data..L__unnamed_") ||
	       str_starts(sec, ".data.__unnamed_");
}

/* KPATCH_IGNORE_FUNCTION(f) puts a pointer to f in .kpatch.ignore.functions. */
static void ignore_functions(struct section *sec)
{
	for (size_t i = 0; i < sec->nrelocs; i++) {
		struct od_sym *f = od_target_sym(sec, &sec->relocs[i]);

		if (f && od_is_func(f))
			f->ignored = true;
	}
}

/* KPATCH_IGNORE_SECTION(".init.text") puts a pointer to the section's name
 * in .kpatch.ignore.sections: nothing in that section is compared. */
static void ignore_sections(struct od_obj *o, struct section *sec)
{
	for (size_t i = 0; i < sec->nrelocs; i++) {
		const struct reloc *r = &sec->relocs[i];
		const char *name = r->sym->sec ? section_string(r->sym->sec,
				   r->sym->offset + r->addend) : NULL;

		for (size_t j = 0; name && j < o->nsyms; j++)
			if (!strcmp(o->syms[j].sym->sec->name, name))
				o->syms[j].ignored = true;
	}
}

static void mark_ignored(struct od_obj *o)
{
	struct section *fs = elf_section_by_name(o->e, ".kpatch.ignore.functions");
	struct section *ss = elf_section_by_name(o->e, ".kpatch.ignore.sections");

	/* a list that cannot be read ignores nothing */
	if (fs && !elf_read_relocs(o->e, fs))
		ignore_functions(fs);
	if (ss && !elf_read_relocs(o->e, ss))
		ignore_sections(o, ss);
}

static int read_all_relocs(struct od_obj *o, char *err, size_t errlen)
{
	for (size_t i = 1; i < o->e->nsections; i++) {
		struct section *sec = &o->e->sections[i];

		if (!(sec->sh.sh_flags & SHF_ALLOC) || !sec->rela)
			continue;
		if (elf_read_relocs(o->e, sec)) {
			snprintf(err, errlen, "%s", o->e->err);
			return -1;
		}
	}
	return 0;
}

static bool better_user(const struct od_sym *cand, const struct od_sym *cur)
{
	return !cur || strcmp(cand->canon, cur->canon) < 0;
}

/* Static locals: remember the (alphabetically first) function using each. */
static void find_users(struct od_obj *o)
{
	for (size_t i = 1; i < o->e->nsections; i++) {
		struct section *sec = &o->e->sections[i];

		if (!section_is_text(sec))
			continue;
		for (size_t j = 0; j < sec->nrelocs; j++) {
			const struct reloc *r = &sec->relocs[j];
			struct symbol *fs = elf_symbol_at(sec, r->offset);
			struct od_sym *t = od_target_sym(sec, r), *f;

			f = fs && fs->type == STT_FUNC ? fs->priv : NULL;
			while (f && f->parent)	/* GCC moved the use into a part */
				f = f->parent;
			if (t && t->static_local && f && better_user(f, t->user))
				t->user = f;
		}
	}
}

static bool symbolless_code(const struct section *sec)
{
	return sec && section_is_text(sec) && sec->nsyms == 0 && sec->data;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Where references point into symbol-less code: the starts of its pieces. */
static void find_pieces(struct od_obj *o)
{
	o->pieces = xcalloc(o->e->nsections + 1, sizeof(*o->pieces));
	for (size_t i = 1; i < o->e->nsections; i++) {
		const struct section *sec = &o->e->sections[i];

		for (size_t j = 0; j < sec->nrelocs; j++) {
			const struct reloc *r = &sec->relocs[j];
			struct od_pieces *p;
			long at;

			if (!symbolless_code(r->sym->sec) || r->sym->sec == sec ||
			    (at = elf_reloc_target(sec, r)) < 0)
				continue;
			p = &o->pieces[r->sym->sec->idx];
			*VEC_PUSH(p->starts, p->n) = at;
		}
	}
	for (size_t i = 1; i < o->e->nsections; i++) {
		struct od_pieces *p = &o->pieces[i];
		size_t n = 0;

		if (!p->n)
			continue;
		qsort(p->starts, p->n, sizeof(*p->starts), cmp_ulong);
		for (size_t j = 0; j < p->n; j++)
			if (!n || p->starts[n - 1] != p->starts[j])
				p->starts[n++] = p->starts[j];
		p->n = n;
		o->e->sections[i].priv = p;
	}
}

int od_prepare(struct od_obj *o, char *err, size_t errlen)
{
	struct elf *e = o->e;

	o->syms = xcalloc(e->nsymbols + 1, sizeof(*o->syms));
	for (size_t i = 0; i < e->nsymbols; i++) {
		struct symbol *s = &e->symbols[i];
		struct od_sym *d;

		if (!wanted(s))
			continue;
		d = &o->syms[o->nsyms++];
		d->sym = s;
		d->obj = o;
		d->canon = od_canon_name(s->name, &d->static_local);
		d->static_local &= s->type == STT_OBJECT && s->bind == STB_LOCAL;
		d->special_static = s->type == STT_OBJECT && s->bind == STB_LOCAL &&
				    special_static(s);
		s->priv = d;
	}
	for (size_t i = 0; i < o->nsyms; i++) {
		struct od_sym *d = &o->syms[i];

		if (od_is_func(d))
			d->parent = find_parent(o, d->sym->name, &d->cold);
		d->cold &= d->parent != NULL;
	}
	if (read_all_relocs(o, err, errlen))
		return -1;
	find_users(o);
	find_pieces(o);
	mark_ignored(o);
	if (od_map_specials(o))
		return -1;
	od_find_callers(o);
	return 0;
}

static void pair(struct od_sym *a, struct od_sym *b)
{
	a->twin = b;
	b->twin = a;
}

static bool same_kind(const struct od_sym *a, const struct od_sym *b)
{
	return a->sym->type == b->sym->type;
}

static void pair_by_name(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *b = &r->post.syms[i];
		struct symbol *as;

		if (b->static_local || b->special_static)
			continue;
		as = elf_symbol_by_name(r->pre.e, b->sym->name);
		if (as && as->priv && !((struct od_sym *)as->priv)->twin &&
		    same_kind(as->priv, b) && !((struct od_sym *)as->priv)->static_local)
			pair(as->priv, b);
	}
}

/* Can @a (pre) be paired with @b (post) by canonical name? */
static bool canon_match(const struct od_sym *a, const struct od_sym *b)
{
	if (a->twin || b->twin || !same_kind(a, b) || a->static_local != b->static_local ||
	    a->special_static || b->special_static ||
	    strcmp(a->canon, b->canon))
		return false;
	if (!a->static_local)
		return true;
	if (!a->user || !b->user)
		return !a->user && !b->user;
	return a->user->twin == b->user;
}

struct canon_index {
	struct od_sym **v;	/* unpaired pre symbols sorted by canon */
	size_t n;
};

static int cmp_canon(const void *x, const void *y)
{
	const struct od_sym *a = *(struct od_sym *const *)x, *b = *(struct od_sym *const *)y;
	int c = strcmp(a->canon, b->canon);

	return c ? c : (a->sym->idx > b->sym->idx) - (a->sym->idx < b->sym->idx);
}

static void index_unpaired(struct od_obj *o, struct canon_index *ix)
{
	ix->v = xcalloc(o->nsyms + 1, sizeof(*ix->v));
	ix->n = 0;
	for (size_t i = 0; i < o->nsyms; i++)
		if (!o->syms[i].twin)
			ix->v[ix->n++] = &o->syms[i];
	qsort(ix->v, ix->n, sizeof(*ix->v), cmp_canon);
}

static void pair_in_index(struct canon_index *ix, struct od_sym *b)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid]->canon, b->canon) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->n && !strcmp(ix->v[lo]->canon, b->canon); lo++)
		if (canon_match(ix->v[lo], b)) {
			pair(ix->v[lo], b);
			return;
		}
}

/* Functions and global data first, so static locals can follow users. */
static void pair_by_canon(struct od_result *r, bool statics)
{
	struct canon_index ix;

	index_unpaired(&r->pre, &ix);
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *b = &r->post.syms[i];

		if (!b->twin && b->static_local == statics)
			pair_in_index(&ix, b);
	}
	free(ix.v);
}

void od_correlate(struct od_result *r)
{
	pair_by_name(r);
	pair_by_canon(r, false);
	pair_by_canon(r, true);
}

static int open_side(struct od_obj *o, const char *path, char *err, size_t errlen)
{
	o->e = elf_open_object(path, err, errlen);
	return o->e ? od_prepare(o, err, errlen) : -1;
}

int objdiff_run(struct od_result *r, const char *orig, const char *patched,
		char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->object = patched;
	if (open_side(&r->pre, orig, err, errlen) ||
	    open_side(&r->post, patched, err, errlen))
		return -1;
	od_correlate(r);
	if (od_compare(r))
		return -1;
	od_compare_symvers(r, orig, patched);
	return 0;
}

struct dwarf_info *od_dwarf(struct od_obj *o)
{
	char err[512];

	if (!o->dw_tried && o->e) {
		o->dw_tried = true;
		o->dw = dw_info_open(o->e->path, err, sizeof(err));
	}
	return o->dw;
}

static void free_obj(struct od_obj *o)
{
	for (size_t i = 0; o->pieces && i < o->e->nsections; i++)
		free(o->pieces[i].starts);
	free(o->pieces);
	for (size_t i = 0; i < o->nsyms; i++) {
		free(o->syms[i].canon);
		free(o->syms[i].entries);
	}
	free(o->syms);
	dw_info_free(o->dw);
	elf_close_object(o->e);
}

void objdiff_free(struct od_result *r)
{
	free_obj(&r->pre);
	free_obj(&r->post);
	for (int i = 0; i < r->ncrcs; i++)
		free(r->crcs[i].name);
	free(r->crcs);
	free(r->funcs);
	free(r->line_only);
	memset(r, 0, sizeof(*r));
}
