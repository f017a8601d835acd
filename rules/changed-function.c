/*
 * changed-function (note): a function whose code the patch changes.
 *
 * Message: 'NAME' changed: the livepatch replaces it[ in module 'MOD']
 * Cause:   the body (or, at the object tier, the compiled code) of an
 *          existing function differs; the livepatch carries the new copy
 *          and redirects calls to it through ftrace.  The object tier
 *          also finds functions the source did not predict (they inline
 *          a changed one) and carries .cold/.part pieces with their
 *          function; its notes say so.
 * Fix:     nothing to fix; this is the list of what the livepatch carries.
 *          An unnamed function means the patch has no function context:
 *          give the tree with -C, or make the patch with git diff or
 *          diff -p.
 * Silence: --rule changed-function=ignore
 */
#include "analyzer/model/objfacts.h"
#include "rules/rules.h"

static int report_changed(struct kp_ctx *ctx, const struct kp_file_model *fm,
			  const struct kp_def *d)
{
	char where[256];
	const struct kp_objsym *s = objdef_main_sym(d->obj);
	struct kp_loc loc = s ? obj_loc(fm, d, &s->ref, where, sizeof(where)) : def_loc(fm, d);

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

/* What the object tier adds: the pieces carried along, and why a
 * function the source did not predict changed. */
static void object_notes(struct kp_ctx *ctx, const struct kp_file_model *fm,
			 const struct kp_def *d)
{
	const struct kp_objdef *o = d->obj;

	for (int i = 0; i < o->nsyms; i++)
		if (o->syms[i].part && o->syms[i].code != OBJ_CODE_DELETED)
			report_note(ctx, "'%s' in %s goes with it", o->syms[i].ref.symbol,
				    o->object);
	if (o->predicted || !(fm->tiers & TIERBIT(TIER_PATCH)))
		return;
	if (o->ninlines)
		report_note(ctx, "the source did not predict it: its code in %s "
			    "inlines '%s', which the patch changes", o->object, o->inlines[0]);
	else
		report_note(ctx, "the source did not predict it: its compiled code "
			    "in %s changed", o->object);
}

int check_changed_function(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0, k;

	for_each_def(ctx->model, fm, d) {
		if (!def_is_patched_function(fm, d) || d->change != CHANGE_MODIFIED)
			continue;
		n += k = report_changed(ctx, fm, d);
		if (k && !d->name)
			report_note(ctx, "run with -C TREE, or make the patch with "
				    "'git diff' or 'diff -p' so hunks name their function");
		if (k && d->obj)
			object_notes(ctx, fm, d);
	}
	return n;
}
