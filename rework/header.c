/*
 * A static inline function or a macro changed in a header: every file
 * that includes the header would get the new body, but a livepatch only
 * replaces functions, and those of files it does not carry keep the old
 * one.  The header stays as it was; the fix's body becomes a static
 * klp_NAME() (a klp_NAME macro for a macro) in each .c file that uses
 * it, and those uses call it, so each caller changes visibly and is
 * carried.  The files are the patched ones and the other files of the
 * tree the source tier found naming it, when that list is complete; a
 * header that uses it (another inline) or a list the source tier cut
 * short leaves the finding for review.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rework/rework.h"
#include "rework/text.h"

static struct kp_def *changed_body(struct kp_file_model *fm, const char *name)
{
	struct kp_def *d = model_find_def(fm, DEF_MACRO, name);

	if (!d) {
		d = model_find_def(fm, DEF_FUNCTION, name);
		if (d && !(d->attrs & (ATTR_INLINE | ATTR_ALWAYS_INLINE)))
			d = NULL;
	}
	return d && d->old_start && d->new_start && d->change == CHANGE_MODIFIED ? d : NULL;
}

/* The fix's definition renamed klp_NAME, a plain static function. */
static char *helper(const char *def, const char *name, bool macro)
{
	char *klp = xasprintf("klp_%s", name), *t = xstrdup(def);
	size_t len = strlen(t), at = text_find_ident(t, len, 0, name, false);
	static const char *const inl[] = { "static __always_inline ", "static inline " };

	if (at != (size_t)-1)
		text_replace(&t, &len, at, strlen(name), klp);
	for (int i = 0; !macro && i < 2; i++) {
		char *s = strstr(t, inl[i]);

		if (s)
			text_replace(&t, &len, s - t, strlen(inl[i]), "static ");
	}
	char *out = xasprintf("/* kpcheck rework: the fix's %s%s, the header keeps the old "
			      "one */\n%s", name, macro ? "" : "()", t);

	free(t);
	free(klp);
	return out;
}

/* Uses of @name in @rf become klp_NAME; the count. */
static int use_helper(struct rw_file *rf, const char *name, bool call, const char *h)
{
	char *klp = xasprintf("klp_%s", name);
	size_t at = 0;
	int n = 0;

	while ((at = text_find_ident(rf->text, rf->len, at, name, call)) != (size_t)-1) {
		text_replace(&rf->text, &rf->len, at, strlen(name), klp);
		at += strlen(klp);
		n++;
	}
	if (n) {
		char *with = xasprintf("\n%s", h);

		rw_prelude_add(rf, with);
		free(with);
	}
	free(klp);
	return n;
}

/* Files besides the patch's own that must call the helper; -1 when the
 * source tier's list is cut short or names a header. */
static int tree_files(const struct kp_def *d)
{
	if (!d->src || d->src->tree_files < 0)
		return 0;
	if (d->src->tree_files > d->src->ntree_examples)
		return -1;
	for (int i = 0; i < d->src->ntree_examples; i++)
		if (!str_ends(d->src->tree_examples[i], ".c"))
			return -1;
	return d->src->ntree_examples;
}

static int uses_in(const struct rw_file *rf, const char *name)
{
	size_t at = 0;
	int n = 0;

	while ((at = text_find_ident(rf->text, rf->len, at, name, false)) != (size_t)-1) {
		at += strlen(name);
		n++;
	}
	return n;
}

/* The answer given to an earlier finding on the same helper, or NULL. */
static const struct rw_answer *done_before(const struct rework *rw, const char *name)
{
	char *klp = xasprintf("'klp_%s'", name);
	const struct rw_answer *a = NULL;

	for (int i = 0; i < rw->nanswers && !a; i++)
		if (strstr(rw->answers[i].how, klp))
			a = &rw->answers[i];
	free(klp);
	return a;
}

/* Why the rework would not be whole: other inline functions of the
 * header use it, or the tree's list of users was cut short. */
static const char *incomplete(const struct rw_file *hf, const struct kp_def *d)
{
	if (uses_in(hf, d->name) > 1)
		return "other inline functions or macros of the header use it: give "
		       "them klp_ copies too, or carry their callers";
	if (tree_files(d) < 0)
		return "more files of the tree use it than the source tier lists: "
		       "the header change set names them";
	return NULL;
}

int rw_header_inline(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	struct kp_file_model *hfm = NULL;
	struct rw_file *hf = rw_file_get(rw, f->file);
	struct kp_def *d = NULL;
	char *def, *old, *h;
	int files = 0, uses = 0, n;

	const struct rw_answer *prev;
	const char *why;
	bool macro;

	for (int i = 0; i < ctx->model->nfiles && !hfm; i++)
		if (!strcmp(ctx->model->files[i].file->path, f->file))
			hfm = &ctx->model->files[i];
	if (!hfm || hfm->kind != FK_C_HEADER || !f->loc.symbol || !hf->pre ||
	    !(d = changed_body(hfm, f->loc.symbol)))
		return 0;
	if ((prev = done_before(rw, d->name))) {
		rw_answer(rw, f, prev->outcome, "with 'klp_%s'", d->name);
		return 1;
	}
	if ((why = incomplete(hf, d))) {
		rw_answer(rw, f, RW_REVIEW, "'klp_%s' not written: %s; kpcheck rework: TODO",
			  d->name, why);
		return 1;
	}
	macro = d->kind == DEF_MACRO;
	def = text_lines(hf->text, hf->len, d->new_start, d->new_end);
	old = text_lines(hf->pre, hf->pre_len, d->old_start, d->old_end);
	text_replace_lines(&hf->text, &hf->len, d->new_start, d->new_end, old);
	h = helper(def, d->name, macro);
	for (int i = 0; i < ctx->model->nfiles; i++) {
		struct rw_file *rf = rw_file_get(rw, ctx->model->files[i].file->path);

		if (rf->text && str_ends(rf->path, ".c") && (n = use_helper(rf, d->name, !macro || strchr(def, '('), h)))
			files++, uses += n;
	}
	for (int i = 0; i < tree_files(d); i++) {
		struct rw_file *rf = rw_file_get(rw, d->src->tree_examples[i]);
		int k = rf->text ? use_helper(rf, d->name, true, h) : 0;

		files += k > 0;
		uses += k;
	}
	rw_answer(rw, f, RW_ANSWERED, "the header keeps the old %s; 'klp_%s' with the "
		  "fix's body in %d file%s, %d use%s call it", macro ? "macro" : "body",
		  d->name, files, files == 1 ? "" : "s", uses, uses == 1 ? "" : "s");
	free(def);
	free(old);
	free(h);
	return 1;
}
