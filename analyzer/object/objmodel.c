/*
 * From an object diff to the change model (see objtier.h).  Object symbols
 * map to the model's definitions by their name without compiler suffixes
 * (foo.isra.0 and foo.cold are foo).  The lower tiers' prediction is taken
 * before the object tier touches the model, so each difference can be
 * explained: a function that changed without being edited usually inlines
 * one that was (DWARF's inlined subroutines say which), and an edited
 * function without code of its own was inlined into its callers.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/dwarf.h"
#include "analyzer/object/objtier.h"
#include "lib/util.h"
#include "rules/rules.h"

struct prediction {
	char **names;		/* functions the lower tiers say change */
	int n;
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
	const struct kp_file_model *fm;
	const struct kp_def *d;

	memset(p, 0, sizeof(*p));
	for_each_def(m, fm, d)
		if (d->kind == DEF_FUNCTION && d->name && d->change != CHANGE_NONE &&
		    !d->cosmetic && !predicted(p, d->name))
			*VEC_PUSH(p->names, p->n) = xstrdup(d->name);
}

static struct kp_loc object_loc(const struct od_result *r, const char *symbol)
{
	struct kp_loc loc = { .file = r->object, .symbol = symbol, .tier = TIER_OBJECT };

	return loc;
}

/* "'f' also changed: it inlines 'g'", from the post object's DWARF. */
static void explain_unpredicted(struct kp_ctx *ctx, struct kp_file_model *fm,
				struct od_result *r, const struct prediction *p,
				const char *name)
{
	const struct dw_func *df = dw_find_func(od_dwarf(&r->post), name);
	struct kp_loc loc = object_loc(r, name);

	for (int i = 0; df && i < df->ninlined; i++)
		if (predicted(p, df->inlined[i])) {
			report_sev(ctx, RULE_INLINE_PROPAGATION, SEV_NOTE, &loc,
				   "'%s' also changed: it inlines '%s'", name, df->inlined[i]);
			return;
		}
	/* at the file, so that changed-function's own line for it is a duplicate */
	loc.file = fm->file->path;
	report_sev(ctx, RULE_CHANGED_FUNCTION, SEV_NOTE, &loc,
		   "'%s' also changed in %s, though the source did not predict it",
		   name, r->object);
}

static void apply_function(struct kp_ctx *ctx, struct kp_file_model *fm,
			   struct od_result *r, const struct prediction *p,
			   const struct od_func *f)
{
	char *name = base_name(f->name);
	struct kp_def *d = model_find_def(fm, DEF_FUNCTION, name);
	bool was = predicted(p, name);

	if (!d)
		d = model_add_def(fm, DEF_FUNCTION, name);
	if (!(was && d->change == CHANGE_MODIFIED))
		d->change = f->status == OD_NEW && !was ? CHANGE_ADDED : CHANGE_MODIFIED;
	d->cosmetic = false;
	d->tier = TIER_OBJECT;
	model_add_fact(d, TIER_OBJECT, "%s: compiled code of '%s' %s", r->object, f->name,
		       f->status == OD_NEW ? "is new" : "changed");
	if (!was)
		explain_unpredicted(ctx, fm, r, p, name);
	free(name);
}

/* Does the object hold code for function @name (any clone of it)? */
static const struct od_sym *find_code(const struct od_obj *o, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < o->nsyms; i++) {
		const char *s = o->syms[i].sym->name;

		if (od_is_func(&o->syms[i]) && !strncmp(s, name, n) && (!s[n] || s[n] == '.'))
			return &o->syms[i];
	}
	return NULL;
}

static bool carried_name(const struct od_result *r, const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; i < r->nfuncs; i++)
		if (!strncmp(r->funcs[i].name, name, n) &&
		    (!r->funcs[i].name[n] || r->funcs[i].name[n] == '.'))
			return true;
	return false;
}

/* The callers @name was inlined into, "'a', 'b'", or NULL. */
static char *inlined_into(struct od_result *r, const char *name)
{
	const struct dwarf_info *dw = od_dwarf(&r->post);
	char *list = NULL;

	for (int i = 0; dw && i < dw->nfuncs; i++)
		for (int j = 0; j < dw->funcs[i].ninlined; j++)
			if (!strcmp(dw->funcs[i].inlined[j], name)) {
				char *l = xasprintf("%s%s'%s'", list ? list : "", list ? ", " : "",
						    dw->funcs[i].name);

				free(list);
				list = l;
				break;
			}
	return list;
}

static void unchanged_code(struct kp_ctx *ctx, struct od_result *r, struct kp_def *d)
{
	struct kp_loc loc = object_loc(r, d->name);
	char *callers;

	if (find_code(&r->post, d->name)) {
		report_sev(ctx, RULE_NO_FUNCTIONAL_CHANGE, SEV_NOTE, &loc,
			   "'%s' was predicted to change, but its compiled code in %s "
			   "is the same", d->name, r->object);
		model_add_fact(d, TIER_OBJECT, "%s: compiled code unchanged", r->object);
	} else if ((callers = inlined_into(r, d->name))) {
		report_sev(ctx, RULE_INLINE_PROPAGATION, SEV_NOTE, &loc,
			   "'%s' has no code of its own in %s: it is inlined into %s",
			   d->name, r->object, callers);
		model_add_fact(d, TIER_OBJECT, "%s: inlined into %s", r->object, callers);
		free(callers);
	} else {
		model_add_fact(d, TIER_OBJECT, "%s: no code of its own (inlined or "
			       "compiled out)", r->object);
	}
	d->change = CHANGE_NONE;
	d->tier = TIER_OBJECT;
}

static void check_predictions(struct kp_ctx *ctx, struct kp_file_model *fm,
			      struct od_result *r, const struct prediction *p)
{
	for (int i = 0; i < fm->ndefs; i++) {
		struct kp_def *d = &fm->defs[i];

		if (d->kind != DEF_FUNCTION || !d->name || !predicted(p, d->name) ||
		    d->tier == TIER_OBJECT || carried_name(r, d->name) ||
		    ((d->attrs | d->old_attrs) & (ATTR_INIT | ATTR_EXIT)))
			continue;
		unchanged_code(ctx, r, d);
	}
}

/*
 * A lower tier that already proved an __init or data-initializer change
 * reports it at the source line; the object tier only confirms it there.
 */
static bool confirmed(struct kp_file_model *fm, const struct od_result *r,
		      const struct od_finding *f)
{
	struct kp_def *d;
	char *name;

	if (!f->symbol || (f->rule != RULE_DATA_INIT_CHANGE && f->rule != RULE_INIT_CODE))
		return false;
	name = base_name(f->symbol);
	d = model_find_def(fm, f->func ? DEF_FUNCTION : DEF_VARIABLE, name);
	free(name);
	if (!d || d->change == CHANGE_NONE || d->cosmetic)
		return false;
	model_add_fact(d, TIER_OBJECT, "%s: %s", r->object, f->message);
	return true;
}

static void report_finding(struct kp_ctx *ctx, struct kp_file_model *fm,
			   const struct od_result *r, const struct od_finding *f)
{
	struct kp_loc loc = object_loc(r, f->symbol);
	char where[300] = "", off[32] = "";

	if (f->has_offset && f->offset)
		snprintf(off, sizeof(off), "+%#lx", f->offset);
	if (confirmed(fm, r, f))
		return;
	if (f->symbol)
		snprintf(where, sizeof(where), "%s%s%s: ", f->symbol, f->func ? "()" : "", off);
	if (report_sev(ctx, f->rule, f->severity, &loc, "%s%s", where, f->message) &&
	    f->note)
		report_note(ctx, "%s", f->note);
}

void objtier_apply(struct kp_ctx *ctx, struct kp_file_model *fm, struct od_result *r)
{
	struct prediction p;

	predict(ctx->model, &p);
	for (int i = 0; i < r->nfuncs; i++)
		apply_function(ctx, fm, r, &p, &r->funcs[i]);
	check_predictions(ctx, fm, r, &p);
	for (int i = 0; i < r->nfindings; i++)
		report_finding(ctx, fm, r, &r->findings[i]);
	objtier_layouts(ctx, fm, r);
	for (int i = 0; i < p.n; i++)
		free(p.names[i]);
	free(p.names);
}
