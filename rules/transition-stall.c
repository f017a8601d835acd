/*
 * transition-stall (warning): a changed function can sit on a task's stack
 * for ever, so the livepatch transition never completes.
 *
 * Message: 'NAME' sleeps in 'schedule' inside a loop: tasks waiting there
 *          stall the transition
 *          'NAME' is a kthread main loop: its thread never leaves it
 * Cause:   a task switches to the new code only when no patched function
 *          is on its stack.  A task sleeping inside a loop of the changed
 *          function (wait loops, schedule(), msleep(), wait_for_completion())
 *          or a kernel thread looping until kthread_should_stop() keeps the
 *          old function on its stack indefinitely.  The source tier finds
 *          the sleeping call or kthread_should_stop() inside a for, while
 *          or do loop of the function's AST.
 * Fix:     patch a function the loop calls instead of the loop itself, or
 *          make the change in code that runs after the loop returns.
 *          kthreads can also be made to restart (stop and re-create them
 *          in pre/post-patch callbacks).
 * Silence: -Wno-transition-stall, when the loop is known to wake up and
 *          leave often enough.
 */
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static int stall(struct kp_ctx *ctx, const struct kp_file_model *fm,
		 const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;
	struct kp_loc loc = srcref_loc(fm, d, s->sleep_line);

	if (s->kthread_loop)
		return report(ctx, RULE_TRANSITION_STALL, &loc, "'%s' is a kthread "
			      "main loop: its thread never leaves it", d->name);
	if (s->sleep_call)
		return report(ctx, RULE_TRANSITION_STALL, &loc, "'%s' sleeps in '%s' "
			      "inside a loop: tasks waiting there stall the "
			      "transition", d->name, s->sleep_call);
	return 0;
}

int check_transition_stall(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_changed_function(ctx->model, fm, d) {
		if (d->change != CHANGE_MODIFIED ||
		    !stall(ctx, fm, d))
			continue;
		n++;
		report_note(ctx, "patch a function the loop calls, or code that "
			    "runs after the loop, instead of '%s' itself", d->name);
	}
	return n;
}
