/*
 * no-functional-change (note): the patch changes only white space,
 * comments or documentation (or, at the object tier, only moves __LINE__).
 *
 * Message: the patch changes only white space, comments or documentation:
 *          nothing to livepatch
 * Cause:   every touched definition has the same tokens before and after
 *          the patch once comments and white space are dropped.
 * Fix:     none: kpcheck exits 3 ("nothing to patch").  Do not build a
 *          livepatch for it.
 * Silence: --rule no-functional-change=ignore (the exit code stays 3).
 */
#include "rules/rules.h"

int check_no_functional_change(struct kp_ctx *ctx)
{
	struct kp_loc loc;

	if (!model_nothing_to_patch(ctx->model))
		return 0;
	loc = file_loc(&ctx->model->files[0]);
	loc.symbol = NULL;
	return report(ctx, RULE_NO_FUNCTIONAL_CHANGE, &loc,
		      "the patch changes only white space, comments or "
		      "documentation: nothing to livepatch");
}
