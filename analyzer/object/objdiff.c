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
#include "lib/util.h"

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool is_clone_word(const char *s, size_t n)
{
	static const char *const words[] = { "isra", "constprop", "part", "lto_priv", "llvm" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(s, words[i], n))
			return true;
	return false;
}

/* Drop the numbers of a "__UNIQUE_ID_name123" base (from __COUNTER__). */
static void strip_counter(char *base)
{
	size_t n = strlen(base);

	if (!str_starts(base, "__UNIQUE_ID_") && !str_starts(base, "__initcall__"))
		return;
	while (n > 12 && base[n - 1] >= '0' && base[n - 1] <= '9')
		base[--n] = 0;
}

char *od_canon_name(const char *name, bool *static_local)
{
	const char *dot = strchr(name, '.');
	char *out = xstrndup(name, dot && dot != name ? (size_t)(dot - name) : strlen(name));
	size_t len;
	bool after_clone = false;

	*static_local = false;
	strip_counter(out);
	len = strlen(out);
	while (dot && dot != name) {
		const char *w = dot + 1, *end = strchr(w, '.');
		size_t n = end ? (size_t)(end - w) : strlen(w);

		if (all_digits(w, n)) {
			*static_local |= !after_clone;
		} else {
			out = xrealloc(out, len + n + 2);
			out[len++] = '.';
			memcpy(out + len, w, n);
			out[len += n] = 0;
		}
		after_clone = is_clone_word(w, n);
		dot = end;
	}
	return out;
}

bool od_is_func(const struct od_sym *s)
{
	return s->sym->type == STT_FUNC;
}

/* foo.cold -> foo, foo.part.0 -> foo: the function the part belongs to. */
static struct od_sym *find_parent(struct od_obj *o, const char *name)
{
	const char *cut = NULL;
	struct symbol *p;
	char *base;

	if (str_ends(name, ".cold"))
		cut = name + strlen(name) - 5;
	else if (strstr(name, ".part."))
		cut = strstr(name, ".part.");
	if (!cut || cut == name)
		return NULL;
	base = xstrndup(name, cut - name);
	p = elf_symbol_by_name(o->e, base);
	free(base);
	return p && p->type == STT_FUNC ? p->priv : NULL;
}

static bool wanted(const struct symbol *s)
{
	if (!s->sec || !*s->name)
		return false;
	if (s->type == STT_FUNC)
		return true;
	return s->type == STT_OBJECT && (s->sec->sh.sh_flags & SHF_ALLOC);
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
			if (t && t->static_local && f && better_user(f, t->user))
				t->user = f;
		}
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
		s->priv = d;
	}
	for (size_t i = 0; i < o->nsyms; i++)
		if (od_is_func(&o->syms[i]))
			o->syms[i].parent = find_parent(o, o->syms[i].sym->name);
	if (read_all_relocs(o, err, errlen))
		return -1;
	find_users(o);
	return od_map_specials(o);
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

		if (b->static_local)
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
	od_findings(r);
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
	for (int i = 0; i < r->nfindings; i++) {
		free(r->findings[i].symbol);
		free(r->findings[i].message);
		free(r->findings[i].note);
	}
	free(r->findings);
	free(r->funcs);
	free(r->line_only);
	memset(r, 0, sizeof(*r));
}
