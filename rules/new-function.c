/*
 * new-function (note): a function the patch adds.
 *
 * Message: 'NAME' is new: the livepatch adds it
 * Cause:   the post-image defines a function the pre-image does not have;
 *          the livepatch module carries it, and only the patched
 *          functions call it.  At the object tier: a function symbol the
 *          original object lacks (also one the compiler stopped cloning).
 * Fix:     nothing to fix.  Keep new functions static so that nothing
 *          outside the livepatch can come to depend on them.
 * Silence: --rule new-function=ignore
 */
#include "analyzer/model/objfacts.h"
#include "rules/rules.h"

int check_new_function(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		const struct kp_objsym *s = objdef_main_sym(d->obj);
		char where[256];
		struct kp_loc loc;

		if (!def_is_patched_function(fm, d) || d->change != CHANGE_ADDED)
			continue;
		loc = s ? obj_loc(fm, d, &s->ref, where, sizeof(where)) : def_loc(fm, d);
		n += report(ctx, RULE_NEW_FUNCTION, &loc,
			    "'%s' is new: the livepatch adds it", def_name(d));
	}
	return n;
}
