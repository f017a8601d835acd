/*
 * changed-function (note): a function whose code the patch changes.
 *
 * Message: 'NAME' changed: the livepatch replaces it
 * Cause:   the body (or, at the object tier, the compiled code) of an
 *          existing function differs; the livepatch carries the new copy
 *          and redirects calls to it through ftrace.
 * Fix:     nothing to fix; this is the list of what the livepatch carries.
 *          An unnamed function means the patch has no function context:
 *          give the tree with -C, or make the patch with git diff or
 *          diff -p.
 * Silence: --rule changed-function=ignore
 */
#include "rules/rules.h"

static int report_changed(struct kp_ctx *ctx, const struct kp_file_model *fm,
			  const struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);

	if (!d->name)
		return report(ctx, RULE_CHANGED_FUNCTION, &loc,
			      "a function changed but its name cannot be told "
			      "from the patch text");
	if (fm->object && fm->object[0] && strcmp(fm->object, "vmlinux") &&
	    strcmp(fm->object, "none"))
		return report(ctx, RULE_CHANGED_FUNCTION, &loc,
			      "'%s' changed: the livepatch replaces it in module '%s'",
			      d->name, fm->object);
	return report(ctx, RULE_CHANGED_FUNCTION, &loc,
		      "'%s' changed: the livepatch replaces it", d->name);
}

int check_changed_function(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if (!def_is_patched_function(fm, d) || d->change != CHANGE_MODIFIED)
			continue;
		n += report_changed(ctx, fm, d);
		if (!d->name)
			report_note(ctx, "run with -C TREE, or make the patch with "
				    "'git diff' or 'diff -p' so hunks name their function");
	}
	return n;
}
