/*
 * Change model helpers: adding and finding definitions, facts and
 * members, and freeing it all.  The model owns every string in it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/model.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/model/objfacts.h"
#include "lib/util.h"

struct kp_def *model_add_def(struct kp_file_model *fm, enum kp_def_kind kind,
			     const char *name)
{
	struct kp_def *d = VEC_PUSH(fm->defs, fm->ndefs);

	d->kind = kind;
	d->name = name ? xstrdup(name) : NULL;
	return d;
}

static bool same_name(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

struct kp_def *model_find_def(struct kp_file_model *fm, enum kp_def_kind kind,
			      const char *name)
{
	for (int i = 0; i < fm->ndefs; i++)
		if (fm->defs[i].kind == kind && same_name(fm->defs[i].name, name))
			return &fm->defs[i];
	return NULL;
}

void model_add_fact(struct kp_def *def, enum kp_tier tier, const char *fmt, ...)
{
	struct kp_fact *f = VEC_PUSH(def->facts, def->nfacts);
	va_list ap;

	va_start(ap, fmt);
	f->tier = tier;
	f->text = xvasprintf(fmt, ap);
	va_end(ap);
}

struct kp_member *model_add_member(struct kp_def *def, const char *name)
{
	struct kp_member *m = VEC_PUSH(def->members, def->nmembers);

	m->name = xstrdup(name);
	m->old_offset = m->new_offset = m->old_size = m->new_size = -1;
	return m;
}

static void free_def(struct kp_def *d)
{
	for (int i = 0; i < d->nmembers; i++) {
		free(d->members[i].name);
		free(d->members[i].old_type);
		free(d->members[i].new_type);
		free(d->members[i].decl);
	}
	for (int i = 0; i < d->nfacts; i++)
		free(d->facts[i].text);
	free(d->members);
	free(d->facts);
	srcdef_free(d->src);
	objdef_free(d->obj);
	free(d->name);
	free(d->syscall);
	free(d->init_chain);
	free(d->include);
}

void model_free(struct kp_model *m)
{
	for (int i = 0; i < m->nfiles; i++) {
		struct kp_file_model *fm = &m->files[i];

		for (int j = 0; j < fm->ndefs; j++)
			free_def(&fm->defs[j]);
		free(fm->defs);
		free(fm->object);
		free(fm->object_why);
		free(fm->pre);
		free(fm->post);
		for (int j = 0; j < fm->nasm_includers; j++)
			free(fm->asm_includers[j]);
		free(fm->asm_includers);
		free(fm->image_table);
	}
	free(m->files);
	for (int i = 0; i < m->hdrset.nfns; i++) {
		struct kp_expander *e = &m->hdrset.fns[i];

		free(e->file);
		free(e->function);
		free(e->object);
		free(e->via);
		free(e->through);
	}
	free(m->hdrset.fns);
	for (int i = 0; i < m->hdrset.nnames; i++)
		free(m->hdrset.names[i]);
	free(m->hdrset.names);
	memset(m, 0, sizeof(*m));
}

bool def_is_patched_function(const struct kp_file_model *fm, const struct kp_def *d)
{
	if (fm->kind == FK_C_HEADER && (d->attrs & ATTR_INLINE))
		return false;
	/* __init/__exit code is never replaced: init-code flags it instead;
	 * nor is code only they reach: init-only flags it */
	return d->kind == DEF_FUNCTION && !d->cosmetic && !d->init_chain &&
	       !((d->attrs | d->old_attrs) & (ATTR_INIT | ATTR_EXIT)) &&
	       (d->change == CHANGE_MODIFIED || d->change == CHANGE_ADDED);
}

const char *def_kind_name(enum kp_def_kind kind)
{
	static const char *const names[] = {
		[DEF_FUNCTION] = "function", [DEF_STRUCT] = "struct",
		[DEF_UNION] = "union", [DEF_ENUM] = "enum",
		[DEF_TYPEDEF] = "typedef", [DEF_VARIABLE] = "variable",
		[DEF_PROTOTYPE] = "prototype", [DEF_MACRO] = "macro",
		[DEF_INCLUDE] = "include", [DEF_EXPORT] = "export",
		[DEF_OTHER] = "declaration",
	};

	return kind <= DEF_OTHER ? names[kind] : "?";
}

const char *tier_name(enum kp_tier tier)
{
	static const char *const names[] = { "patch", "source", "object" };

	return tier < TIER_COUNT ? names[tier] : "?";
}

const char *def_name(const struct kp_def *d)
{
	if (d->name)
		return d->name;
	return d->kind == DEF_FUNCTION ? "(unnamed function)" : "(unnamed declaration)";
}

static bool file_is_inert(const struct kp_file_model *fm)
{
	/* a mode change or a pure rename changes no code (`kpcheck objdiff`'s
	 * file has no hunks, but definitions) */
	if (fm->kind == FK_DOC || (fm->file->nhunks == 0 && !fm->file->binary && !fm->ndefs))
		return true;
	/* a file the tree's .config does not build (kbuild.c, hdrset.c) */
	if (fm->object && !strcmp(fm->object, "none"))
		return true;
	/* a header's assembly part changed: not C, but a change */
	if ((fm->kind != FK_C_SOURCE && fm->kind != FK_C_HEADER) || fm->asm_line)
		return false;
	if (fm->file->binary || fm->file->status == FILE_NEW ||
	    fm->file->status == FILE_DELETED)
		return fm->ndefs == 0 && !fm->file->binary &&
		       fm->file->status != FILE_DELETED;
	for (int i = 0; i < fm->ndefs; i++) {
		const struct kp_def *d = &fm->defs[i];

		if (d->change != CHANGE_NONE && !d->cosmetic && !d->init_chain)
			return false;
		/* a static local whose initial value changed is data that changed */
		if (d->obj && d->obj->nlocals)
			return false;
	}
	return true;
}

bool model_nothing_to_patch(const struct kp_model *m)
{
	for (int i = 0; i < m->nfiles; i++)
		if (!file_is_inert(&m->files[i]))
			return false;
	for (int i = 0; i < m->hdrset.nfns; i++)
		if (expander_is_carried(m, &m->hdrset.fns[i]))
			return false;
	return m->nfiles > 0;
}

bool model_init_only(const struct kp_model *m)
{
	for (int i = 0; i < m->nfiles; i++)
		for (int j = 0; j < m->files[i].ndefs; j++)
			if (m->files[i].defs[j].init_chain)
				return true;
	return false;
}

int model_count_functions(const struct kp_model *m)
{
	int n = 0;

	for (int i = 0; i < m->nfiles; i++)
		for (int j = 0; j < m->files[i].ndefs; j++)
			n += def_is_patched_function(&m->files[i], &m->files[i].defs[j]);
	for (int i = 0; i < m->hdrset.nfns; i++)
		n += expander_is_carried(m, &m->hdrset.fns[i]);
	return n;
}

bool expander_expands(const struct kp_expander *e, const char *name)
{
	return !strcmp(e->via, name) || (e->through && !strcmp(e->through, name));
}

int hdrset_expanders_of(const struct kp_model *m, const char *via, int *nfiles)
{
	const struct kp_hdrset *h = &m->hdrset;
	int n = 0, files = 0;

	for (int i = 0; i < h->nfns; i++) {
		bool seen = false;

		if (!expander_expands(&h->fns[i], via) || !expander_is_carried(m, &h->fns[i]))
			continue;
		n++;
		for (int k = 0; k < i && !seen; k++)
			seen = expander_expands(&h->fns[k], via) &&
			       !strcmp(h->fns[k].file, h->fns[i].file) &&
			       expander_is_carried(m, &h->fns[k]);
		files += !seen;
	}
	if (nfiles)
		*nfiles = files;
	return n;
}

bool expander_is_carried(const struct kp_model *m, const struct kp_expander *e)
{
	(void)m;
	/* the compiled object's answer overrides the search by name */
	return !e->in_init && e->obj != EXP_SAME;
}
