/*
 * deleted-function (error for global functions, warning for static ones):
 * the patch removes a function.
 *
 * Message: global function 'NAME' deleted: code outside the patch still
 *          calls it / static function 'NAME' deleted: the livepatch can
 *          only stop calling it
 * Cause:   a livepatch adds and replaces functions; it cannot take one out
 *          of the running kernel.  Callers in other files, in modules, or
 *          through pointers stored in data keep calling the old code, and
 *          an exported symbol disappearing breaks modules that use it.
 * Fix:     keep the function in the patched source.  If its behaviour must
 *          change, change it in place; if its callers must move to new
 *          code, add the new code as NAME_v2 and patch the callers.  A
 *          deleted static function whose callers are all patched can just
 *          stay as dead code.
 * Silence: --rule deleted-function=ignore, or -Wno-deleted-function for
 *          the static case.
 */
#include "rules/rules.h"

int check_deleted_function(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		bool global = !((d->attrs | d->old_attrs) & ATTR_STATIC);
		struct kp_loc loc;

		if (d->kind != DEF_FUNCTION || d->change != CHANGE_DELETED || !d->name)
			continue;
		loc = def_loc(fm, d);
		if (global && !report_sev(ctx, RULE_DELETED_FUNCTION, SEV_ERROR, &loc,
					  "global function '%s' deleted: code outside "
					  "the patch may still call it", d->name))
			continue;
		if (!global && !report_sev(ctx, RULE_DELETED_FUNCTION, SEV_WARNING, &loc,
					   "static function '%s' deleted: the livepatch "
					   "can only stop calling it", d->name))
			continue;
		n++;
		report_note(ctx, global ?
			    "keep '%s' in the patched source; put new code in "
			    "'%s_v2' and patch its callers" :
			    "keep '%s' as it is: once its callers are patched it is "
			    "dead code%s", d->name, global ? d->name : "");
	}
	return n;
}
