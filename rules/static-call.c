/*
 * static-call (warning): patched code makes a static call.
 *
 * Message: 'NAME' makes static call 'CALL'
 * Cause:   static_call(CALL)(...) is a direct call to a trampoline that
 *          static_call_update() rewrites, recorded in .static_call_sites.
 *          Sites in a livepatch module are only patched when their key
 *          resolves at module load: keys of other modules do not, and the
 *          site keeps calling the default target.  The source tier finds
 *          the __SCT__ trampoline references in clang's AST.
 * Fix:     call what the static call points to through its key in the
 *          patched code (static_call_query(CALL)), or use the
 *          KLP_STATIC_CALL helpers of the livepatch tooling.
 * Silence: -Wno-static-call, when the key is vmlinux's and the livepatch
 *          tooling handles its sites.
 */
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

int check_static_call(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_changed_function(ctx->model, fm, d) {
		for (int i = 0; i < d->src->nscalls; i++) {
			const struct kp_srcref *c = &d->src->scalls[i];
			struct kp_loc loc = srcref_loc(fm, d, c->line);

			if (!report(ctx, RULE_STATIC_CALL, &loc, "'%s' makes static "
				    "call '%s'", d->name, c->name))
				continue;
			n++;
			report_note(ctx, "call the target through "
				    "static_call_query(%s) in the patched code, or "
				    "use KLP_STATIC_CALL", c->name);
		}
	}
	return n;
}
