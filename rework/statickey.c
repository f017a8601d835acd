/*
 * static_branch_*() on a key a module owns: a livepatch module cannot
 * resolve a jump-label entry to another module's key before its own jump
 * labels are initialized, so the patched code reads the key instead:
 * static_key_enabled(&KEY), a plain load, as klp-build asks.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rework/rework.h"
#include "rework/text.h"

/* The key's name: the second quoted name of the finding's message. */
static char *key_of(const struct kp_finding *f)
{
	const char *a = strchr(f->message, '\''), *b;

	for (int i = 0; a && i < 2; i++)
		a = strchr(a + 1, '\'');
	b = a ? strchr(a + 1, '\'') : NULL;
	return b ? xstrndup(a + 1, b - a - 1) : NULL;
}

static const struct kp_def *function_of(struct kp_ctx *ctx, const struct kp_finding *f)
{
	for (int i = 0; i < ctx->model->nfiles; i++) {
		struct kp_file_model *fm = &ctx->model->files[i];

		if (!strcmp(fm->file->path, f->file) && f->loc.symbol)
			return model_find_def(fm, DEF_FUNCTION, f->loc.symbol);
	}
	return NULL;
}

/* Each static_branch_likely/unlikely(&KEY) in lines [from, to]. */
static int replace_in(struct rw_file *rf, int from, int to, const char *key)
{
	static const char *const calls[] = { "static_branch_unlikely", "static_branch_likely" };
	int n = 0;

	for (int c = 0; c < 2; c++) {
		size_t at = text_line_off(rf->text, rf->len, from);

		while ((at = text_find_ident(rf->text, rf->len, at, calls[c], true)) != (size_t)-1 &&
		       text_line_at(rf->text, at) <= to) {
			size_t open = strchr(rf->text + at, '(') - rf->text;
			size_t close = text_match(rf->text, rf->len, open);
			char *arg = xstrndup(rf->text + open, close - open);

			if (text_find_ident(arg, strlen(arg), 0, key, false) != (size_t)-1) {
				int line = text_line_at(rf->text, at);

				text_replace(&rf->text, &rf->len, at, strlen(calls[c]),
					     "static_key_enabled");
				text_comment_line(&rf->text, &rf->len, line,
						  "kpcheck rework: a module's key: read it");
				n++;
			}
			free(arg);
			at++;
		}
	}
	return n;
}

int rw_static_key(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	const struct kp_def *d = function_of(ctx, f);
	char *key = key_of(f);
	struct rw_file *rf = rw_file_get(rw, f->file);
	int n = 0;

	if (key && d && d->new_start && rf->text)
		n = replace_in(rf, d->new_start, d->new_end, key);
	if (n) {
		rf->reworked = true;
		rw_answer(rw, f, RW_ANSWERED, "static_key_enabled(&%s) in place of "
			  "static_branch_*() (%d place%s in '%s')", key, n, n == 1 ? "" : "s",
			  d->name);
	}
	free(key);
	return n > 0;
}
