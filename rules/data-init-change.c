/*
 * data-init-change (error): the initializer (or type) of existing global
 * or file-static data changed.
 *
 * Message: initializer of 'VAR' changed: the running kernel keeps the old one
 *          / 'VAR' moves from section A to B (e.g. gains __ro_after_init)
 * Cause:   a livepatch replaces functions, not data: the running kernel's
 *          'VAR' (an ops table, a limit, a lookup table) was initialized at
 *          boot or module load and keeps those values.  The source tier
 *          compares the tokens of the definition (macros included), so a
 *          reformatted initializer is no change.
 * Fix:     change the code that reads 'VAR' instead (patch its users to use
 *          a new variable or the new values), or write the new values in a
 *          pre-patch callback and restore them in a post-unpatch one.  A
 *          new section (hardening such as __ro_after_init) cannot be
 *          livepatched: keep the data where it is.
 * Silence: --rule data-init-change=ignore, when the data is only read
 *          before the livepatch loads (for example by __init code).
 */
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

/* The patch tier reads a section attribute added or dropped in the
 * text ("static struct proto x __ro_after_init;"), and lines changed
 * inside an existing variable's definition, which can only be its
 * initializer (an entry added to a sysctl table): that much needs no
 * AST. */
static int moved_in_text(struct kp_ctx *ctx, struct kp_file_model *fm,
			 struct kp_def *d)
{
	unsigned int moved = (d->attrs ^ d->old_attrs) &
			     (ATTR_RO_AFTER_INIT | ATTR_READ_MOSTLY);
	struct kp_loc loc;

	if (d->kind != DEF_VARIABLE || d->change != CHANGE_MODIFIED ||
	    d->cosmetic || d->tier != TIER_PATCH || (d->attrs & ATTR_INITDATA))
		return 0;
	loc = def_loc(fm, d);
	if (!moved) {
		if (!report(ctx, RULE_DATA_INIT_CHANGE, &loc, "initializer of '%s' "
			    "changed: the running kernel keeps the old one", d->name))
			return 0;
		report_note(ctx, "patch the functions that read '%s' instead, or set "
			    "the new values in a pre-patch callback "
			    "(KLP_PRE_PATCH_CALLBACK) and restore them after unpatching",
			    d->name);
		return 1;
	}
	if (!report(ctx, RULE_DATA_INIT_CHANGE, &loc, "'%s' %s %s: the running "
		    "kernel keeps the old object where it is", d->name,
		    d->attrs & moved ? "gains" : "loses",
		    moved & ATTR_RO_AFTER_INIT ? "__ro_after_init" : "__read_mostly"))
		return 0;
	report_note(ctx, "a livepatch cannot move data: keep '%s' where it is; a "
		    "kernel update carries the new section", d->name);
	return 1;
}

int check_data_init_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		struct kp_loc loc;
		int k;

		n += moved_in_text(ctx, fm, d);
		if (d->kind != DEF_VARIABLE || d->change != CHANGE_MODIFIED ||
		    d->cosmetic || d->tier < TIER_SOURCE || !d->src ||
		    (d->attrs & ATTR_INITDATA))
			continue;
		loc = def_loc(fm, d);
		loc.tier = TIER_SOURCE;
		if (d->src->new_section)
			k = report(ctx, RULE_DATA_INIT_CHANGE, &loc, "'%s' moves from "
				   "section %s to %s: the running kernel keeps the old "
				   "object where it is", d->name, d->src->old_section,
				   d->src->new_section);
		else if (d->src->init_changed)
			k = report(ctx, RULE_DATA_INIT_CHANGE, &loc, "initializer of '%s' "
				   "changed: the running kernel keeps the old one", d->name);
		else
			k = report(ctx, RULE_DATA_INIT_CHANGE, &loc, "type of '%s' changed "
				   "from '%s' to '%s': the running kernel keeps the old object",
				   d->name, d->src->old_sig, d->src->new_sig);
		if (!k)
			continue;
		n++;
		if (d->src->new_section) {
			report_note(ctx, "a livepatch cannot move data: keep '%s' where "
				    "it is; a kernel update carries the new section", d->name);
			continue;
		}
		report_note(ctx, "patch the functions that read '%s' instead, or set "
			    "the new values in a pre-patch callback "
			    "(KLP_PRE_PATCH_CALLBACK) and restore them after unpatching",
			    d->name);
	}
	return n;
}
