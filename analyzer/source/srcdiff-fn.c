/*
 * Details of changed functions and data for the source-only rules
 * (struct kp_srcdef): signatures, calls before and after, global data
 * written, static keys and static calls used, static locals, sleeping
 * loops; then, once every file is diffed, the facts that need them all:
 * callers of each changed function in the patched files, and the changed
 * macros each function expands.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/model/ctx.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/source/srctier.h"
#include "lib/util.h"

static void copy_uses(struct src_run *r, struct kp_srcref **v, int *n,
		      const struct cl_use *u, int nu)
{
	for (int i = 0; i < nu; i++) {
		struct kp_srcref *s = srcref_add(v, n, u[i].name, u[i].line);

		s->attrs = u[i].attrs;
		s->file = tree_relative(r->tree, u[i].def_file);
		s->def_line = u[i].def_line;
		s->pair = u[i].pair;
		s->pair_dir = u[i].pair_dir;
		s->lock = u[i].lock ? xstrdup(u[i].lock) : NULL;
		s->spelled = u[i].spelled ? xstrdup(u[i].spelled) : NULL;
		s->role = u[i].role;
	}
}

/* Same name, and written out by the author, or made up by the same
 * macro invocation (same macro, same argument tokens). */
static bool same_origin(const struct cl_local *a, const struct cl_local *b)
{
	if (strcmp(a->name, b->name))
		return false;
	if (!a->macro || !b->macro)
		return !a->macro && !b->macro;
	return !strcmp(a->macro, b->macro) && a->init == b->init;
}

/* The static local of @q that stands where p->locals[i] stood: the one of
 * the same origin with as many of that origin before it.  A function with
 * three spin_lock_init()s has three '__key's; a patch adding a fourth
 * above them moves their lines, not their order. */
static const struct cl_local *counterpart(const struct cl_def *p, int i,
					  const struct cl_def *q)
{
	const struct cl_local *a = &p->locals[i];
	int rank = 0;

	for (int j = 0; j < i; j++)
		rank += same_origin(&p->locals[j], a);
	for (int j = 0; q && j < q->nlocals; j++)
		if (same_origin(&q->locals[j], a) && rank-- == 0)
			return &q->locals[j];
	return NULL;
}

/*
 * A static local the function's author wrote keeps its running copy in a
 * livepatch: a new initializer or type never takes effect, a removed one
 * loses its state.  One a macro made up (lockdep's __key, WARN_ONCE()'s
 * __already_done, NL_SET_ERR_MSG()'s __msg, printk_ratelimited()'s _rs,
 * printk index's _entry) holds the macro's own bookkeeping for one use
 * of the macro: it comes and goes with those uses, and its initializer
 * (even its array length) follows the arguments.  Only the same
 * invocation giving another type (the macro itself changed) is news.
 */
static void diff_locals(struct kp_srcdef *s, const struct cl_def *p,
			const struct cl_def *q)
{
	for (int i = 0; p && i < p->nlocals; i++) {
		const struct cl_local *a = &p->locals[i], *b = counterpart(p, i, q);
		struct kp_srclocal *l;

		if (a->macro ? !b || !strcmp(a->type, b->type) : b && b->init == a->init)
			continue;
		l = VEC_PUSH(s->locals, s->nlocals);
		l->name = xstrdup(a->name);
		l->type = xstrdup((b ? b : a)->type);
		l->change = b ? CHANGE_MODIFIED : CHANGE_DELETED;
		l->line = b ? b->line : a->line;
	}
}

/* Which object defines a static key: the file's, per Kbuild and .config. */
static void key_object(struct src_run *r, struct kp_srcref *k)
{
	struct kp_file kf = { 0 };
	struct kp_file_model fm = { 0 };

	if (!k->file || !str_ends(k->file, ".c")) {
		char *def = search_key_definition(r->tree, k->name);

		if (!def)
			return;
		free(k->file);
		k->file = def;
		k->def_line = 0;
	}
	kf.path = k->file;
	fm.file = &kf;
	kbuild_find_object(r->tree, &fm);
	k->object = fm.object;
	k->object_why = fm.object_why;
}

static bool has_local(const struct cl_def *d, const char *name)
{
	for (int i = 0; d && i < d->nlocals; i++)
		if (!strcmp(d->locals[i].name, name))
			return true;
	return false;
}

/*
 * A static key the patch itself defines lives in the livepatch module,
 * whatever object the patched file belongs to: a static local of the
 * function that its pre-image lacks (static DEFINE_STATIC_KEY_TRUE(k)
 * inside it), or a global of a patched file that the file's pre-image
 * lacks.  A static local the pre-image has is the running kernel's copy,
 * which the livepatch keeps using.
 */
static bool key_added(const struct src_run *r, const struct kp_srcref *k,
		      const struct cl_def *p, const struct cl_def *q)
{
	if (has_local(q, k->name))
		return !has_local(p, k->name);
	for (int i = 0; k->file && i < r->nfiles; i++) {
		const struct src_file *f = &r->files[i];

		if (f->pre && f->post && !strcmp(f->fm->file->path, k->file))
			return cl_find(f->post, i, DEF_VARIABLE, k->name) &&
			       !cl_find(f->pre, i, DEF_VARIABLE, k->name);
	}
	return false;
}

/* Which object holds each static key the post-image uses. */
static void keys_objects(struct src_run *r, struct kp_srcdef *s,
			 const struct cl_def *p, const struct cl_def *q)
{
	for (int i = 0; i < s->nkeys; i++) {
		if (key_added(r, &s->keys[i], p, q))
			s->keys[i].object_why =
				xstrdup("defined by the patch: it lives in the livepatch module");
		else
			key_object(r, &s->keys[i]);
	}
}

void fill_details(struct src_run *r, struct kp_def *d, const struct cl_def *p,
		  const struct cl_def *q)
{
	struct kp_srcdef *s = srcdef_get(d);
	const struct cl_def *c = q ? q : p;

	s->old_sig = p && p->sig ? xstrdup(p->sig) : NULL;
	s->new_sig = q && q->sig ? xstrdup(q->sig) : NULL;
	s->init_changed = d->kind == DEF_VARIABLE && p && q && p->sig && q->sig &&
			  !strcmp(p->sig, q->sig);
	if (p && q && (p->section || q->section) &&
	    (!p->section || !q->section || strcmp(p->section, q->section))) {
		s->old_section = xstrdup(p->section ? p->section : "(default)");
		s->new_section = xstrdup(q->section ? q->section : "(default)");
	}
	if (d->kind != DEF_FUNCTION)
		return;
	if (q)
		copy_uses(r, &s->calls, &s->ncalls, q->calls, q->ncalls);
	if (p)
		copy_uses(r, &s->old_calls, &s->nold_calls, p->calls, p->ncalls);
	copy_uses(r, &s->writes, &s->nwrites, c->writes, c->nwrites);
	copy_uses(r, &s->keys, &s->nkeys, c->keys, c->nkeys);
	copy_uses(r, &s->scalls, &s->nscalls, c->scalls, c->nscalls);
	/* post first: a member the patch adds is used only there, one it
	 * removes only in the pre-image */
	if (q)
		copy_uses(r, &s->fields, &s->nfields, q->fields, q->nfields);
	if (p)
		copy_uses(r, &s->fields, &s->nfields, p->fields, p->nfields);
	if (q)
		copy_uses(r, &s->states, &s->nstates, q->states, q->nstates);
	if (p)
		copy_uses(r, &s->old_states, &s->nold_states, p->states, p->nstates);
	if (q)
		keys_objects(r, s, p, q);
	diff_locals(s, p, q);
	s->sleep_call = c->sleep_call ? xstrdup(c->sleep_call) : NULL;
	s->sleep_line = c->sleep_line;
	s->kthread_loop = c->kthread_loop;
}

static bool calls(const struct cl_def *c, const char *name, int *line)
{
	for (int i = 0; i < c->ncalls; i++)
		if (!strcmp(c->calls[i].name, name)) {
			*line = c->calls[i].line;
			return true;
		}
	return false;
}

/* Callers of @d among the functions of the patched files (post-image). */
static void find_callers(struct src_run *r, struct kp_def *d)
{
	struct kp_srcdef *s = srcdef_get(d);

	for (int i = 0; i < r->nfiles; i++) {
		const struct cl_unit *u = r->files[i].post;
		int line;

		for (int k = 0; u && k < u->ndefs; k++) {
			const struct cl_def *c = &u->defs[k];
			struct kp_srcref *ref;

			if (c->file != i || c->kind != DEF_FUNCTION || !calls(c, d->name, &line))
				continue;
			ref = srcref_add(&s->callers, &s->ncallers, c->name, line);
			ref->file = xstrdup(r->files[i].fm->file->path);
		}
	}
}

/* Is macro @name one the patch changes (in any patched file)? */
static bool macro_changed(struct src_run *r, const char *name)
{
	for (int i = 0; i < r->nfiles; i++) {
		struct kp_def *d = model_find_def(r->files[i].fm, DEF_MACRO, name);

		if (d && d->tier == TIER_SOURCE && d->change != CHANGE_NONE && !d->cosmetic)
			return true;
	}
	return false;
}

/* Changed macros a changed function expands; the first use is where a
 * function with no changed line of its own changed. */
static void macro_uses(struct src_run *r, int i, struct kp_def *d)
{
	const struct cl_def *q = cl_find(r->files[i].post, i, DEF_FUNCTION, d->name);
	struct kp_srcdef *s;

	for (int k = 0; q && k < q->nmacros; k++) {
		if (!macro_changed(r, q->macros[k].name))
			continue;
		s = srcdef_get(d);
		srcref_add(&s->macros, &s->nmacros, q->macros[k].name, q->macros[k].line);
		if (!d->first_line) {
			d->first_line = q->macros[k].line;
			d->first_col = 1;
		}
	}
}

void srcdiff_cross(struct src_run *r)
{
	for (int i = 0; i < r->nfiles; i++) {
		struct kp_file_model *fm = r->files[i].fm;

		if (!r->files[i].post)
			continue;
		for (int k = 0; k < fm->ndefs; k++) {
			struct kp_def *d = &fm->defs[k];

			if (d->kind != DEF_FUNCTION || d->tier != TIER_SOURCE ||
			    d->change == CHANGE_NONE || d->cosmetic || !d->name)
				continue;
			macro_uses(r, i, d);
			srclock_users(r, d);
			srcops_slot(r, d);
			if (d->attrs & (ATTR_INLINE | ATTR_ALWAYS_INLINE))
				find_callers(r, d);
		}
	}
}
