/*
 * no-functional-change (note): the patch changes only white space,
 * comments or documentation, or the compiled code stays the same.
 *
 * Message: WHAT: nothing to livepatch, where WHAT is
 *          "the patch changes only white space, comments or documentation",
 *          "the patch changes nothing this tree's .config compiles (...)"
 *          (-C TREE), "every function the header change reaches compiles
 *          to the same code (...)" (--objects),
 *          "the compiled code of the patched files differs at most in
 *          __LINE__ constants" (object tier; `kpcheck objdiff`: "... of the
 *          two objects ..."), or,
 *          for one function the lower tiers said changes,
 *          "'NAME' compiles to the same code in OBJECT".
 * Cause:   every touched definition has the same tokens before and after
 *          the patch once comments and white space are dropped; or, with
 *          -C TREE, what changed makes no code under the tree's .config:
 *          a file kbuild does not build, lines under an #if or
 *          IS_ENABLED() branch the config leaves out, a compile-time
 *          assertion (static_assert, BUILD_BUG_ON) at top level, a macro,
 *          constant or inline function of a header that no built file
 *          expands (the header change set, see header-change); or the
 *          object tier found the same code (and at most moved __LINE__
 *          constants, see line-shift), with --objects also in every
 *          object of the header change set.  Proof overrides the guess: a
 *          function whose compiled code is the same leaves the livepatch.
 * Fix:     none: kpcheck exits 3 ("nothing to patch") when nothing is
 *          left.  Do not build a livepatch for it.
 * Silence: --rule no-functional-change=ignore (the exit code stays 3).
 */
#include "analyzer/model/objfacts.h"
#include "rules/rules.h"

static bool object_ran(const struct kp_model *m)
{
	for (int i = 0; i < m->nfiles; i++)
		if (m->files[i].tiers & TIERBIT(TIER_OBJECT))
			return true;
	return false;
}

/* Did the header change set (hdrset.c) find that some change makes no
 * code, rather than the text being the same? */
static bool makes_no_code(const struct kp_model *m)
{
	const struct kp_file_model *fm;
	const struct kp_def *d;

	for_each_def(m, fm, d)
		if (d->no_code)
			return true;
	return false;
}

static const char *what(const struct kp_model *m)
{
	if (!(m->tiers & TIERBIT(TIER_PATCH)))
		return "the compiled code of the two objects differs at most in "
		       "__LINE__ constants";
	if (object_ran(m))
		return "the compiled code of the patched files differs at most in "
		       "__LINE__ constants";
	if (m->hdrset.obj_files && makes_no_code(m))
		return "every function the header change reaches compiles to the same "
		       "code (the objects of the header change set, --objects)";
	if (makes_no_code(m))
		return "the patch changes nothing this tree's .config compiles (files "
		       "it does not build, compile-time assertions, macros or inline "
		       "functions no built file expands, comments)";
	return "the patch changes only white space, comments or documentation";
}

/* Functions the lower tiers predicted, which compile to the same code. */
static int same_code(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		struct kp_loc loc;

		if (!d->obj || d->obj->code != OBJ_CODE_SAME || !d->obj->predicted)
			continue;
		loc = def_loc(fm, d);
		loc.tier = TIER_OBJECT;
		n += report(ctx, RULE_NO_FUNCTIONAL_CHANGE, &loc, "'%s' compiles to the "
			    "same code in %s: nothing to livepatch", d->name, d->obj->object);
	}
	return n;
}

int check_no_functional_change(struct kp_ctx *ctx)
{
	struct kp_loc loc;

	if (!model_nothing_to_patch(ctx->model) || model_init_only(ctx->model))
		return same_code(ctx);
	loc = file_loc(&ctx->model->files[0]);
	loc.symbol = NULL;
	if (object_ran(ctx->model))
		loc.tier = TIER_OBJECT;
	return report(ctx, RULE_NO_FUNCTIONAL_CHANGE, &loc, "%s: nothing to livepatch",
		      what(ctx->model));
}
