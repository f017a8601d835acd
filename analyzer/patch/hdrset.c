/*
 * The header change set (hdrset.h).  A definition the patch changes in a
 * header has no code of its own: it makes code wherever it is expanded.
 * Its users are found by name in the tree index (analyzer/kbuild/
 * treeindex.h): the built .c files that name it, in those the functions
 * (and data initializers) that do; the headers that name it, in those the
 * inline functions and macros that do, whose names are followed in turn,
 * up to MAX_DEPTH steps and MAX_NAMES names (a macro everything expands,
 * such as a type's accessor, would otherwise pull in the tree).  A .c
 * file's own macro expanding it is followed inside that file.
 *
 * The search is by name in the pre-image of the tree, so it sees what
 * the preprocessor does not: a use in a branch this .config leaves out,
 * or in a function gcc does not inline, is counted (--objects tells).  A
 * name pasted together with ## is not seen.
 *
 * What makes no code is marked cosmetic, with a fact saying why: every
 * definition of a file kbuild does not build under the tree's .config, a
 * compile-time assertion at top level, and a changed header definition
 * that no built .c or .S file expands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/kbuild/treeindex.h"
#include "analyzer/model/ctx.h"
#include "analyzer/patch/hdrset.h"
#include "analyzer/patch/inactive.h"
#include "lib/util.h"

#define MAX_DEPTH 3
#define MAX_NAMES 48

/* One name of the closure: a changed definition or what expands it. */
struct hname {
	char *name;
	const char *via;	/* the changed definition (names[i].name of a root) */
	int depth;
};

struct search {
	struct kp_ctx *ctx;
	struct kp_hdrset *set;
	struct hname *names;
	int nnames;
	/* per changed definition */
	int found;		/* functions, data or .S users */
	bool truncated;
};

static bool is_assertion(const char *name)
{
	return name && (!strcmp(name, "static_assert") || !strcmp(name, "_Static_assert") ||
			str_starts(name, "BUILD_BUG_ON"));
}

static void no_code(struct kp_def *d, const char *why)
{
	d->cosmetic = true;
	d->no_code = why;
	model_add_fact(d, TIER_SOURCE, "%s", why);
}

/* ---- files the configuration does not build ---- */

static void mark_unbuilt(struct kp_ctx *ctx, struct kp_file_model *fm)
{
	const char *path = fm->file->path;

	if (!fm->object || (fm->kind != FK_C_SOURCE && fm->kind != FK_ASM))
		return;
	if (strcmp(fm->object, "none") && fm->kind == FK_C_SOURCE &&
	    !treeindex_is_built(ctx->tree, path)) {
		/* linked by its Makefile, but kbuild never descends there */
		char *dir = xstrndup(path, strrchr(path, '/') ? strrchr(path, '/') - path : 0);

		free(fm->object);
		free(fm->object_why);
		fm->object = xstrdup("none");
		fm->object_why = xasprintf("no Makefile above '%s' descends into it", dir);
		free(dir);
	}
	if (strcmp(fm->object, "none"))
		return;
	for (int i = 0; i < fm->ndefs; i++) {
		fm->defs[i].line_shifted = false;	/* nothing of it runs */
		if (fm->defs[i].change != CHANGE_NONE && !fm->defs[i].cosmetic)
			no_code(&fm->defs[i], "in a file this tree's .config does not build");
	}
}

/* ---- the closure of one changed definition ---- */

static bool seen_name(const struct search *s, const char *name)
{
	for (int i = 0; i < s->nnames; i++)
		if (!strcmp(s->names[i].name, name))
			return true;
	return false;
}

static void push_name(struct search *s, const char *name, const char *via, int depth)
{
	struct hname *h;

	if (seen_name(s, name))
		return;
	if (s->nnames >= MAX_NAMES) {
		s->truncated = true;
		return;
	}
	h = VEC_PUSH(s->names, s->nnames);
	h->name = xstrdup(name);
	h->via = via;
	h->depth = depth;
}

/* Is @fn of @file a function the patch itself changes (counted there)? */
static bool patched(const struct kp_model *m, const char *file, const char *fn)
{
	for (int i = 0; i < m->nfiles; i++) {
		const struct kp_file_model *fm = &m->files[i];

		if (strcmp(fm->file->path, file))
			continue;
		for (int j = 0; j < fm->ndefs; j++)
			if (fm->defs[j].name && !strcmp(fm->defs[j].name, fn) &&
			    fm->defs[j].change != CHANGE_NONE)
				return true;
	}
	return false;
}

static char *object_of(const char *tree, const char *file)
{
	struct kp_file f = { .path = file };
	struct kp_file_model fm = { .file = &f, .kind = FK_C_SOURCE };

	kbuild_find_object(tree, &fm);
	free(fm.object_why);
	return fm.object;
}

static void add_expander(struct search *s, const char *file, const struct treeindex_use *u,
			 const struct hname *h)
{
	struct kp_hdrset *set = s->set;
	struct kp_expander *e;

	for (int i = 0; i < set->nfns; i++)
		if (!strcmp(set->fns[i].function, u->function) && !strcmp(set->fns[i].file, file))
			return;
	e = VEC_PUSH(set->fns, set->nfns);
	e->file = xstrdup(file);
	e->function = xstrdup(u->function);
	e->object = object_of(s->ctx->tree, file);
	e->via = xstrdup(h->via);
	e->through = strcmp(h->name, h->via) ? xstrdup(h->name) : NULL;
	e->line = u->line;
	e->in_init = u->in_init;
}

/* The users of @name in one built .c file; a file-local macro that
 * expands it is followed once inside the file. */
static void file_users(struct search *s, const char *file, const struct hname *h,
		       const char *name, bool local)
{
	struct treeindex_use *u;
	size_t n;
	char err[512];

	if (treeindex_expanders_in_header(s->ctx->tree, file, name, &u, &n, err, sizeof(err)))
		return;
	for (size_t i = 0; i < n; i++) {
		if (u[i].kind == DEF_MACRO) {
			if (!local)
				file_users(s, file, h, u[i].function, true);
			continue;
		}
		s->found++;
		if (u[i].kind == DEF_VARIABLE)
			s->set->ndata++;
		else if (!patched(s->ctx->model, file, u[i].function))
			add_expander(s, file, &u[i], h);
	}
	treeindex_free_uses(u, n);
}

static void follow_headers(struct search *s, const struct hname *h)
{
	char **files, err[512];
	size_t n;

	if (h->depth >= MAX_DEPTH) {
		s->truncated = true;
		return;
	}
	if (treeindex_headers_naming(s->ctx->tree, h->name, &files, &n, err, sizeof(err)))
		return;
	for (size_t i = 0; i < n; i++) {
		struct treeindex_use *u;
		size_t nu;

		if (treeindex_expanders_in_header(s->ctx->tree, files[i], h->name, &u, &nu,
						  err, sizeof(err)))
			continue;
		for (size_t k = 0; k < nu; k++)
			if (u[k].kind == DEF_MACRO || u[k].kind == DEF_FUNCTION)
				push_name(s, u[k].function, h->via, h->depth + 1);
		treeindex_free_uses(u, nu);
	}
	treeindex_free_files(files, n);
}

static void asm_users(struct search *s, const char *name)
{
	char **files, err[512];
	size_t n;

	if (treeindex_asm_naming(s->ctx->tree, name, &files, &n, err, sizeof(err)))
		return;
	s->found += (int)n;
	treeindex_free_files(files, n);
}

/* Follow @name (changed in a header) through the tree; the number of
 * users found (functions, data, .S files). */
static int closure(struct search *s, const char *name)
{
	int first = s->nnames;

	s->found = 0;
	push_name(s, name, NULL, 0);
	if (s->nnames == first)
		return 1;	/* followed already for another definition */
	s->names[first].via = s->names[first].name;
	for (int i = first; i < s->nnames; i++) {
		struct hname h = s->names[i];
		char **files, err[512];
		size_t n;

		if (treeindex_files_naming(s->ctx->tree, h.name, &files, &n, err, sizeof(err)))
			continue;
		for (size_t k = 0; k < n; k++)
			file_users(s, files[k], &h, h.name, false);
		treeindex_free_files(files, n);
		asm_users(s, h.name);
		follow_headers(s, &h);
	}
	return s->found;
}

/* ---- which header definitions are followed ---- */

static bool follows(const struct kp_def *d)
{
	if (d->change == CHANGE_NONE || d->change == CHANGE_DELETED || d->cosmetic || !d->name)
		return false;
	return d->kind == DEF_FUNCTION || d->kind == DEF_MACRO || d->kind == DEF_VARIABLE ||
	       d->kind == DEF_ENUM;
}

static void one_def(struct search *s, struct kp_def *d)
{
	int users = 0;
	bool trunc_before = s->truncated;

	s->truncated = false;
	if (d->kind == DEF_ENUM) {
		for (int i = 0; i < d->nmembers; i++)
			if (d->members[i].change == CHANGE_MODIFIED || d->members[i].renumbers)
				users += closure(s, d->members[i].name);
		/* a new enum or a member added at the end: its users are new code */
		if (!d->nmembers)
			users = 1;
	} else {
		users = closure(s, d->name);
	}
	if (!users && !s->truncated)
		no_code(d, "nothing built with this tree's .config expands it");
	s->truncated |= trunc_before;
}

/* Does the post-image of @fm name @d's name outside @d itself?  (A .c
 * file's macro is expanded only there.) */
static bool used_in_file(const struct kp_file_model *fm, const struct kp_def *d)
{
	const char *p = fm->post, *end = fm->post + fm->post_len;
	int line = 1;

	if (!p)
		return true;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if ((line < d->new_start || line > d->new_end) && has_word(p, len, d->name))
			return true;
		line++;
		p += len + 1;
	}
	return false;
}

/* ---- changes under branches the configuration leaves out ---- */

struct images {
	bool *pre, *post;
	int npre, npost;
};

/* Does @d have changed lines, every one of them left out of the build? */
static bool only_inactive(const struct kp_file_model *fm, const struct kp_def *d,
			  const struct images *im)
{
	int changed = 0;

	for (int h = 0; h < fm->file->nhunks; h++)
		for (int k = 0; k < fm->file->hunks[h].nlines; k++) {
			const struct kp_line *l = &fm->file->hunks[h].lines[k];

			if (l->kind == LINE_ADD && l->new_no >= d->new_start && l->new_no <= d->new_end) {
				if (l->new_no > im->npost || !im->post[l->new_no])
					return false;
				changed++;
			} else if (l->kind == LINE_DEL && l->old_no >= d->old_start &&
				   l->old_no <= d->old_end) {
				if (l->old_no > im->npre || !im->pre[l->old_no])
					return false;
				changed++;
			}
		}
	return changed > 0;
}

static void mark_inactive(struct kp_ctx *ctx, struct kp_file_model *fm)
{
	struct images im = { 0 };

	if (!fm->pre || !fm->post || fm->file->status != FILE_MODIFIED)
		return;
	im.pre = inactive_lines(ctx->tree, fm->pre, fm->pre_len, &im.npre);
	im.post = inactive_lines(ctx->tree, fm->post, fm->post_len, &im.npost);
	for (int i = 0; i < fm->ndefs; i++) {
		struct kp_def *d = &fm->defs[i];

		/* also one the source tier found the same: the config's stub
		 * of the same name (#else static inline ... {}) is what it saw */
		if (d->change == CHANGE_MODIFIED && !d->no_code &&
		    (!d->cosmetic || d->tier == TIER_SOURCE) && d->new_start &&
		    d->old_start && only_inactive(fm, d, &im))
			no_code(d, "only lines this tree's .config leaves out changed "
				"(#if or IS_ENABLED() branches)");
	}
	free(im.pre);
	free(im.post);
}

static void file_defs(struct search *s, struct kp_file_model *fm)
{
	mark_inactive(s->ctx, fm);
	for (int i = 0; i < fm->ndefs; i++) {
		struct kp_def *d = &fm->defs[i];

		if (d->change == CHANGE_ADDED && !d->cosmetic && is_assertion(d->name))
			no_code(d, "a compile-time assertion makes no code");
		else if (fm->kind == FK_C_HEADER && follows(d))
			one_def(s, d);
		else if (fm->kind == FK_C_SOURCE && d->kind == DEF_MACRO && follows(d) &&
			 d->new_start && !used_in_file(fm, d))
			no_code(d, "nothing in the file expands it");
	}
}

static bool patches_header(const struct kp_model *m)
{
	for (int i = 0; i < m->nfiles; i++)
		if (m->files[i].kind == FK_C_HEADER)
			return true;
	return false;
}

int hdrset_build(struct kp_ctx *ctx)
{
	struct kp_model *m = ctx->model;
	struct search s = { .ctx = ctx, .set = &m->hdrset };
	char *const *all, err[512];
	size_t nall;

	if (!ctx->tree)
		return 0;
	if (treeindex_built_files(ctx->tree, &all, &nall, err, sizeof(err))) {
		/* only a patch that changes a header has a change set to miss */
		if (patches_header(m))
			ctx_notice(ctx, NULL, 0, "the header change set is unknown: %s", err);
		return -1;
	}
	for (int i = 0; i < m->nfiles; i++)
		mark_unbuilt(ctx, &m->files[i]);
	for (int i = 0; i < m->nfiles; i++)
		if (m->files[i].kind == FK_C_HEADER || m->files[i].kind == FK_C_SOURCE)
			file_defs(&s, &m->files[i]);
	m->hdrset.done = true;
	m->hdrset.truncated = s.truncated;
	for (int i = 0; i < m->hdrset.nfns; i++) {
		bool dup = false;

		for (int k = 0; k < i && !dup; k++)
			dup = !strcmp(m->hdrset.fns[k].file, m->hdrset.fns[i].file);
		m->hdrset.nfiles += !dup;
	}
	for (int i = 0; i < s.nnames; i++)
		*VEC_PUSH(m->hdrset.names, m->hdrset.nnames) = s.names[i].name;
	free(s.names);
	return 0;
}
