/*
 * From paired symbols to the status of every function and datum, and the
 * list of functions a livepatch must carry.  What may not be carried is
 * for rules/ to judge, from the facts objmodel.c writes.  A .cold part
 * travels with its function both ways: GCC 12 splits unlikely paths of
 * one function into foo.cold, which is no entry point, so the two are
 * replaced together.
 */
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "lib/util.h"

static bool carried(enum od_status st)
{
	return st == OD_CHANGED || st == OD_NEW;
}

static bool is_cold(const struct od_sym *s)
{
	return s->cold;
}

static void compare_all(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *b = &r->post.syms[i];

		if (b->ignored)
			b->status = OD_SAME;
		else if (!b->twin)
			b->status = OD_NEW;
		else if (od_is_func(b))
			b->status = od_compare_func(r, b->twin, b);
		else
			b->status = od_data_equal(r, b->twin, b) ? OD_SAME : OD_CHANGED;
	}
	for (size_t i = 0; i < r->pre.nsyms; i++)
		r->pre.syms[i].status = r->pre.syms[i].twin ? OD_SAME : OD_DELETED;
}

/* A changed .cold part makes its function changed, and the reverse. */
static void propagate_cold(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *c = &r->post.syms[i], *p = c->parent;

		if (!p || !is_cold(c))
			continue;
		if (carried(c->status) && !carried(p->status))
			p->status = OD_CHANGED;
		if (carried(p->status) && !carried(c->status))
			c->status = OD_CHANGED;
	}
}

static bool is_init_or_exit(const struct od_sym *s)
{
	const char *k = od_section_kind(s->sym->sec);

	return k && (!strcmp(k, "init") || !strcmp(k, "exit"));
}

static void list_functions(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *s = &r->post.syms[i];
		struct od_func *f;

		if (!od_is_func(s) || is_init_or_exit(s))
			continue;
		if (carried(s->status))
			f = VEC_PUSH(r->funcs, r->nfuncs);
		else if (s->status == OD_LINE_ONLY)
			f = VEC_PUSH(r->line_only, r->nline_only);
		else
			continue;
		f->name = s->sym->name;
		f->status = s->status;
		f->s = s;
	}
}

int od_compare(struct od_result *r)
{
	compare_all(r);
	propagate_cold(r);
	list_functions(r);
	return 0;
}
