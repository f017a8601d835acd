/*
 * signature-change (error): the prototype of a non-static function
 * changed.
 *
 * Message: prototype of 'NAME' changed from 'OLD' to 'NEW'
 * Cause:   callers outside the patch, compiled against the old prototype,
 *          keep calling the function the old way; once the livepatch
 *          redirects it, they pass the old arguments to the new code (or
 *          read a return value of the old type).  The source tier compares
 *          the function types clang computes, so a reformatted prototype
 *          is no change and a changed typedef behind it is.
 * Fix:     keep 'NAME' as it is; add 'NAME_v2' with the new prototype and
 *          patch the callers that need it to call the new function.
 * Rework:  `kpcheck rework` keeps the old function, adds NAME_v2 with
 *          the new prototype and makes the callers in the patch call it;
 *          an address-taken use needs review (doc/rework.md).
 * Silence: --rule signature-change=ignore, when every caller is in the
 *          patch (for example a function only called from its own file).
 */
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static bool sig_changed(const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;

	return s && s->old_sig && s->new_sig && strcmp(s->old_sig, s->new_sig) &&
	       d->change == CHANGE_MODIFIED && !d->cosmetic &&
	       (d->kind == DEF_FUNCTION || d->kind == DEF_PROTOTYPE) &&
	       !(d->attrs & ATTR_STATIC) && !(d->old_attrs & ATTR_STATIC);
}

int check_signature_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		struct kp_loc loc;

		if (!sig_changed(d))
			continue;
		loc = def_loc(fm, d);
		loc.tier = TIER_SOURCE;
		if (!report(ctx, RULE_SIGNATURE_CHANGE, &loc,
			    "prototype of '%s' changed from '%s' to '%s'", d->name,
			    d->src->old_sig, d->src->new_sig))
			continue;
		n++;
		report_note(ctx, "keep '%s' as it is; add '%s_v2' with the new "
			    "prototype and patch the callers to call it",
			    d->name, d->name);
	}
	return n;
}
