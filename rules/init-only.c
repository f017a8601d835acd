/*
 * init-only (warning/note): a changed function that only init-time code
 * reaches: it ran at boot or module load, before any livepatch, and runs
 * no more.
 *
 * Message: 'cb' is reached only from init code: cb() ← only from foo_init() [__init]
 * Cause:   a livepatch redirects calls made after it loads.  A function
 *          whose every caller chain starts in __init or __exit code
 *          (initcalls, __setup and early_param handlers, module init), or
 *          in an init-data or DMI/quirk table that only such code reads,
 *          is never called again: replacing it changes nothing that runs.
 *          With -C the callers are searched in the post-image of the
 *          patched files and across the tree's built files (the tree
 *          index), a few calls deep; a use by address (an ops table, a
 *          callback registered for later) counts as run time.  When every
 *          changed function is such, the verdict is "nothing to patch at
 *          runtime" (exit 3) and this is a note; when the patch changes
 *          run-time code too it stays eligible, and this is a warning:
 *          the init part will not take effect.
 * Fix:     nothing to ship for the init part: it takes effect with the
 *          next boot of a kernel that carries the fix.  If the running
 *          system needs its effect now, redo it in a pre-patch callback
 *          (KLP_PRE_PATCH_CALLBACK) on the state init code left behind.
 * Silence: --rule init-only=ignore
 */
#include "rules/rules.h"

/* Does the patch change code that still runs, besides init-only functions? */
static bool runtime_change(const struct kp_model *m)
{
	return model_count_functions(m) > 0;
}

int check_init_only(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	bool mixed = runtime_change(ctx->model);
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		struct kp_loc loc;

		if (!d->init_chain)
			continue;
		loc = def_loc(fm, d);
		if (!report_sev(ctx, RULE_INIT_ONLY, mixed ? SEV_WARNING : SEV_NOTE, &loc,
				"'%s' is reached only from init code: %s() ← only from %s%s",
				d->name, d->name, d->init_chain, mixed ?
				"; its change will not take effect" :
				": nothing to patch at runtime"))
			continue;
		n++;
		report_note(ctx, "init code ran before the livepatch loads and never "
			    "runs again: the change takes effect with the next boot of a "
			    "fixed kernel; redo its effect in a pre-patch callback "
			    "(KLP_PRE_PATCH_CALLBACK) if the running system needs it now");
	}
	return n;
}
