/*
 * static-local (error): a changed function loses or re-initializes one of
 * its static local variables.
 *
 * Message: static local 'VAR' of 'NAME' removed
 *          static local 'VAR' of 'NAME' re-initialized or retyped
 * Cause:   livepatch tools (kpatch-build, klp-build) make the new function
 *          use the running kernel's copy of each static local, matched by
 *          name.  A removed one loses that state; a changed initializer or
 *          type never takes effect (the old copy keeps its value and
 *          layout).  The *_once flags of printk_once/WARN_ONCE are static
 *          locals too.  The source tier compares the declarations; the
 *          object tier correlates each "name.N" datum through the
 *          functions that use it and compares its bytes.
 * Fix:     keep the static local with its name, type and initializer;
 *          put new state in a new static local (or a shadow variable) and
 *          initialize it in a pre-patch callback if it needs a value.
 * Silence: --rule static-local=ignore, when the old value no longer
 *          matters to the patched function.
 */
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static int one_local(struct kp_ctx *ctx, const struct kp_file_model *fm,
		     const struct kp_def *d, const struct kp_srclocal *l)
{
	struct kp_loc loc = srcref_loc(fm, d, l->change == CHANGE_DELETED ? 0 : l->line);

	if (!report(ctx, RULE_STATIC_LOCAL, &loc, "static local '%s' of '%s' %s",
		    l->name, d->name, l->change == CHANGE_DELETED ? "removed" :
		    "re-initialized or retyped"))
		return 0;
	report_note(ctx, "keep 'static %s %s' as it was; put new state in a new "
		    "static local and set it up in a pre-patch callback", l->type,
		    l->name);
	return 1;
}

/* The object tier's proof: a datum that differs or has no counterpart. */
static int object_local(struct kp_ctx *ctx, const struct kp_file_model *fm,
			const struct kp_def *d, const struct kp_objlocal *l)
{
	char where[256];
	struct kp_loc loc = obj_loc(fm, d, &l->ref, where, sizeof(where));

	if (!report(ctx, RULE_STATIC_LOCAL, &loc, "static local '%s' of '%s' %s",
		    l->name, d->name, l->change == CHANGE_DELETED ? "removed" :
		    "re-initialized or retyped"))
		return 0;
	report_note(ctx, l->change == CHANGE_DELETED ?
		    "%s has no '%s' for '%s' to go on with: keep it (same name, same "
		    "function), or use a shadow variable" :
		    "its initial value differs in %s: keep the initializer of '%s' as it "
		    "was; the running kernel keeps its value, not the new one for '%s'",
		    d->obj->object, l->name, d->name);
	return 1;
}

int check_static_local(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if (src_changed_function(d) && d->change == CHANGE_MODIFIED)
			for (int i = 0; i < d->src->nlocals; i++)
				n += one_local(ctx, fm, d, &d->src->locals[i]);
		for (int i = 0; d->obj && i < d->obj->nlocals; i++)
			n += object_local(ctx, fm, d, &d->obj->locals[i]);
	}
	return n;
}
