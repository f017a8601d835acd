/*
 * The AST diff: pre- and post-image summaries of one patched file are
 * matched by kind and name, and what differs becomes TIER_SOURCE facts of
 * the change model, overriding the patch tier's guesses: a function
 * changed when its token hash (with the macros it expands folded in)
 * differs, not when a hunk touches its lines; a type changed when its
 * measured layout differs, not when its text does.  Patch-tier facts that
 * clang cannot see (EXPORT_SYMBOL, SYSCALL_DEFINE, module_init) are kept.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/source/srctier.h"
#include "lib/util.h"

/* Attributes only the patch tier knows, from text outside the definition. */
#define PATCH_ONLY_ATTRS (ATTR_SYSCALL | ATTR_EXPORTED | ATTR_MODULE_INIT | \
			  ATTR_ASMLINKAGE | ATTR_LP_SYSCALL)

const struct cl_def *cl_find(const struct cl_unit *u, int file,
			     enum kp_def_kind kind, const char *name)
{
	for (int i = 0; u && i < u->ndefs; i++) {
		const struct cl_def *d = &u->defs[i];

		if (d->file == file && d->kind == kind && !strcmp(d->name, name))
			return d;
	}
	return NULL;
}

/* SYSCALL_DEFINEn(x) gives __do_sys_x (the body) and glue functions; the
 * patch tier calls the body sys_x.  The glue is not the patch's code. */
static const char *model_name(const char *name, char *buf, size_t len)
{
	static const char *const glue[] = { "__se_sys_", "__x64_sys_",
		"__ia32_sys_", "__x32_sys_", "__se_compat_sys_",
		"__x64_compat_sys_", "__ia32_compat_sys_", NULL };

	for (int i = 0; glue[i]; i++)
		if (str_starts(name, glue[i]))
			return NULL;
	if (str_starts(name, "__do_sys_") || str_starts(name, "__do_compat_sys_")) {
		snprintf(buf, len, "%s", name + strlen("__do_"));
		return buf;
	}
	return name;
}

static bool members_differ(const struct cl_member *a, const struct cl_member *b,
			   enum kp_def_kind kind)
{
	if (kind == DEF_ENUM)
		return a->value != b->value;
	return a->offset != b->offset || a->size != b->size ||
	       strcmp(a->type, b->type);
}

static const struct cl_member *find_member(const struct cl_def *d, const char *n)
{
	for (int i = 0; d && i < d->nmembers; i++)
		if (!strcmp(d->members[i].name, n))
			return &d->members[i];
	return NULL;
}

/* Does the measured layout of a type differ? */
static bool layout_differs(const struct cl_def *p, const struct cl_def *q)
{
	if (p->nmembers != q->nmembers || (p->sig && q->sig && strcmp(p->sig, q->sig)))
		return true;
	for (int i = 0; i < p->nmembers; i++)
		if (strcmp(p->members[i].name, q->members[i].name) ||
		    members_differ(&p->members[i], &q->members[i], p->kind))
			return true;
	return false;
}

static bool same_section(const struct cl_def *p, const struct cl_def *q)
{
	return p->section && q->section ? !strcmp(p->section, q->section) :
	       p->section == q->section;
}

static enum kp_change change_of(const struct cl_def *p, const struct cl_def *q)
{
	if (!p)
		return CHANGE_ADDED;
	if (!q)
		return CHANGE_DELETED;
	/* data a livepatch tool's macro makes (KPATCH_SYSCALL_DEFINEn's
	 * syscall metadata) is the tool's, whatever the kernel had */
	if (q->kind == DEF_VARIABLE && q->helper_made)
		return CHANGE_NONE;
	if (q->kind == DEF_STRUCT || q->kind == DEF_UNION || q->kind == DEF_ENUM)
		return layout_differs(p, q) ? CHANGE_MODIFIED : CHANGE_NONE;
	/* an attribute after the declarator (x __ro_after_init) lies
	 * outside the extent the token hash covers */
	return p->hash != q->hash || !same_section(p, q) ? CHANGE_MODIFIED : CHANGE_NONE;
}

/* The first line the patch changes inside the definition's extents. */
static void first_changed_line(const struct kp_file *f, struct kp_def *d)
{
	for (int k = 0; k < f->nhunks; k++)
		for (int i = 0; i < f->hunks[k].nlines; i++) {
			const struct kp_line *ln = &f->hunks[k].lines[i];
			bool in_new = ln->kind == LINE_ADD && ln->new_no >= d->new_start &&
				      ln->new_no <= d->new_end;
			bool in_old = ln->kind == LINE_DEL && ln->old_no >= d->old_start &&
				      ln->old_no <= d->old_end;

			if (!in_new && !in_old)
				continue;
			if (d->first_line && !(d->first_line_old && in_new))
				continue;
			d->first_line = in_new ? ln->new_no : ln->old_no;
			d->first_line_old = !in_new;
			d->first_col = 1;
			d->patch_line = ln->patch_line;
		}
}

/* For enum constants the "offset" is the value (kp_member has no other
 * place for it); sizes stay -1. */
static void set_member(struct kp_member *m, const struct cl_member *a,
		       const struct cl_member *b, bool is_enum)
{
	m->tier = TIER_SOURCE;
	m->change = !a ? CHANGE_ADDED : !b ? CHANGE_DELETED : CHANGE_MODIFIED;
	m->old_offset = a ? (is_enum ? a->value : a->offset) : -1;
	m->old_size = a ? a->size : -1;
	m->new_offset = b ? (is_enum ? b->value : b->offset) : -1;
	m->new_size = b ? b->size : -1;
	m->old_type = a && a->type ? xstrdup(a->type) : NULL;
	m->new_type = b && b->type ? xstrdup(b->type) : NULL;
	m->line = b ? b->line : a->line;
	m->col = 1;
}

static void clear_members(struct kp_def *d)
{
	for (int i = 0; i < d->nmembers; i++) {
		free(d->members[i].name);
		free(d->members[i].old_type);
		free(d->members[i].new_type);
		free(d->members[i].decl);
	}
	free(d->members);
	d->members = NULL;
	d->nmembers = 0;
}

/* Position of member @n among the members both images have. */
static int common_rank(const struct cl_def *d, const struct cl_def *other,
		       const char *n)
{
	int rank = 0;

	for (int i = 0; i < d->nmembers; i++) {
		if (!strcmp(d->members[i].name, n))
			return rank;
		rank += find_member(other, d->members[i].name) != NULL;
	}
	return -1;
}

/* A struct member that only moved because another was added or removed
 * before it is no finding of its own: the added/removed one is. */
static bool only_shifted(const struct cl_def *p, const struct cl_def *q,
			 const struct cl_member *a, const struct cl_member *b)
{
	return q->kind != DEF_ENUM && a->size == b->size && !strcmp(a->type, b->type) &&
	       common_rank(p, q, a->name) == common_rank(q, p, b->name);
}

/* Member facts measured by clang replace the patch tier's. */
static void diff_members(struct kp_def *d, const struct cl_def *p,
			 const struct cl_def *q)
{
	bool is_enum = (q ? q : p)->kind == DEF_ENUM;
	int shifted = 0;

	clear_members(d);
	for (int i = 0; q && i < q->nmembers; i++) {
		const struct cl_member *b = &q->members[i], *a = find_member(p, b->name);

		if (a && !members_differ(a, b, q->kind))
			continue;
		if (a && only_shifted(p, q, a, b)) {
			shifted++;
			continue;
		}
		set_member(model_add_member(d, b->name), a, b, is_enum);
		d->members[d->nmembers - 1].renumbers = a && is_enum;
	}
	for (int i = 0; p && i < p->nmembers; i++)
		if (!find_member(q, p->members[i].name))
			set_member(model_add_member(d, p->members[i].name),
				   &p->members[i], NULL, is_enum);
	if (q && q->kind != DEF_ENUM) {
		struct kp_srcdef *s = srcdef_get(d);

		s->old_bits = p && p->sig ? atol(p->sig) : -1;
		s->new_bits = q->sig ? atol(q->sig) : -1;
		s->shifted = shifted;
	}
	if (shifted)
		model_add_fact(d, TIER_SOURCE, "%d later member%s move%s", shifted,
			       shifted > 1 ? "s" : "", shifted > 1 ? "" : "s");
	if (p && q && p->sig && q->sig && strcmp(p->sig, q->sig))
		model_add_fact(d, TIER_SOURCE, "size %ld -> %ld bytes",
			       atol(p->sig) / 8, atol(q->sig) / 8);
}

static void copy_attrs(struct kp_def *d, const struct cl_def *p,
		       const struct cl_def *q)
{
	unsigned int keep_new = d->attrs & PATCH_ONLY_ATTRS;
	unsigned int keep_old = d->old_attrs & PATCH_ONLY_ATTRS;

	d->attrs = keep_new | (q ? q->attrs : p->attrs);
	d->old_attrs = keep_old | (p ? p->attrs : 0);
}

static void copy_extent(struct kp_def *d, const struct cl_def *p,
			const struct cl_def *q)
{
	d->old_start = p ? p->start : 0;
	d->old_end = p ? p->end : 0;
	d->new_start = q ? q->start : 0;
	d->new_end = q ? q->end : 0;
}

/* The patch tier believed a change the ASTs show is none. */
static void mark_cosmetic(struct kp_def *d, const char *why)
{
	d->cosmetic = true;
	d->tier = TIER_SOURCE;
	if (d->kind == DEF_STRUCT || d->kind == DEF_UNION || d->kind == DEF_ENUM)
		clear_members(d);
	model_add_fact(d, TIER_SOURCE, "%s", why);
}

static void diff_def(struct src_run *r, struct src_file *f,
		     const struct cl_def *p, const struct cl_def *q)
{
	const struct cl_def *c = q ? q : p;
	enum kp_change ch = change_of(p, q);
	char buf[256];
	const char *name = model_name(c->name, buf, sizeof(buf));
	struct kp_def *d;

	if (!name || !*name)
		return;
	d = model_find_def(f->fm, c->kind, name);
	if (!d && ch == CHANGE_NONE)
		return;
	if (d && ch == CHANGE_NONE) {
		if (d->change != CHANGE_NONE && !d->cosmetic)
			mark_cosmetic(d, c->kind == DEF_FUNCTION || c->kind == DEF_MACRO ||
				      c->kind == DEF_VARIABLE ?
				      "same tokens and expanded macros before and after" :
				      "same layout before and after");
		return;
	}
	if (!d) {
		d = model_add_def(f->fm, c->kind, name);
		model_add_fact(d, TIER_SOURCE, "found by the source tier");
	}
	d->change = ch;
	d->cosmetic = false;
	d->tier = TIER_SOURCE;
	copy_attrs(d, p, q);
	/* the body of a syscall is static inline, the syscall is not: the
	 * syscall table calls its global __x64_sys_ wrapper */
	if (name != c->name && d->kind == DEF_FUNCTION) {
		d->attrs &= ~ATTR_STATIC;
		d->old_attrs &= ~ATTR_STATIC;
	}
	copy_extent(d, p, q);
	if (!d->first_line)
		first_changed_line(f->fm->file, d);
	if (f->through)
		model_add_fact(d, TIER_SOURCE, "parsed through %s", f->through);
	if (c->kind == DEF_STRUCT || c->kind == DEF_UNION || c->kind == DEF_ENUM)
		diff_members(d, p, q);
	else
		fill_details(r, d, p, q);
}

/* Was this first occurrence of the name in the unit (redeclarations)? */
static bool first_of_name(const struct cl_unit *u, const struct cl_def *d)
{
	const struct cl_def *first = cl_find(u, d->file, d->kind, d->name);

	if (first != d)
		return false;
	/* EXPORT_SYMBOL(f) re-declares f: the definition speaks for it */
	return d->kind != DEF_PROTOTYPE || !cl_find(u, d->file, DEF_FUNCTION, d->name);
}

static bool in_ast(const struct src_file *f, int i, const struct kp_def *d)
{
	const struct cl_unit *u[2] = { f->pre, f->post };

	for (int k = 0; k < 2; k++)
		for (int j = 0; j < u[k]->ndefs; j++) {
			const struct cl_def *c = &u[k]->defs[j];
			int s = k ? d->new_start : d->old_start;
			int e = k ? d->new_end : d->old_end;

			if (c->file != i)
				continue;
			if (d->name && !strcmp(c->name, d->name))
				return true;
			/* code made by a macro has another name in the AST */
			if (s && c->start <= e && c->end >= s)
				return true;
		}
	return false;
}

/* Functions and data the patch touches that this .config does not build
 * (#ifdef'd out) are no code to patch.  Only for a .c file parsed as
 * itself: a header's #ifdefs may depend on who includes it. */
static void mark_not_built(struct src_file *f, int i)
{
	for (int k = 0; k < f->fm->ndefs; k++) {
		struct kp_def *d = &f->fm->defs[k];

		if ((d->kind != DEF_FUNCTION && d->kind != DEF_VARIABLE) ||
		    d->change == CHANGE_NONE || d->cosmetic || d->tier != TIER_PATCH ||
		    in_ast(f, i, d))
			continue;
		mark_cosmetic(d, "not compiled with this tree's .config");
		/* no code, rather than the same text (no-functional-change) */
		d->no_code = "not compiled with this tree's .config";
	}
}

/* Equal but for the numbers in them: __COUNTER__ numbers the names that
 * module_init(), MODULE_*() and __ADDRESSABLE() make up. */
static bool same_but_numbers(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			while (isdigit((unsigned char)*a))
				a++;
			while (isdigit((unsigned char)*b))
				b++;
			continue;
		}
		if (*a++ != *b++)
			return false;
	}
	return !*a && !*b;
}

/* Made up by the same macro, named alike, and without a same-named
 * definition in the other image (@other). */
static bool renumbered_like(const struct cl_def *d, const struct cl_def *like,
			    const struct cl_unit *other)
{
	return d->file == like->file && d->kind == like->kind && d->macro &&
	       !strcmp(d->macro, like->macro) && same_but_numbers(d->name, like->name) &&
	       !cl_find(other, d->file, d->kind, d->name);
}

/*
 * The definition of @to that @d (of @from) became when only a
 * __COUNTER__ number changed: a patch that adds a BUILD_BUG_ON() or a
 * WARN_ONCE() above module_init(f) turns __UNIQUE_ID___addressable_
 * init_module8 into ..._init_module9.  Matched by the macro that made
 * the name, the name without its numbers, and the order among those.
 */
static const struct cl_def *renumbered(const struct cl_unit *from,
				       const struct cl_def *d,
				       const struct cl_unit *to)
{
	int rank = 0;

	if (!d->macro || cl_find(to, d->file, d->kind, d->name))
		return NULL;
	for (const struct cl_def *e = from->defs; e < d; e++)
		rank += renumbered_like(e, d, to);
	for (int k = 0; k < to->ndefs; k++)
		if (renumbered_like(&to->defs[k], d, from) && rank-- == 0)
			return &to->defs[k];
	return NULL;
}

/* An export of file @i whose CRC the post-image changes, or NULL. */
static const char *crc_changed(const struct cl_unit *pre, const struct cl_unit *post,
			       int i)
{
	for (int k = 0; k < post->nexports; k++) {
		const struct cl_export *b = &post->exports[k];

		if (b->file != i)
			continue;
		for (int j = 0; j < pre->nexports; j++) {
			const struct cl_export *a = &pre->exports[j];

			if (a->file == i && !strcmp(a->name, b->name) && a->abi != b->abi)
				return b->name;
		}
	}
	return NULL;
}

/* New #includes of a file whose exports' CRCs change: genksyms now sees
 * a type they reach complete (or no longer). */
static void mark_crc_changes(struct src_file *f, int i)
{
	const char *sym = crc_changed(f->pre, f->post, i);

	for (int k = 0; sym && k < f->fm->ndefs; k++) {
		struct kp_def *d = &f->fm->defs[k];

		if (d->kind == DEF_INCLUDE && d->change == CHANGE_ADDED) {
			srcdef_get(d)->crc_export = xstrdup(sym);
			model_add_fact(d, TIER_SOURCE, "the CRC of exported '%s' changes", sym);
		}
	}
}

void srcdiff_file(struct src_run *r, int i)
{
	struct src_file *f = &r->files[i];
	const struct cl_unit *pre = f->pre, *post = f->post;

	for (int k = 0; k < post->ndefs; k++) {
		const struct cl_def *q = &post->defs[k], *p;

		if (q->file != i || !first_of_name(post, q))
			continue;
		p = cl_find(pre, i, q->kind, q->name);
		diff_def(r, f, p ? p : renumbered(post, q, pre), q);
	}
	for (int k = 0; k < pre->ndefs; k++) {
		const struct cl_def *p = &pre->defs[k];

		if (p->file == i && first_of_name(pre, p) &&
		    !cl_find(post, i, p->kind, p->name) && !renumbered(pre, p, post))
			diff_def(r, f, p, NULL);
	}
	if (!f->through && f->fm->kind == FK_C_SOURCE) {
		mark_not_built(f, i);
		mark_crc_changes(f, i);
	}
	f->fm->tiers |= TIERBIT(TIER_SOURCE);
}
