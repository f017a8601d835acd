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
 *          inlined only the object tier knows, so that case is a warning
 *          at the lower tiers.  The object tier proves it: the changed
 *          function lands in .noinstr.text, or its first instructions do
 *          not call __fentry__ (both reported as noinstr or notrace, with
 *          the object as the proof).  Proof overrides the guess: when the
 *          object tier saw the function, its answer stands.  A static
 *          function without __fentry__ that only traced functions of its
 *          object call (a syscall's __do_sys_NAME that gcc kept out of
 *          line) is only a note: the livepatch carries it as new code
 *          and replaces those callers, as kpcheck build does.
 *          With -C TREE, a file kbuild compiles without -mfentry (the
 *          Makefiles of lib/ and kernel/trace/ remove the ftrace flags) has
 *          no function ftrace can redirect, not even the callers an inline
 *          function of it is inlined into: kbuild's own command tells.
 *          Without a tree the patch tier assumes it of the files directly
 *          in lib/ and kernel/trace/ (but their self-tests), as both 6.1's
 *          and 6.12's Makefiles have it.
 * Fix:     leave the function as it is and patch its callers: copy it under
 *          a new name into the patched callers, or change the callers so
 *          they no longer need the change.
 * Silence: --rule notrace-target=warning (or =ignore), when every caller
 *          of the function is already in the patch.
 */
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static void callers_note(struct kp_ctx *ctx, const struct kp_file_model *fm,
			 const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;

	if (fm->no_fentry)	/* its callers in the file have no __fentry__ either */
		report_note(ctx, "move the fix into callers outside %s, or ship it "
			    "in a kernel update", fm->file->path);
	else if (s && s->ncallers)
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
	if (fm->no_fentry && (a & (ATTR_INLINE | ATTR_ALWAYS_INLINE)))
		return report(ctx, RULE_NOTRACE_TARGET, &loc, "'%s' is inline in %s, "
			      "which kbuild compiles without -mfentry (its Makefile "
			      "removes the ftrace flags): the functions it is inlined "
			      "into have no __fentry__ either, ftrace cannot redirect "
			      "them", def_name(d), fm->file->path);
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
	if (fm->no_fentry)
		return report(ctx, RULE_NOTRACE_TARGET, &loc, "'%s' is notrace: kbuild "
			      "compiles %s without -mfentry (its Makefile removes the "
			      "ftrace flags), ftrace cannot redirect it", def_name(d),
			      fm->file->path);
	return 0;
}

/* A changed function only the patch tier saw (no tree, or clang failed). */
static bool patch_tier_only(const struct kp_file_model *fm, const struct kp_def *d)
{
	return d->tier == TIER_PATCH && def_is_patched_function(fm, d) &&
	       d->change == CHANGE_MODIFIED;
}

/* The object tier's answer: -1 when it has none for @d. */
static int check_object(struct kp_ctx *ctx, const struct kp_file_model *fm,
			const struct kp_def *d)
{
	const struct kp_objsym *s = objdef_main_sym(d->obj);
	bool noinstr = objsym_in(s, "noinstr");
	char where[256];
	struct kp_loc loc;

	if (!s || s->code != OBJ_CODE_CHANGED || !def_is_patched_function(fm, d))
		return -1;
	if (!noinstr && s->fentry)
		return 0;
	loc = obj_loc(fm, d, &s->ref, where, sizeof(where));
	if (!noinstr && s->traced_caller) {
		if (!report_sev(ctx, RULE_NOTRACE_TARGET, SEV_NOTE, &loc, "'%s' is notrace, "
				"but static and called only by functions ftrace can redirect: "
				"the livepatch carries it as new code and replaces its callers "
				"('%s')", d->name, s->traced_caller))
			return 0;
		report_note(ctx, "'%s' in %s has no __fentry__ call", s->ref.symbol,
			    d->obj->object);
		return 0;	/* nothing for the author to rework */
	}
	if (!report(ctx, RULE_NOTRACE_TARGET, &loc, "'%s' is %s: ftrace cannot "
		    "redirect it", d->name, noinstr ? "noinstr" : "notrace"))
		return 0;
	report_note(ctx, noinstr ? "'%s' in %s lies in %s" :
		    "'%s' in %s has no __fentry__ call", s->ref.symbol, d->obj->object,
		    s->ref.section);
	return 1;
}

/* The lower tiers' answer, from the attributes they read. */
static int check_attrs(struct kp_ctx *ctx, const struct kp_file_model *fm,
		       const struct kp_def *d)
{
	bool src = src_changed_function(d);
	int k;

	if (!src && !patch_tier_only(fm, d))
		return 0;
	if ((k = check_one(ctx, fm, d, src ? TIER_SOURCE : TIER_PATCH)) <= 0 || src)
		return k;
	if (fm->no_fentry)	/* the patch tier's guess by path */
		report_note(ctx, "lib/Makefile and kernel/trace/Makefile remove the "
			    "ftrace flags in 6.1 and 6.12; -C TREE asks kbuild");
	else
		report_note(ctx, "read from the patch text (hunk header or "
			    "context lines); -C TREE proves it on the source");
	return k;
}

int check_notrace_target(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0, k;

	for_each_def(ctx->model, fm, d) {
		if (d->change != CHANGE_MODIFIED || d->kind != DEF_FUNCTION ||
		    (d->attrs & ATTR_SYSCALL))	/* syscall-change covers it */
			continue;
		if ((k = check_object(ctx, fm, d)) < 0)
			k = check_attrs(ctx, fm, d);
		if (k <= 0)
			continue;
		callers_note(ctx, fm, d);
		n += k;
	}
	return n;
}
