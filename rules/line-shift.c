/*
 * line-shift (warning): the patch adds or removes lines above functions
 * that use __LINE__ (WARN*, BUG*, might_sleep, lockdep assertions).
 *
 * Message: N functions below the change use __LINE__ and move by +M
 *          lines: 'a', 'b', ...
 * Cause:   the line number is compiled into those functions (an immediate
 *          operand or a __bug_table entry).  Their code changes although
 *          their source does not, so a livepatch built from the objects
 *          carries them too, or flags them.  kpatch-build ignores the change
 *          for WARN/BUG/might_sleep only; any other __LINE__ user is a
 *          real change.  Needs -C (the whole file).
 * Fix:     keep the line count of the file: put added lines on existing
 *          lines or remove as many lines elsewhere in the same hunk, or
 *          accept the extra functions (check with --objects).
 * Silence: -Wno-line-shift
 */
#include <stdio.h>
#include "rules/rules.h"

#define MAX_NAMED 5

static void name_list(const struct kp_file_model *fm, char *buf, size_t size,
		      int *count, int *shift)
{
	int n = 0, len = 0;

	buf[0] = 0;
	for (int i = 0; i < fm->ndefs; i++) {
		const struct kp_def *d = &fm->defs[i];

		if (!d->line_shifted)
			continue;
		if (n == 0)
			*shift = d->line_shift;
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
		if (fm->defs[i].line_shifted)
			return &fm->defs[i];
	return NULL;
}

int check_line_shift(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	int n = 0;

	for (fm = ctx->model->files; fm < ctx->model->files + ctx->model->nfiles; fm++) {
		const struct kp_def *first = first_shifted(fm);
		char names[512];
		int count, shift = 0;
		struct kp_loc loc;

		if (!first)
			continue;
		name_list(fm, names, sizeof(names), &count, &shift);
		loc = def_loc(fm, first);
		loc.symbol = fm->file->path;
		if (!report(ctx, RULE_LINE_SHIFT, &loc,
			    "%d function%s below the change use%s __LINE__ and move%s "
			    "by %+d line%s: %s", count, count == 1 ? "" : "s",
			    count == 1 ? "s" : "", count == 1 ? "s" : "", shift,
			    shift == 1 || shift == -1 ? "" : "s", names))
			continue;
		n++;
		report_note(ctx, "keep the file's line count (join or drop lines in "
			    "the same hunk) or let the livepatch carry them too; "
			    "--objects shows which really changed");
	}
	return n;
}
