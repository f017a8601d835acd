/*
 * From an object diff to the change model (see objtier.h): facts only,
 * each with its proof in the object (symbol, section, offset), which
 * rules/ judge.  Object symbols map to the model's definitions by their
 * name without compiler suffixes (foo.isra.0 and foo.cold are foo).  The
 * lower tiers' prediction is taken before the object tier touches the
 * model, so each difference can be told: a function that changed without
 * being edited usually inlines one that was (DWARF's inlined subroutines
 * say which), and an edited function without code of its own was inlined
 * into its callers.  What the compiler says overrides the guesses: a
 * function whose code did not change leaves the set to patch.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/objfacts.h"
#include "analyzer/object/dwarf.h"
#include "analyzer/object/objtier.h"
#include "lib/util.h"

struct prediction {
	char **names;		/* functions the lower tiers say change */
	int n;
};

struct writer {
	struct kp_file_model *fm;
	struct od_result *r;
	struct prediction p;
	bool standalone;	/* `kpcheck objdiff`: the model is the object's */
};

static char *base_name(const char *sym)
{
	return xstrndup(sym, strcspn(sym, "."));
}

static bool predicted(const struct prediction *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->names[i], name))
			return true;
	return false;
}

static void predict(const struct kp_model *m, struct prediction *p)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < m->nfiles; i++)
		for (int j = 0; j < m->files[i].ndefs; j++) {
			const struct kp_def *d = &m->files[i].defs[j];

			if (d->kind == DEF_FUNCTION && d->name && d->change != CHANGE_NONE &&
			    !d->cosmetic && !predicted(p, d->name))
				*VEC_PUSH(p->names, p->n) = xstrdup(d->name);
		}
}

static struct kp_objdef *obj_init(struct writer *w, struct kp_def *d)
{
	struct kp_objdef *o = d->obj;

	if (!o) {
		o = objdef_get(d);
		o->object = xstrdup(w->r->object);
		o->module = w->r->post.e->is_module;
		o->predicted = d->name && predicted(&w->p, d->name);
	}
	return o;
}

/* The definition @name of @kind, added when @create; NULL otherwise. */
static struct kp_def *def_of(struct writer *w, enum kp_def_kind kind, const char *name,
			     bool create)
{
	struct kp_def *d = model_find_def(w->fm, kind, name);

	if (!d && create)
		d = model_add_def(w->fm, kind, name);
	if (d)
		obj_init(w, d);
	return d;
}

static void set_ref(struct kp_objref *ref, const struct od_sym *s, unsigned long off,
		    bool has_off)
{
	ref->symbol = xstrdup(s->sym->name);
	ref->section = xstrdup(s->sym->sec->name);
	ref->offset = off;
	ref->has_offset = has_off;
	ref->func = od_is_func(s);
}

static enum kp_objcode code_of(enum od_status st)
{
	static const enum kp_objcode map[] = {
		[OD_SAME] = OBJ_CODE_SAME, [OD_LINE_ONLY] = OBJ_CODE_LINE_ONLY,
		[OD_CHANGED] = OBJ_CODE_CHANGED, [OD_NEW] = OBJ_CODE_NEW,
		[OD_DELETED] = OBJ_CODE_DELETED,
	};

	return map[st];
}

static void add_entries(struct kp_objdef *o, const struct od_sym *s)
{
	for (int i = 0; i < s->nentries; i++) {
		const struct od_entry *e = &s->entries[i];
		struct kp_objentry *k = VEC_PUSH(o->entries, o->nentries);

		k->section = xstrdup(e->sec->name);
		k->entry = e->offset;
		set_ref(&k->at, s, e->at, true);
		k->key = e->key && e->key_local ? xstrdup(e->key->name) : NULL;
		k->key_inert = e->key_inert;
		k->key_new = od_entry_key_new(e);
	}
}

static void add_sym(struct kp_def *d, const struct od_sym *s)
{
	struct kp_objdef *o = d->obj;
	struct kp_objsym *k = VEC_PUSH(o->syms, o->nsyms);
	const char *kind = od_section_kind(s->sym->sec);

	set_ref(&k->ref, s, s->diff_at,
		s->status == OD_CHANGED || s->status == OD_LINE_ONLY);
	k->code = code_of(s->status);
	k->section_kind = kind ? xstrdup(kind) : NULL;
	k->fentry = s->fentry;
	k->part = s->parent != NULL;
	if (!s->fentry && s->traced_caller && !s->untraced_use && s->sym->bind == STB_LOCAL)
		k->traced_caller = base_name(s->traced_caller->sym->name);
	if (k->code == OBJ_CODE_CHANGED || k->code == OBJ_CODE_NEW)
		add_entries(o, s);
	if (objsym_in(k, "init"))
		d->attrs |= od_is_func(s) ? ATTR_INIT : ATTR_INITDATA;
	else if (objsym_in(k, "exit"))
		d->attrs |= od_is_func(s) ? ATTR_EXIT : ATTR_INITDATA;
}

/* The predicted functions @name's code inlines, from the post DWARF. */
static void add_inlines(struct writer *w, struct kp_def *d, const char *name)
{
	const struct dw_func *df = dw_find_func(od_dwarf(&w->r->post), name);

	for (int i = 0; df && i < df->ninlined; i++)
		if (predicted(&w->p, df->inlined[i]))
			*VEC_PUSH(d->obj->inlines, d->obj->ninlines) = xstrdup(df->inlined[i]);
}

static void function_fact(struct writer *w, const struct od_sym *s)
{
	char *name = base_name(s->sym->name);
	struct kp_def *d = def_of(w, DEF_FUNCTION, name, true);

	add_sym(d, s);
	/* alone, nothing was predicted: no reason to read the DWARF */
	if (!w->standalone && !d->obj->predicted && s->status != OD_LINE_ONLY)
		add_inlines(w, d, s->sym->name);
	free(name);
}

static void local_fact(struct writer *w, const struct od_sym *user, const struct od_sym *v,
		       enum kp_change change)
{
	char *name = base_name(user->sym->name);
	struct kp_def *d = def_of(w, DEF_FUNCTION, name, true);
	struct kp_objlocal *l = VEC_PUSH(d->obj->locals, d->obj->nlocals);

	l->name = xstrdup(v->sym->name);
	l->change = change;
	if (change == CHANGE_DELETED)
		set_ref(&l->ref, user, 0, false);
	else
		set_ref(&l->ref, v, v->diff_at, true);
	free(name);
}

static void data_fact(struct writer *w, const struct od_sym *s)
{
	const char *kind = od_section_kind(s->sym->sec);
	struct kp_def *d;

	if (s->status != OD_CHANGED || !kind || !strcmp(kind, "text"))
		return;
	if (s->special_static)
		return;
	if (s->static_local && s->user)
		return local_fact(w, s->user, s, CHANGE_MODIFIED);
	d = def_of(w, DEF_VARIABLE, s->sym->name, true);
	add_sym(d, s);
	d->change = CHANGE_MODIFIED;
	d->cosmetic = false;
	d->tier = TIER_OBJECT;
}

/* Pre-image only: static locals without a counterpart, deleted functions. */
static void pre_fact(struct writer *w, const struct od_sym *s)
{
	char *name;
	struct kp_def *d;

	/* a macro's static local (__key, _entry, ...) is never paired */
	if (s->static_local && !s->special_static && !s->twin && s->user && s->user->twin)
		return local_fact(w, s->user->twin, s, CHANGE_DELETED);
	if (!od_is_func(s) || s->status != OD_DELETED)
		return;
	/* with a patch, only a function its tiers know: clones come and go */
	name = base_name(s->sym->name);
	d = def_of(w, DEF_FUNCTION, name, w->standalone);
	if (d)
		add_sym(d, s);
	free(name);
}

static bool has_code(const struct kp_objdef *o, enum kp_objcode c)
{
	for (int i = 0; i < o->nsyms; i++)
		if (o->syms[i].code == c)
			return true;
	return false;
}

/* The definition's status from its symbols: proof overrides the guess. */
static void settle(struct writer *w, struct kp_def *d)
{
	struct kp_objdef *o = d->obj;
	bool changed = has_code(o, OBJ_CODE_CHANGED), added = has_code(o, OBJ_CODE_NEW);

	if (d->kind != DEF_FUNCTION || !o->nsyms)
		return;
	o->code = changed ? OBJ_CODE_CHANGED : added ? OBJ_CODE_NEW :
		  has_code(o, OBJ_CODE_LINE_ONLY) ? OBJ_CODE_LINE_ONLY : OBJ_CODE_DELETED;
	d->tier = TIER_OBJECT;
	if (changed || added) {
		if (!(o->predicted && d->change != CHANGE_NONE))
			d->change = changed ? CHANGE_MODIFIED : CHANGE_ADDED;
		d->cosmetic = false;
	} else if (o->code == OBJ_CODE_LINE_ONLY) {
		d->change = CHANGE_NONE;
	} else if (d->change == CHANGE_NONE && w->standalone) {
		d->change = CHANGE_DELETED;
	}
}

/* Does the object hold code for function @name (any clone of it)? */
static bool has_own_code(const struct od_obj *o, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < o->nsyms; i++) {
		const char *s = o->syms[i].sym->name;

		if (od_is_func(&o->syms[i]) && !strncmp(s, name, n) && (!s[n] || s[n] == '.'))
			return true;
	}
	return false;
}

/* The functions of the post object that inline @d. */
static void add_inlined_into(struct writer *w, struct kp_def *d)
{
	const struct dwarf_info *dw = od_dwarf(&w->r->post);

	for (int i = 0; dw && i < dw->nfuncs; i++)
		for (int j = 0; j < dw->funcs[i].ninlined; j++)
			if (!strcmp(dw->funcs[i].inlined[j], d->name)) {
				*VEC_PUSH(d->obj->inlined_into, d->obj->ninlined_into) =
					xstrdup(dw->funcs[i].name);
				break;
			}
}

/* A predicted function the object proves unchanged or without code. */
static void unchanged(struct writer *w, struct kp_def *d)
{
	struct kp_objdef *o;

	if (d->kind != DEF_FUNCTION || !d->name || !predicted(&w->p, d->name) ||
	    (d->obj && d->obj->nsyms) || ((d->attrs | d->old_attrs) & (ATTR_INIT | ATTR_EXIT)) ||
	    d->change == CHANGE_DELETED)
		return;
	o = obj_init(w, d);
	if (has_own_code(&w->r->post, d->name)) {
		o->code = OBJ_CODE_SAME;
	} else {
		o->code = OBJ_CODE_NONE;
		add_inlined_into(w, d);
	}
	d->change = CHANGE_NONE;
	d->tier = TIER_OBJECT;
}

/* Exports whose CRC changed (CONFIG_MODVERSIONS, from kbuild's .cmd). */
static void crc_facts(struct writer *w)
{
	for (int i = 0; i < w->r->ncrcs; i++) {
		const struct od_crc *c = &w->r->crcs[i];
		struct kp_def *d = def_of(w, DEF_EXPORT, c->name, true);

		d->obj->crc_changed = true;
		d->obj->old_crc = c->old_crc;
		d->obj->new_crc = c->new_crc;
	}
}

static void write_facts(struct writer *w)
{
	struct od_result *r = w->r;

	for (size_t i = 0; i < r->post.nsyms; i++) {
		const struct od_sym *s = &r->post.syms[i];

		if (!od_is_func(s))
			data_fact(w, s);
		else if (s->status != OD_SAME)
			function_fact(w, s);
	}
	for (size_t i = 0; i < r->pre.nsyms; i++)
		pre_fact(w, &r->pre.syms[i]);
	crc_facts(w);
	for (int i = 0; i < w->fm->ndefs; i++)
		if (w->fm->defs[i].obj)
			settle(w, &w->fm->defs[i]);
	for (int i = 0; !w->standalone && i < w->fm->ndefs; i++)
		unchanged(w, &w->fm->defs[i]);
}

void objtier_apply(struct kp_model *m, struct kp_file_model *fm, struct od_result *r,
		   bool standalone)
{
	struct writer w = { .fm = fm, .r = r, .standalone = standalone };

	predict(m, &w.p);
	write_facts(&w);
	/* Reading both objects' DWARF costs 20x the diff itself (mm/memory.o:
	 * 46 ms against 2.7 ms); `kpcheck objdiff` stays on create-diff-object's
	 * footing, and data layouts are judged on --objects runs. */
	if (!standalone)
		objtier_layouts(m, fm, r);
	for (int i = 0; i < w.p.n; i++)
		free(w.p.names[i]);
	free(w.p.names);
}
