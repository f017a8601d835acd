/*
 * line-shift (warning): the patch adds or removes lines above functions
 * that use __LINE__ (WARN*, BUG*, might_sleep, lockdep assertions).
 *
 * Message: N functions below the change use __LINE__ and move[ by +M
 *          lines]: 'a', 'b', ...
 * Cause:   the line number is compiled into those functions (an immediate
 *          operand or a __bug_table entry).  Their code changes although
 *          their source does not, so a livepatch built from the objects
 *          carries them too, or flags them.  kpatch-build ignores the change
 *          for WARN/BUG/might_sleep only; any other __LINE__ user is a
 *          real change.  The patch and source tiers guess which functions
 *          move (needs -C, the whole file): a warning.  The object tier
 *          proves it: the compiled code differs only in __LINE__
 *          constants, so the livepatch does not carry them, and the
 *          finding is a note.  Proof overrides the guess: once the object
 *          tier has looked at a file, its guessed warning goes.
 * Fix:     keep the line count of the file: put added lines on existing
 *          lines or remove as many lines elsewhere in the same hunk, or
 *          accept the extra functions (check with --objects).
 * Rework:  `kpcheck rework` adds #line directives after the hunks that
 *          change the line count (doc/rework.md).
 * Silence: -Wno-line-shift
 */
#include <stdio.h>
#include "analyzer/model/objfacts.h"
#include "rules/rules.h"

#define MAX_NAMED 5

/* Guessed by the lower tiers, or proved by the object tier. */
static bool shifted(const struct kp_file_model *fm, const struct kp_def *d)
{
	if (fm->tiers & TIERBIT(TIER_OBJECT))
		return d->obj && d->obj->code == OBJ_CODE_LINE_ONLY;
	return d->line_shifted;
}

static void name_list(const struct kp_file_model *fm, char *buf, size_t size,
		      int *count, int *shift)
{
	int n = 0, len = 0;

	buf[0] = 0;
	for (int i = 0; i < fm->ndefs; i++) {
		const struct kp_def *d = &fm->defs[i];

		if (!shifted(fm, d))
			continue;
		if (n == 0)
			*shift = d->line_shifted ? d->line_shift : 0;
		if (n < MAX_NAMED && len < (int)size)
			len += snprintf(buf + len, size - len, "%s'%s'", n ? ", " : "",
					def_name(d));
		n++;
	}
	if (n > MAX_NAMED && len < (int)size)
		snprintf(buf + len, size - len, " and %d more", n - MAX_NAMED);
	*count = n;
}

static const struct kp_def *first_shifted(const struct kp_file_model *fm)
{
	for (int i = 0; i < fm->ndefs; i++)
		if (shifted(fm, &fm->defs[i]))
			return &fm->defs[i];
	return NULL;
}

static void notes(struct kp_ctx *ctx, const struct kp_def *first, bool proved, int count)
{
	if (proved)
		report_note(ctx, "%s compiled code in %s differs only in __LINE__ "
			    "constants: the livepatch does not carry %s",
			    count == 1 ? "its" : "their", first->obj->object,
			    count == 1 ? "it" : "them");
	else
		report_note(ctx, "keep the file's line count (join or drop lines in "
			    "the same hunk) or let the livepatch carry them too; "
			    "--objects shows which really changed");
}

static int one_file(struct kp_ctx *ctx, const struct kp_file_model *fm)
{
	const struct kp_def *first = first_shifted(fm);
	bool proved = fm->tiers & TIERBIT(TIER_OBJECT);
	char names[512], by[32] = "", where[256];
	int count, shift = 0;
	struct kp_loc loc;

	if (!first)
		return 0;
	name_list(fm, names, sizeof(names), &count, &shift);
	if (shift)
		snprintf(by, sizeof(by), " by %+d line%s", shift,
			 shift == 1 || shift == -1 ? "" : "s");
	loc = proved ? obj_loc(fm, first, &objdef_main_sym(first->obj)->ref, where,
			       sizeof(where)) : def_loc(fm, first);
	loc.symbol = fm->file->path;
	if (!report_sev(ctx, RULE_LINE_SHIFT, proved ? SEV_NOTE :
			rule_table[RULE_LINE_SHIFT].severity, &loc,
			"%d function%s below the change use%s __LINE__ and move%s%s: %s",
			count, count == 1 ? "" : "s", count == 1 ? "s" : "",
			count == 1 ? "s" : "", by, names))
		return 0;
	notes(ctx, first, proved, count);
	return 1;
}

int check_line_shift(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	int n = 0;

	for (fm = ctx->model->files; fm < ctx->model->files + ctx->model->nfiles; fm++)
		n += one_file(ctx, fm);
	return n;
}
