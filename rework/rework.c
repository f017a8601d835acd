/*
 * The frame of `kpcheck rework`: the files of the output (pre-image from
 * the tree, post-image from the judging run), the findings handed to the
 * class that answers them, the summary of answers, and the last passes
 * (the klp callbacks a file collected, the #line directives).  Renames
 * are reworked as their new path; a series is reworked on its final
 * images (each file's pre-image is the tree's).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/tree.h"
#include "lib/util.h"
#include "rules/rules.h"
#include "rework/diff.h"
#include "rework/rework.h"
#include "rework/text.h"

struct rw_file *rw_file_get(struct rework *rw, const char *path)
{
	struct rw_file *rf;
	char err[512];

	for (int i = 0; i < rw->nfiles; i++)
		if (!strcmp(rw->files[i].path, path))
			return &rw->files[i];
	rf = VEC_PUSH(rw->files, rw->nfiles);
	memset(rf, 0, sizeof(*rf));
	rf->path = xstrdup(path);
	if (tree_read(rw->tree, path, &rf->pre, &rf->pre_len, err, sizeof(err)))
		rf->pre = NULL;
	if (rf->pre) {
		rf->text = xstrndup(rf->pre, rf->pre_len);
		rf->len = rf->pre_len;
	}
	return rf;
}

/* The post-images of @ctx's patch become the files' texts. */
static void take_images(struct rework *rw, struct kp_ctx *ctx)
{
	for (int i = 0; i < ctx->model->nfiles; i++) {
		const struct kp_file_model *fm = &ctx->model->files[i];
		const struct kp_file *f = fm->file;
		struct rw_file *rf;

		if (f->binary || (f->old_path && f->status != FILE_DELETED &&
				  strcmp(f->old_path, f->path)))
			continue;
		rf = rw_file_get(rw, f->path);
		free(rf->text);
		rf->text = fm->post ? xstrndup(fm->post, fm->post_len) : NULL;
		rf->len = fm->post ? fm->post_len : 0;
		rf->fix_nlines = text_nlines(rf->text ? rf->text : "", rf->len);
		free(rf->fix_text);
		rf->fix_text = rf->text ? xstrndup(rf->text, rf->len) : NULL;
		rf->fix_len = rf->len;
	}
}

void rw_answer(struct rework *rw, const struct kp_finding *f, enum rw_outcome o,
	       const char *fmt, ...)
{
	struct rw_answer *a = VEC_PUSH(rw->answers, rw->nanswers);
	va_list ap;

	a->where = f->loc.line ? xasprintf("%s:%d:%d", f->file, f->loc.line,
					   f->loc.col ? f->loc.col : 1) :
		   xstrdup(f->file ? f->file : "");
	a->rule = xstrdup(rule_table[f->rule].id);
	a->symbol = f->loc.symbol ? xstrdup(f->loc.symbol) : NULL;
	a->outcome = o;
	a->rank = f - rw->findings;
	va_start(ap, fmt);
	a->how = xvasprintf(fmt, ap);
	va_end(ap);
}

void rw_callback_add(struct rw_file *rf, enum rw_callback kind, const char *stmt)
{
	char *old = rf->callbacks[kind];

	rf->callbacks[kind] = xasprintf("%s%s", old ? old : "", stmt);
	free(old);
}

void rw_prelude_add(struct rw_file *rf, const char *text)
{
	char *old = rf->prelude;

	if (old && strstr(old, text))
		return;
	rf->prelude = xasprintf("%s%s", old ? old : "", text);
	rf->reworked = true;
	free(old);
}

static rw_class_fn *class_of(int rule)
{
	switch (rule) {
	case RULE_LINE_SHIFT: return rw_line_shift;
	case RULE_JUMP_LABEL: return rw_static_key;
	case RULE_SIGNATURE_CHANGE: return rw_signature;
	case RULE_DATA_LAYOUT: case RULE_SHADOW_NEEDED: return rw_shadow;
	case RULE_DATA_INIT_CHANGE: return rw_data_init;
	case RULE_HEADER_CHANGE: case RULE_INLINE_PROPAGATION: return rw_header_inline;
	case RULE_EXISTING_STATE: return rw_existing_state;
	default: return NULL;
	}
}

/* Is @a about @f's place or symbol (a struct and one of its members)? */
static bool same_thing(const struct rw_answer *a, const struct kp_finding *f)
{
	size_t n = strlen(f->file), k = f->loc.symbol ? strlen(f->loc.symbol) : 0;

	if (strncmp(a->where, f->file, n) || a->where[n] != ':')
		return false;
	if (f->loc.line && atoi(a->where + n + 1) == f->loc.line)
		return true;
	return k && a->symbol && !strncmp(a->symbol, f->loc.symbol, k) &&
	       (!a->symbol[k] || a->symbol[k] == '.');
}

/* Was a finding about the same thing answered (@how RW_ANSWERED) or
 * refused?  Then this one (a modversions or header-change echo of it)
 * goes with it. */
static const struct rw_answer *answered_with(const struct rework *rw, int first,
					     const struct kp_finding *f, enum rw_outcome how)
{
	for (int i = first; i < rw->nanswers; i++)
		if (rw->answers[i].outcome == how && same_thing(&rw->answers[i], f))
			return &rw->answers[i];
	return NULL;
}

static int by_rank(const void *a, const void *b)
{
	long x = ((const struct rw_answer *)a)->rank, y = ((const struct rw_answer *)b)->rank;

	return (x > y) - (x < y);
}

int rework_patch(struct kp_ctx *ctx, void *arg)
{
	struct rework *rw = arg;
	const struct kp_report *rep = ctx->report;
	int first = rw->nanswers;
	bool *done = xcalloc(rep->nfindings + 1, sizeof(*done));

	rw->findings = rep->findings;
	take_images(rw, ctx);
	/* Bottom up: an edit that adds lines leaves the line numbers of the
	 * findings above it true. */
	for (int i = rep->nfindings - 1; i >= 0; i--) {
		const struct kp_finding *f = &rep->findings[i];
		rw_class_fn *fn = class_of(f->rule);

		if (f->patch == ctx->patch->index && f->severity >= SEV_WARNING && fn)
			done[i] = fn(rw, ctx, f) != 0;
	}
	for (int i = 0; i < rep->nfindings; i++) {
		const struct kp_finding *f = &rep->findings[i];
		const struct rw_answer *a;

		if (f->patch != ctx->patch->index || f->severity < SEV_WARNING || done[i])
			continue;
		if ((a = answered_with(rw, first, f, RW_ANSWERED)))
			rw_answer(rw, f, RW_ANSWERED, "with the %s rework", a->rule);
		else if ((a = answered_with(rw, first, f, RW_REFUSED)))
			rw_answer(rw, f, RW_REFUSED, "with the %s refusal", a->rule);
		else
			rw_answer(rw, f, RW_UNANSWERED, "%s", f->message);
	}
	free(done);
	if (rw->nanswers > first)
		qsort(rw->answers + first, rw->nanswers - first, sizeof(*rw->answers), by_rank);
	return 0;
}

static const char *const callback_macro[] = {
	"KPATCH_PRE_PATCH_CALLBACK", "KPATCH_POST_PATCH_CALLBACK",
	"KPATCH_PRE_UNPATCH_CALLBACK", "KPATCH_POST_UNPATCH_CALLBACK",
};
static const char *const callback_name[] = {
	"pre_patch", "post_patch", "pre_unpatch", "post_unpatch",
};

/* The name the file's callbacks get: klp_<file stem>_<kind>. */
static char *callback_fn(const struct rw_file *rf, int kind)
{
	const char *base = strrchr(rf->path, '/');
	char *stem = xstrdup(base ? base + 1 : rf->path);

	for (char *p = stem; *p; p++)
		if (!is_ident_char(*p))
			*p = *p == '.' ? 0 : '_';
	char *name = xasprintf("klp_%s_%s", stem, callback_name[kind]);

	free(stem);
	return name;
}

/* The callbacks a file collected, at its end, and the helper header. */
static void emit_callbacks(struct rw_file *rf)
{
	char *all = xstrdup("");

	for (int k = 0; k < 4; k++) {
		char *fn, *old = all;

		if (!rf->callbacks[k])
			continue;
		fn = callback_fn(rf, k);
		all = xasprintf("%s\n/* kpcheck rework: %s callback */\n"
				"static %s %s(patch_object *obj)\n{\n%s%s}\n%s(%s);\n",
				old, callback_name[k], k ? "void" : "int", fn,
				rf->callbacks[k], k ? "" : "\treturn 0;\n",
				callback_macro[k], fn);
		free(old);
		free(fn);
	}
	if (*all) {
		text_replace(&rf->text, &rf->len, rf->len, 0, all);
		if (!strstr(rf->text, "#include \"kpatch-macros.h\""))
			rw_prelude_add(rf, "#include \"kpatch-macros.h\"\n");
	}
	free(all);
	if (rf->prelude) {
		size_t at = text_after_includes(rf->text, rf->len);

		text_replace(&rf->text, &rf->len, at, 0, rf->prelude);
	}
}

void rework_finish(struct rework *rw)
{
	for (int i = 0; i < rw->nfiles; i++) {
		struct rw_file *rf = &rw->files[i];

		if (!rf->text)
			continue;
		emit_callbacks(rf);
		if (rf->pre && (rf->fix_lines || (rf->reworked &&
		    text_nlines(rf->text, rf->len) != rf->fix_nlines)))
			rw_fix_lines(rw, rf);
	}
}

static const char *const outcome_text[] = {
	"answered", "needs review", "refused", "not answered",
};

void rework_print(const struct rework *rw, FILE *out)
{
	for (int i = 0; i < rw->nanswers; i++) {
		const struct rw_answer *a = &rw->answers[i];

		fprintf(out, "%s: %s [%s]: %s\n", a->where, outcome_text[a->outcome],
			a->rule, a->how);
	}
}

void rework_free(struct rework *rw)
{
	for (int i = 0; i < rw->nfiles; i++) {
		free(rw->files[i].path);
		free(rw->files[i].pre);
		free(rw->files[i].text);
		free(rw->files[i].fix_text);
		free(rw->files[i].prelude);
		for (int k = 0; k < 4; k++)
			free(rw->files[i].callbacks[k]);
	}
	free(rw->files);
	for (int i = 0; i < rw->nanswers; i++) {
		free(rw->answers[i].where);
		free(rw->answers[i].rule);
		free(rw->answers[i].symbol);
		free(rw->answers[i].how);
	}
	free(rw->answers);
}

/* Lines the rework adds or changes in @rf over the fix's post-image. */
static int count_added(const struct rw_file *rf)
{
	struct rw_diff d = { .path = rf->path, .pre = rf->fix_text ? rf->fix_text : rf->pre,
			     .pre_len = rf->fix_text ? rf->fix_len : rf->pre_len,
			     .post = rf->text, .post_len = rf->len };
	char *diff = NULL, err[256];
	size_t len = 0;
	int n = 0;

	if (!rw_run_diff(&d, &diff, &len, err, sizeof(err)) && diff)
		for (char *p = diff; (p = strchr(p, '\n')); p++)
			n += p[1] == '+' && p[2] != '+';
	free(diff);
	return n;
}

int rework_diff(struct rework *rw, char **out, size_t *len, char *err, size_t errlen)
{
	*out = xstrdup("");
	*len = 0;
	rw->added_lines = 0;
	for (int i = 0; i < rw->nfiles; i++) {
		const struct rw_file *rf = &rw->files[i];
		struct rw_diff d = { .path = rf->path, .pre = rf->pre, .pre_len = rf->pre_len,
				     .post = rf->text, .post_len = rf->len, .context = 3 };

		if (rw_run_diff(&d, out, len, err, errlen))
			return -1;
		rw->added_lines += count_added(rf);
	}
	return 0;
}
