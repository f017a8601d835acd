/*
 * notrace-target (error): a changed function that ftrace cannot redirect.
 *
 * Message: 'NAME' is notrace: ftrace cannot redirect it
 * Cause:   a livepatch replaces a function by hooking its fentry call
 *          (-pg -mfentry).  Functions marked notrace, noinstr (section
 *          .noinstr.text) or __always_inline have no such call.  The
 *          kernel's own `inline` expands to inline notrace (6.1's
 *          compiler_types.h), so an inline function the compiler keeps out
 *          of line (too big, address taken) cannot be redirected either.
 *          The source tier proves the attribute from clang's AST; without
 *          a tree the patch tier reads it from the hunk header (git and
 *          diff -p name the enclosing function there) and from context
 *          lines, and says so.  Whether an inline function was really
 *          inlined only the object tier knows, so that case is a warning.
 * Fix:     leave the function as it is and patch its callers: copy it under
 *          a new name into the patched callers, or change the callers so
 *          they no longer need the change.
 * Silence: --rule notrace-target=warning (or =ignore), when every caller
 *          of the function is already in the patch.
 */
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static void callers_note(struct kp_ctx *ctx, const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;

	if (s && s->ncallers)
		report_note(ctx, "patch its callers instead; in the patched files: "
			    "'%s'%s", s->callers[0].name,
			    s->ncallers > 1 ? " and others (see inline-propagation)" : "");
	else
		report_note(ctx, "patch its callers instead, calling a fixed copy "
			    "of '%s' under a new name", d->name);
}

static int check_one(struct kp_ctx *ctx, const struct kp_file_model *fm,
		     const struct kp_def *d, enum kp_tier tier)
{
	struct kp_loc loc = def_loc(fm, d);
	unsigned int a = d->attrs;

	loc.tier = tier;
	if (a & ATTR_NOINSTR)
		return report(ctx, RULE_NOTRACE_TARGET, &loc, "'%s' is noinstr: "
			      "ftrace cannot redirect it", def_name(d));
	if (a & ATTR_ALWAYS_INLINE)
		return 0;	/* never out of line: inline-propagation's case */
	if ((a & ATTR_INLINE) && (a & ATTR_NOTRACE))
		return report_sev(ctx, RULE_NOTRACE_TARGET, SEV_WARNING, &loc,
				  "'%s' is inline, hence notrace: where the compiler "
				  "keeps it out of line ftrace cannot redirect it",
				  def_name(d));
	if (a & ATTR_NOTRACE)
		return report(ctx, RULE_NOTRACE_TARGET, &loc, "'%s' is notrace: "
			      "ftrace cannot redirect it", def_name(d));
	return 0;
}

/* A changed function only the patch tier saw (no tree, or clang failed). */
static bool patch_tier_only(const struct kp_file_model *fm, const struct kp_def *d)
{
	return d->tier == TIER_PATCH && def_is_patched_function(fm, d) &&
	       d->change == CHANGE_MODIFIED;
}

int check_notrace_target(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0, k;

	for_each_def(ctx->model, fm, d) {
		bool src = src_changed_function(d);

		if ((!src && !patch_tier_only(fm, d)) || d->change != CHANGE_MODIFIED ||
		    (d->attrs & ATTR_SYSCALL))	/* syscall-change covers it */
			continue;
		if ((k = check_one(ctx, fm, d, src ? TIER_SOURCE : TIER_PATCH)) <= 0)
			continue;
		if (!src)
			report_note(ctx, "read from the patch text (hunk header or "
				    "context lines); -C TREE proves it on the source");
		callers_note(ctx, d);
		n += k;
	}
	return n;
}
