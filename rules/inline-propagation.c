/*
 * inline-propagation (warning): a changed inline function changes every
 * function it is inlined into.
 *
 * Message: 'NAME' is inline: its callers change too (WHERE)
 * Cause:   an inline (or static inline, __always_inline) function has no
 *          single copy to redirect: the compiler copied it into its
 *          callers, and each of those is a changed function the livepatch
 *          must carry.  The source tier lists the callers in the patched
 *          files from clang's AST and counts, by a text search, the other
 *          files of the tree that name the function (a name in a comment
 *          counts too; with the header change set, the functions of the
 *          built files that expand it, see header-change); the object
 *          tier tells exactly which functions
 *          inline it (DWARF), when the function has no code of its own
 *          left in the object.  Proof overrides the guess: the object
 *          tier's callers replace the source tier's count, and the
 *          finding is a note, since those callers are carried.
 *          Without a tree the patch tier reads `inline` and
 *          `__always_inline` from the hunk header and context lines of a
 *          .c file; it cannot list the callers.
 * Fix:     add every caller to the livepatch (kpatch-build and klp-build do
 *          so when they compare objects), or keep the inline function as
 *          it is and make the change in a non-inline function it calls.
 * Rework:  `kpcheck rework` answers it with the header-change rework
 *          (klp_NAME in each using .c file; doc/rework.md).
 * Silence: -Wno-inline-propagation
 */
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static void callers_note(struct kp_ctx *ctx, const struct kp_srcdef *s)
{
	for (int i = 0; i < s->ncallers && i < 8; i++)
		report_note(ctx, "caller in the patch: '%s' (%s:%d)",
			    s->callers[i].name, s->callers[i].file, s->callers[i].line);
	if (s->ncallers > 8)
		report_note(ctx, "and %d more callers in the patched files",
			    s->ncallers - 8);
}

static void tree_note(struct kp_ctx *ctx, const struct kp_srcdef *s)
{
	if (s->tree_files <= 0)
		return;
	report_note(ctx, "%d other file%s of the tree name it, e.g. %s%s%s%s%s",
		    s->tree_files, s->tree_files > 1 ? "s" : "", s->tree_examples[0],
		    s->ntree_examples > 1 ? ", " : "",
		    s->ntree_examples > 1 ? s->tree_examples[1] : "",
		    s->ntree_examples > 2 ? ", " : "",
		    s->ntree_examples > 2 ? s->tree_examples[2] : "");
}

/* A .c file's inline function only the patch tier saw changed. */
static int patch_tier(struct kp_ctx *ctx, const struct kp_file_model *fm,
		      const struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);

	if (d->tier != TIER_PATCH || !def_is_patched_function(fm, d) ||
	    d->change != CHANGE_MODIFIED ||
	    !(d->attrs & (ATTR_INLINE | ATTR_ALWAYS_INLINE)) ||
	    (d->attrs & ATTR_SYSCALL))
		return 0;
	loc.tier = TIER_PATCH;
	if (!report(ctx, RULE_INLINE_PROPAGATION, &loc, "'%s' is %s: its callers "
		    "change too", def_name(d), d->attrs & ATTR_ALWAYS_INLINE ?
		    "__always_inline" : "inline"))
		return 0;
	report_note(ctx, "read from the patch text (hunk header or context "
		    "lines); -C TREE lists the callers in the patched files");
	report_note(ctx, "the livepatch must carry every caller it is "
		    "inlined into; --objects shows which ones changed");
	return 1;
}

/* The object tier's proof: @d has no code of its own and DWARF names the
 * functions it is inlined into. */
static int object_callers(struct kp_ctx *ctx, const struct kp_file_model *fm,
			  const struct kp_def *d)
{
	const struct kp_objdef *o = d->obj;
	struct kp_loc loc = def_loc(fm, d);

	loc.tier = TIER_OBJECT;
	/* a note: the object tier already put those callers in the livepatch */
	if (!report_sev(ctx, RULE_INLINE_PROPAGATION, SEV_NOTE, &loc, "'%s' is inline: "
			"its callers change too (%d in %s)", d->name, o->ninlined_into,
			o->object))
		return 0;
	for (int i = 0; i < o->ninlined_into && i < 8; i++)
		report_note(ctx, "inlined into '%s' in %s", o->inlined_into[i], o->object);
	if (o->ninlined_into > 8)
		report_note(ctx, "and into %d more functions", o->ninlined_into - 8);
	return 1;
}

static int source_callers(struct kp_ctx *ctx, const struct kp_file_model *fm,
			  const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;
	struct kp_loc loc = def_loc(fm, d);

	loc.tier = TIER_SOURCE;
	if (ctx->model->hdrset.done && fm->kind == FK_C_HEADER) {
		int files, n = hdrset_expanders_of(ctx->model, d->name, &files);

		/* the header change set counted them; header-change lists them */
		if (!report(ctx, RULE_INLINE_PROPAGATION, &loc, "'%s' is inline: its "
			    "callers change too (%d in the patched files, %d functions "
			    "in %d other built files)", d->name, s->ncallers, n, files))
			return 0;
		callers_note(ctx, s);
	} else {
		if (!report(ctx, RULE_INLINE_PROPAGATION, &loc, "'%s' is inline: its "
			    "callers change too (%d in the patched files, %d other "
			    "files of the tree)", d->name, s->ncallers,
			    s->tree_files > 0 ? s->tree_files : 0))
			return 0;
		callers_note(ctx, s);
		tree_note(ctx, s);
	}
	report_note(ctx, "the livepatch must carry every caller it is "
		    "inlined into; --objects shows which ones changed");
	return 1;
}

int check_inline_propagation(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if (d->obj && d->obj->code == OBJ_CODE_NONE && d->obj->ninlined_into) {
			n += object_callers(ctx, fm, d);
			continue;
		}
		n += patch_tier(ctx, fm, d);
		/* a syscall body is an inline behind its wrappers by design:
		 * syscall-change says what to do about it */
		if (!src_changed_function(d) || d->change != CHANGE_MODIFIED ||
		    !(d->attrs & (ATTR_INLINE | ATTR_ALWAYS_INLINE)) ||
		    (d->attrs & ATTR_SYSCALL))
			continue;
		n += source_callers(ctx, fm, d);
	}
	return n;
}
