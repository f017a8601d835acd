/*
 * __LINE__ shifts: the fix adds or removes lines above functions that
 * compile their line number in (WARN/BUG sites), so those functions
 * change too.  As klp-build's fix-patch-lines does, a #line directive
 * after each hunk that changes the line count gives the lines below it
 * their pre-image numbers again, and the livepatch carries only the fix.
 * The directive goes on a line of its own before the first unchanged
 * line after the hunk, never inside a comment or a macro continuation.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rework/diff.h"
#include "rework/rework.h"
#include "rework/text.h"

int rw_line_shift(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	struct rw_file *rf = rw_file_get(rw, f->loc.symbol ? f->loc.symbol : f->file);

	(void)ctx;
	if (!rf->pre || !rf->text)
		return 0;
	rf->fix_lines = true;
	rw_answer(rw, f, RW_ANSWERED, "#line directives after the hunks that change "
		  "the line count keep the lines below at their old numbers");
	return 1;
}

struct hunk {
	int old_start, old_count, new_start, new_count;
};

static int parse_hunks(const char *diff, struct hunk **hs)
{
	int n = 0;

	for (const char *p = diff; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		struct hunk h = { 0, 1, 0, 1 };

		if (strncmp(p, "@@ -", 4))
			continue;
		if (sscanf(p, "@@ -%d,%d +%d,%d", &h.old_start, &h.old_count,
			   &h.new_start, &h.new_count) == 4 ||
		    sscanf(p, "@@ -%d +%d,%d", &h.old_start, &h.new_start, &h.new_count) == 3 ||
		    sscanf(p, "@@ -%d,%d +%d", &h.old_start, &h.old_count, &h.new_start) == 3 ||
		    sscanf(p, "@@ -%d +%d", &h.old_start, &h.new_start) == 2)
			*VEC_PUSH(*hs, n) = h;
	}
	return n;
}

/* Where after @h the directive can go: post line *@post, whose pre-image
 * number is *@old; false when nothing follows. */
static bool place(const struct rw_file *rf, const struct hunk *h, int *post, int *old)
{
	int nlines = text_nlines(rf->text, rf->len);

	*post = h->new_count ? h->new_start + h->new_count : h->new_start + 1;
	*old = h->old_count ? h->old_start + h->old_count : h->old_start + 1;
	for (; *post <= nlines; (*post)++, (*old)++) {
		size_t at = text_line_off(rf->text, rf->len, *post);

		if (at > 1 && rf->text[at - 2] == '\\')
			continue;
		if (!text_in_comment(rf->text, at))
			return true;
	}
	return false;
}

void rw_fix_lines(struct rework *rw, struct rw_file *rf)
{
	struct rw_diff d = { .path = rf->path, .pre = rf->pre, .pre_len = rf->pre_len,
			     .post = rf->text, .post_len = rf->len };
	struct hunk *hs = NULL;
	char *diff = NULL, err[256];
	size_t len = 0;
	bool pending = false;
	int n, *at;

	(void)rw;
	if (rw_run_diff(&d, &diff, &len, err, sizeof(err)) || !diff)
		goto out;
	n = parse_hunks(diff, &hs);
	at = xcalloc(n + 1, 2 * sizeof(int));
	for (int i = 0; i < n; i++) {
		if (hs[i].new_count == hs[i].old_count && !pending)
			continue;
		pending = !place(rf, &hs[i], &at[2 * i], &at[2 * i + 1]) ||
			  (i + 1 < n && at[2 * i] >= hs[i + 1].new_start);
		if (pending)
			at[2 * i] = 0;
	}
	/* Bottom up, so that the line numbers above stay valid. */
	for (int i = n - 1; i >= 0; i--) {
		char *line;

		if (!at[2 * i])
			continue;
		line = xasprintf("#line %d /* kpcheck rework: the old line numbers */\n",
				 at[2 * i + 1]);
		text_replace(&rf->text, &rf->len, text_line_off(rf->text, rf->len, at[2 * i]),
			     0, line);
		free(line);
	}
	free(at);
out:
	free(hs);
	free(diff);
}
