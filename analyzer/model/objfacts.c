/*
 * Object-tier facts of a definition: allocation and release.  Linked into
 * the main program (not the plugin) so that model_free() can call
 * objdef_free() whether or not the object tier ran.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/objfacts.h"
#include "lib/util.h"

struct kp_objdef *objdef_get(struct kp_def *d)
{
	if (!d->obj)
		d->obj = xcalloc(1, sizeof(*d->obj));
	return d->obj;
}

const struct kp_objsym *objdef_main_sym(const struct kp_objdef *o)
{
	if (!o)
		return NULL;
	for (int i = 0; i < o->nsyms; i++)
		if (!o->syms[i].part)
			return &o->syms[i];
	return o->nsyms ? &o->syms[0] : NULL;
}

static void ref_free(struct kp_objref *r)
{
	free(r->symbol);
	free(r->section);
}

static void names_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void objdef_free(struct kp_objdef *o)
{
	if (!o)
		return;
	for (int i = 0; i < o->nsyms; i++) {
		ref_free(&o->syms[i].ref);
		free(o->syms[i].section_kind);
		free(o->syms[i].traced_caller);
	}
	for (int i = 0; i < o->nentries; i++) {
		free(o->entries[i].section);
		ref_free(&o->entries[i].at);
		free(o->entries[i].key);
	}
	for (int i = 0; i < o->nlocals; i++) {
		free(o->locals[i].name);
		ref_free(&o->locals[i].ref);
	}
	names_free(o->inlines, o->ninlines);
	names_free(o->inlined_into, o->ninlined_into);
	free(o->syms);
	free(o->entries);
	free(o->locals);
	free(o->object);
	free(o);
}
