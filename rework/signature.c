/*
 * A changed prototype: code built against the old one (other callers,
 * modules, function pointers) keeps calling it, so the function stays as
 * it was and the fix's version becomes NAME_v2, a new function the
 * livepatch adds; every call in the patched files calls NAME_v2.  The
 * old definition comes back from the pre-image right below the new one
 * (the fix's comment above it stays with NAME_v2), the old declaration
 * in place of the new one, so they are unchanged and not carried.  A use of
 * the function's address (an ops table) cannot change without changing
 * data: it is named and left as it is.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rework/rework.h"
#include "rework/text.h"

/* Rename every call of @name in @rf; the count. */
static int rename_calls(struct rw_file *rf, const char *name, const char *to)
{
	size_t at = 0;
	int n = 0;

	while (rf->text && (at = text_find_ident(rf->text, rf->len, at, name, true)) != (size_t)-1) {
		text_replace(&rf->text, &rf->len, at, strlen(name), to);
		at += strlen(to);
		n++;
	}
	return n;
}

/* Uses of @name that are no call (its address taken), outside the
 * EXPORT_SYMBOL lines. */
static int address_uses(const struct rw_file *rf, const char *name)
{
	size_t at = 0;
	int n = 0;

	while (rf->text && (at = text_find_ident(rf->text, rf->len, at, name, false)) != (size_t)-1) {
		size_t line = text_line_off(rf->text, rf->len, text_line_at(rf->text, at));

		if (strncmp(rf->text + line, "EXPORT_SYMBOL", 13))
			n++;
		at += strlen(name);
	}
	return n;
}

/* The old definition or declaration back below the new one. */
static bool keep_old(struct rw_file *rf, const struct kp_def *d)
{
	char *old, *with;

	if (!d->old_start || !d->new_start || !rf->pre)
		return false;
	old = text_lines(rf->pre, rf->pre_len, d->old_start, d->old_end);
	with = xasprintf("\n%s", old);
	text_replace_lines(&rf->text, &rf->len, d->new_end + 1, d->new_end, with);
	text_comment_line(&rf->text, &rf->len, d->new_start,
			  d->kind == DEF_FUNCTION ? "kpcheck rework: the fix's version, for the new "
			  "prototype" : "kpcheck rework: the fix's prototype");
	free(old);
	free(with);
	return true;
}

static const char *already(struct rework *rw, const char *name)
{
	for (int i = 0; i < rw->nanswers; i++)
		if (!strcmp(rw->answers[i].rule, "signature-change") &&
		    strstr(rw->answers[i].how, name))
			return rw->answers[i].how;
	return NULL;
}

/* The header's prototype as it was; returns the fix's one (renamed). */
static char *restore_header(struct rw_file *rf, const struct kp_def *d)
{
	char *decl, *old;

	if (!d->old_start || !d->new_start || !rf->pre)
		return NULL;
	decl = text_lines(rf->text, rf->len, d->new_start, d->new_end);
	old = text_lines(rf->pre, rf->pre_len, d->old_start, d->old_end);
	text_replace_lines(&rf->text, &rf->len, d->new_start, d->new_end, old);
	free(old);
	return decl;
}

/* The function of @fm around offset @at of its post-image. */
static const struct kp_def *enclosing(const struct kp_file_model *fm, int line)
{
	for (int i = 0; i < fm->ndefs; i++)
		if (fm->defs[i].kind == DEF_FUNCTION && fm->defs[i].new_start <= line &&
		    line <= fm->defs[i].new_end)
			return &fm->defs[i];
	return NULL;
}

/* The header keeps the old prototype, so each .c file calling NAME_v2
 * declares it, above its first caller; the file that defines @name
 * defines NAME_v2 too and needs none. */
static void declare(struct rw_file *rf, const struct kp_file_model *fm, const char *name,
		    const char *v2, const char *decl)
{
	size_t at = text_find_ident(rf->text, rf->len, 0, v2, true);
	const struct kp_def *d;
	char *line;

	if (!rf->text || at == (size_t)-1 || !str_ends(rf->path, ".c") ||
	    !(d = enclosing(fm, text_line_at(rf->text, at))) || !strcmp(d->name, v2) ||
	    model_find_def((struct kp_file_model *)fm, DEF_FUNCTION, name))
		return;
	line = xasprintf("%s", decl);
	text_replace_lines(&rf->text, &rf->len, d->new_start, d->new_start - 1, line);
	text_comment_line(&rf->text, &rf->len, d->new_start,
			  "kpcheck rework: declared here, the header keeps the old prototype");
	free(line);
}

int rw_signature(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	const char *name = f->loc.symbol;
	char *v2, *decl = NULL;
	int calls = 0, kept = 0, addr = 0;

	if (!name)
		return 0;
	if (already(rw, name)) {
		rw_answer(rw, f, RW_ANSWERED, "with '%s_v2'", name);
		return 1;
	}
	v2 = xasprintf("%s_v2", name);
	for (int i = 0; i < ctx->model->nfiles; i++) {
		struct rw_file *rf = rw_file_get(rw, ctx->model->files[i].file->path);

		calls += rename_calls(rf, name, v2);
		addr += address_uses(rf, name);
		rf->reworked = true;
	}
	for (int i = 0; i < ctx->model->nfiles; i++) {
		struct kp_file_model *fm = &ctx->model->files[i];
		struct rw_file *rf = rw_file_get(rw, fm->file->path);
		const struct kp_def *d = model_find_def(fm, DEF_FUNCTION, name);

		if (!d && (d = model_find_def(fm, DEF_PROTOTYPE, name)) &&
		    fm->kind == FK_C_HEADER && !decl) {
			decl = restore_header(rf, d);
			kept += decl != NULL;
		} else if (d && keep_old(rf, d)) {
			kept++;
		}
	}
	for (int i = 0; decl && i < ctx->model->nfiles; i++)
		declare(rw_file_get(rw, ctx->model->files[i].file->path),
			&ctx->model->files[i], name, v2, decl);
	if (addr)
		rw_answer(rw, f, RW_REVIEW, "'%s' kept and '%s' added (%d calls), but %d "
			  "uses of its address still name '%s': kpcheck rework: TODO",
			  name, v2, calls, addr, name);
	else
		rw_answer(rw, f, RW_ANSWERED, "'%s' kept as it is, '%s' added with the new "
			  "prototype, %d call%s in the patched files call it", name, v2,
			  calls - kept, calls - kept == 1 ? "" : "s");
	free(decl);
	free(v2);
	return 1;
}
