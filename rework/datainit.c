/*
 * A changed initializer of writable data: the running kernel initialized
 * it at boot (or module load) and keeps those values, so the variable
 * keeps its old initializer in the patch, and the file's pre-patch
 * callback saves the values in force and writes the new ones; the
 * post-unpatch callback puts the saved ones back.  The new initializer
 * is a const copy of the variable's own type in the livepatch, so the
 * compiler checks it as it checked the fix.  const and __ro_after_init
 * data cannot be written after boot, and data whose type or section
 * changed is another object: those are refused, with the reason.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rework/rework.h"
#include "rework/text.h"

static struct kp_def *variable_of(struct kp_ctx *ctx, const struct kp_finding *f)
{
	for (int i = 0; i < ctx->model->nfiles; i++) {
		struct kp_file_model *fm = &ctx->model->files[i];

		if (!strcmp(fm->file->path, f->file) && f->loc.symbol)
			return model_find_def(fm, DEF_VARIABLE, f->loc.symbol);
	}
	return NULL;
}

/* Why the values cannot be written from a callback, or NULL. */
static const char *refusal(const struct kp_def *d, const struct kp_finding *f)
{
	unsigned int a = d->attrs | d->old_attrs;

	if (a & ATTR_CONST)
		return "it is const: its pages are read-only, no callback may write them";
	if (a & ATTR_RO_AFTER_INIT)
		return "it is __ro_after_init: read-only once the kernel booted";
	if (strstr(f->message, " moves ") || strstr(f->message, " gains ") ||
	    strstr(f->message, " loses "))
		return "its section changes: a livepatch cannot move data";
	if (d->src && !d->src->init_changed && d->src->old_sig)
		return "its type changes: the running kernel's object keeps the old layout";
	return NULL;
}

/* The initializer of the definition @decl: after the first '=' at depth
 * 0, up to the final ';'. */
static char *initializer(const char *decl)
{
	size_t len = strlen(decl), i = 0, end;

	while (i < len && decl[i] != '=') {
		if (strchr("([{", decl[i]))
			i = text_match(decl, len, i);
		else
			i++;
	}
	end = len;
	while (end > i && decl[end - 1] != ';')
		end--;
	if (i >= len || end <= i + 1)
		return NULL;
	i++;
	while (decl[i] == ' ' || decl[i] == '\t')
		i++;
	return xstrndup(decl + i, end - 1 - i);
}

static void write_callbacks(struct rw_file *rf, const char *name, const char *init)
{
	char *data = xasprintf("\n/*\n * kpcheck rework: the fix's initializer of '%s'; "
			       "the pre-patch callback\n * writes it, the post-unpatch "
			       "callback restores the values it found.\n */\n"
			       "static const __typeof__(%s) klp_new_%s = %s;\n"
			       "static __typeof__(%s) klp_old_%s;\n",
			       name, name, name, init, name, name);
	char *pre = xasprintf("\tmemcpy(&klp_old_%s, &%s, sizeof(%s));\n"
			      "\tmemcpy(&%s, &klp_new_%s, sizeof(%s));\n",
			      name, name, name, name, name, name);
	char *post = xasprintf("\tmemcpy(&%s, &klp_old_%s, sizeof(%s));\n",
			       name, name, name);

	text_replace(&rf->text, &rf->len, rf->len, 0, data);
	rw_callback_add(rf, RW_PRE_PATCH, pre);
	rw_callback_add(rf, RW_POST_UNPATCH, post);
	free(data);
	free(pre);
	free(post);
}

int rw_data_init(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	const struct kp_def *d = variable_of(ctx, f);
	struct rw_file *rf = rw_file_get(rw, f->file);
	char *post, *pre, *init, *note;
	const char *why;

	if (!d || !d->new_start || !d->old_start || !rf->text || !rf->pre)
		return 0;
	if ((why = refusal(d, f))) {
		rw_answer(rw, f, RW_REFUSED, "'%s' is not reworked: %s", d->name, why);
		return 1;
	}
	post = text_lines(rf->text, rf->len, d->new_start, d->new_end);
	pre = text_lines(rf->pre, rf->pre_len, d->old_start, d->old_end);
	init = initializer(post);
	if (init) {
		text_replace_lines(&rf->text, &rf->len, d->new_start, d->new_end, pre);
		note = xasprintf("kpcheck rework: the fix's value is set by a callback");
		text_comment_line(&rf->text, &rf->len, d->new_start, note);
		free(note);
		write_callbacks(rf, d->name, init);
		rf->reworked = true;
		rw_answer(rw, f, RW_ANSWERED, "'%s' keeps its boot-time initializer; a "
			  "pre-patch callback writes the fix's values, a post-unpatch "
			  "callback restores the old ones", d->name);
	}
	free(post);
	free(pre);
	free(init);
	return init != NULL;
}
