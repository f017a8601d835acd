/*
 * syscall-change (warning): the body of a SYSCALL_DEFINEn changed.
 *
 * Message: body of SYSCALL_DEFINEn(NAME) changed: its code is the inline
 *          __do_sys_NAME behind the __x64_sys_NAME/__se_sys_NAME wrappers
 * Cause:   on x86_64 SYSCALL_DEFINEn expands into an inline __do_sys_*
 *          body and wrapper functions; the name in the source is none of
 *          the symbols a livepatch must replace, and the wrapper names
 *          must match the running kernel's.
 * Fix:     write the patched syscall with KLP_SYSCALL_DEFINEn (upstream
 *          klp-build) or KPATCH_SYSCALL_DEFINEn (kpatch), which emit the
 *          wrappers under the names of the running kernel.
 * Silence: --rule syscall-change=ignore
 */
#include "rules/rules.h"

int check_syscall_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		struct kp_loc loc;

		/* already in the form the fix note asks for */
		if (!(d->attrs & ATTR_SYSCALL) || (d->attrs & ATTR_LP_SYSCALL) ||
		    d->change != CHANGE_MODIFIED || d->cosmetic)
			continue;
		loc = def_loc(fm, d);
		if (!report(ctx, RULE_SYSCALL_CHANGE, &loc,
			    "body of SYSCALL_DEFINE(%s) changed: its code is the "
			    "inline __do_sys_%s behind the __x64_sys_%s wrapper",
			    d->syscall ? d->syscall : "?", d->syscall ? d->syscall : "?",
			    d->syscall ? d->syscall : "?"))
			continue;
		n++;
		report_note(ctx, "write it as KLP_SYSCALL_DEFINEn(%s, ...) "
			    "(KPATCH_SYSCALL_DEFINEn for kpatch) so the livepatch "
			    "replaces the wrapper the running kernel calls",
			    d->syscall ? d->syscall : "?");
	}
	return n;
}
