/*
 * The judging run: read and parse every input first (bad input fails
 * before any output), then per patch build the change model, run the
 * higher tiers that were asked for, run the rules, and collect verdicts;
 * finally write one report in the chosen format.
 */
#include <errno.h>
#include <sha2.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/patch/changes.h"
#include "analyzer/patch/hdrset.h"
#include "analyzer/patch/reach.h"
#include "analyzer/plugin.h"
#include "analyzer/model/tree.h"
#include "analyzer/model/objfacts.h"
#include "lib/util.h"
#include "kpcheck.h"
#include "lib/atomic.h"
#include "reports/output.h"
#include "rules/rules.h"

struct run {
	const struct kp_options *opt;
	FILE *also_json;		/* a second report, in JSON (triage) */
	struct kp_series *series;
	int nseries;
	struct kp_report report;
	struct kp_result result;
	int npatches;
	struct kp_overlay overlay;	/* of the series being judged */
	const struct kp_commit *commits;	/* --git: series i is commits[i] */
	judge_each_fn *each;		/* sees each patch's model (rework) */
	void *each_arg;
	FILE *report_to;		/* the report's stream, NULL: stdout */
};

static int read_inputs(struct run *run, int n, char **inputs)
{
	char err[1024];

	run->series = xcalloc(n, sizeof(*run->series));
	for (int i = 0; i < n; i++) {
		char *buf;
		size_t size;

		if (patch_read_input(inputs[i], &buf, &size, err, sizeof(err)) ||
		    patch_parse(&run->series[i], inputs[i], buf, size, err, sizeof(err))) {
			fprintf(stderr, "kpcheck: %s\n", err);
			return -1;
		}
		run->nseries++;
		run->npatches += run->series[i].npatches;
	}
	return 0;
}

static void add_functions(struct run *run, const struct kp_model *m, int patch)
{
	const struct kp_file_model *fm;
	const struct kp_def *d;

	for_each_def(m, fm, d) {
		struct kp_result *r = &run->result;
		struct kp_function *fn;

		if (!def_is_patched_function(fm, d))
			continue;
		fn = VEC_PUSH(r->functions, r->nfunctions);
		fn->patch = patch;
		fn->file = xstrdup(fm->file->path);
		fn->name = xstrdup(def_name(d));
		fn->object = fm->object ? xstrdup(fm->object) : NULL;
		fn->added = d->change == CHANGE_ADDED;
		fn->tier = d->tier;
	}
	for (int i = 0; i < m->hdrset.nfns; i++) {
		const struct kp_expander *e = &m->hdrset.fns[i];
		struct kp_result *r = &run->result;
		struct kp_function *fn;

		if (!expander_is_carried(m, e))
			continue;
		fn = VEC_PUSH(r->functions, r->nfunctions);
		fn->patch = patch;
		fn->file = xstrdup(e->file);
		fn->name = xstrdup(e->function);
		fn->object = e->object ? xstrdup(e->object) : NULL;
		fn->via = xstrdup(e->via);
		fn->tier = TIER_SOURCE;
	}
}

static void add_verdict(struct run *run, struct kp_ctx *ctx, int index)
{
	struct kp_verdict *v = VEC_PUSH(run->result.verdicts, run->result.nverdicts);

	v->patch = index;
	v->subject = ctx->patch->subject;
	v->functions = model_count_functions(ctx->model);
	v->nothing = model_nothing_to_patch(ctx->model);
	v->init_only = model_init_only(ctx->model);
	for (int i = 0; i < run->report.nfindings; i++) {
		const struct kp_finding *f = &run->report.findings[i];

		if (f->patch != index)
			continue;
		v->errors += f->severity == SEV_ERROR;
		v->warnings += f->severity == SEV_WARNING;
		v->notes += f->severity == SEV_NOTE;
	}
}

static void run_tiers(struct kp_ctx *ctx)
{
	if (ctx->tree && plugin_analyze(ctx, KP_SOURCE_PLUGIN) == 0)
		ctx->model->tiers |= TIERBIT(TIER_SOURCE);
	/* after the source tier: it knows which functions really changed */
	reach_build(ctx);
	/* before the object tier: it builds the objects of the set */
	if (ctx->tree)
		hdrset_build(ctx);
	if (ctx->opt->objects &&
	    plugin_analyze(ctx, KP_OBJECT_PLUGIN) == 0)
		ctx->model->tiers |= TIERBIT(TIER_OBJECT);
}

/* Later patches of the series see this one applied. */
static void remember_images(struct kp_overlay *o, const struct kp_model *m)
{
	for (int i = 0; i < m->nfiles; i++) {
		const struct kp_file_model *fm = &m->files[i];
		const struct kp_file *f = fm->file;

		if (f->old_path && (f->status == FILE_DELETED || f->status == FILE_RENAMED))
			overlay_put(o, f->old_path, NULL, 0);
		if (f->new_path && fm->post)
			overlay_put(o, f->new_path, fm->post, fm->post_len);
	}
}

static int judge_patch(struct run *run, struct kp_series *s, struct kp_patch *p,
		       int index)
{
	struct kp_model model;
	struct kp_ctx ctx = {
		.opt = run->opt, .series = s, .patch = p, .model = &model,
		.report = &run->report, .tree = run->opt->tree,
		.overlay = &run->overlay, .notice = report_notice_hook,
	};
	char err[1024];
	int saved = p->index, r;

	p->index = index;
	if (changes_build(&ctx, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		model_free(&model);
		return -1;
	}
	run_tiers(&ctx);
	r = rules_run(&ctx);
	if (r >= 0 && run->each && run->each(&ctx, run->each_arg))
		r = -1;
	remember_images(&run->overlay, &model);
	if (r >= 0) {
		add_verdict(run, &ctx, index);
		add_functions(run, &model, index);
		verdict_spread(&run->result, index,
			       &run->result.verdicts[run->result.nverdicts - 1]);
	} else {
		fprintf(stderr, "kpcheck: internal error while checking %s\n", p->input);
	}
	model_free(&model);
	p->index = saved;
	return r < 0 ? -1 : 0;
}

/* Two patches of a series that change the same function. */
static void find_overlaps(struct kp_result *r)
{
	for (int i = 0; i < r->nfunctions; i++)
		for (int j = i + 1; j < r->nfunctions; j++) {
			const struct kp_function *a = &r->functions[i], *b = &r->functions[j];
			struct kp_overlap *o;

			if (a->patch == b->patch || strcmp(a->name, b->name) ||
			    strcmp(a->file, b->file))
				continue;
			o = VEC_PUSH(r->overlaps, r->noverlaps);
			o->file = xstrdup(a->file);
			o->function = xstrdup(a->name);
			o->first = a->patch;
			o->second = b->patch;
		}
}

/* --sarif FILE: the same result in SARIF beside the chosen format. */
static int write_sarif(struct run *run)
{
	struct atomic_file af;

	if (!run->opt->sarif)
		return 0;
	if (atomic_open(&af, run->opt->sarif))
		return -1;
	if (output_sarif(af.fp, &run->result)) {
		atomic_abort(&af);
		return -1;
	}
	return atomic_commit(&af);
}

static int write_report(struct run *run)
{
	const char *fmt = run->opt->format;
	struct atomic_file af;
	FILE *out = run->report_to ? run->report_to : stdout;
	int r;

	if (write_sarif(run))
		return -1;
	if (run->opt->output) {
		if (atomic_open(&af, run->opt->output))
			return -1;
		out = af.fp;
	}
	r = !strcmp(fmt, "json") ? output_json(out, &run->result) :
	    !strcmp(fmt, "sarif") ? output_sarif(out, &run->result) :
	    output_text(out, &run->result);
	if (!r && run->also_json)
		r = output_json(run->also_json, &run->result) || fflush(run->also_json);
	if (run->opt->output)
		return r ? (atomic_abort(&af), -1) : atomic_commit(&af);
	if (r || fflush(out) || ferror(out)) {
		fprintf(stderr, "kpcheck: cannot write the report: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static void free_result(struct kp_result *r)
{
	functions_free(r->functions, r->nfunctions);
	for (int i = 0; i < r->noverlaps; i++) {
		free(r->overlaps[i].file);
		free(r->overlaps[i].function);
	}
	free(r->overlaps);
	free(r->verdicts);
}

static void free_run(struct run *run)
{
	free_result(&run->result);
	overlay_free(&run->overlay);
	report_free(&run->report);
	for (int i = 0; i < run->nseries; i++)
		patch_free(&run->series[i]);
	free(run->series);
}

static int judge_all(struct run *run)
{
	int index = 0;

	for (int i = 0; i < run->nseries; i++) {
		if (!run->opt->cumulative)
			overlay_free(&run->overlay);
		for (int j = 0; run->commits && j < run->series[i].npatches; j++)
			git_seed_overlay(run->opt->tree ? run->opt->tree : ".",
					 run->commits[i].parent, &run->series[i].patches[j],
					 &run->overlay);
		for (int j = 0; j < run->series[i].npatches; j++)
			if (judge_patch(run, &run->series[i], &run->series[i].patches[j],
					++index))
				return -1;
	}
	return 0;
}

/* Offset of 1-based line @line in @s's text. */
static size_t line_at(const struct kp_series *s, int line)
{
	size_t off = 0;

	for (int l = 1; l < line && off < s->size; off++)
		l += s->buf[off] == '\n';
	return off;
}

/* Each patch's subject and the SHA-256 of its own text (of the whole
 * input when it holds one patch). */
static void keep_fixes(struct run *run, struct kp_judgement *j)
{
	for (int i = 0; i < run->nseries; i++) {
		const struct kp_series *s = &run->series[i];

		for (int k = 0; k < s->npatches; k++) {
			const struct kp_patch *p = &s->patches[k];
			size_t from = s->npatches == 1 ? 0 : line_at(s, p->patch_line);
			size_t to = k + 1 < s->npatches ? line_at(s, s->patches[k + 1].patch_line)
							: s->size;
			struct kp_fix *f = VEC_PUSH(j->fixes, j->nfixes);

			f->subject = xstrdup(p->subject ? p->subject : s->input);
			SHA256Data((const unsigned char *)s->buf + from, to - from, f->sha256);
		}
	}
}

/* Hand the functions and post-images over to @j before the run is freed. */
static void keep_judgement(struct run *run, struct kp_judgement *j)
{
	keep_fixes(run, j);
	j->functions = run->result.functions;
	j->nfunctions = run->result.nfunctions;
	j->files = run->overlay;
	run->result.functions = NULL;
	run->result.nfunctions = 0;
	memset(&run->overlay, 0, sizeof(run->overlay));
}

/* Judge the series already read into @run; 2 when the tree is bad. */
static int judge_run(struct run *run, const struct kp_options *opt,
		     struct kp_judgement *j)
{
	char err[1024];

	memset(j, 0, sizeof(*j));
	j->code = 2;
	if (opt->tree && tree_validate(opt->tree, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		return 2;
	}
	run->result.opt = opt;
	run->result.report = &run->report;
	if (judge_all(run) == 0) {
		report_sort(&run->report);
		find_overlaps(&run->result);
		j->code = write_report(run) ? 2 : result_exit_code(&run->result);
		keep_judgement(run, j);
	}
	return j->code;
}

int judge_collect(const struct kp_options *opt, int ninputs, char **inputs,
		  struct kp_judgement *j)
{
	struct run run = { .opt = opt };

	memset(j, 0, sizeof(*j));
	j->code = 2;
	run.result.input = ninputs == 1 ? (strcmp(inputs[0], "-") ? inputs[0] : "<stdin>") : NULL;
	if (read_inputs(&run, ninputs, inputs) == 0)
		judge_run(&run, opt, j);
	free_run(&run);
	return j->code;
}

int judge_with(const struct kp_options *opt, const char *input, judge_each_fn *each,
	       void *arg, FILE *report_to)
{
	struct run run = { .opt = opt, .each = each, .each_arg = arg,
			   .report_to = report_to };
	char *inputs[] = { (char *)input };
	struct kp_judgement j = { .code = 2 };
	int code;

	run.result.input = strcmp(input, "-") ? input : "<stdin>";
	if (read_inputs(&run, 1, inputs) == 0)
		judge_run(&run, opt, &j);
	code = j.code;
	judgement_free(&j);
	free_run(&run);
	return code;
}

static int judge_text(const struct kp_options *opt, const char *name, char *buf,
		      size_t size, FILE *also_json, const struct kp_commit *commit,
		      FILE *report_to)
{
	struct run run = { .opt = opt, .also_json = also_json, .commits = commit,
			   .report_to = report_to };
	struct kp_judgement j = { .code = 2 };
	char err[1024];
	int code;

	run.series = xcalloc(1, sizeof(*run.series));
	run.result.input = name;
	if (patch_parse(&run.series[0], name, buf, size, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
	} else {
		run.nseries = 1;
		run.npatches = run.series[0].npatches;
		judge_run(&run, opt, &j);
	}
	code = j.code;
	judgement_free(&j);
	free_run(&run);
	return code;
}

int judge_buffer(const struct kp_options *opt, const char *name, char *buf,
		 size_t size, FILE *also_json, const struct kp_commit *commit)
{
	return judge_text(opt, name, buf, size, also_json, commit, NULL);
}

int judge_buffer_to(const struct kp_options *opt, const char *name, char *buf,
		    size_t size, FILE *also_json, FILE *report_to)
{
	return judge_text(opt, name, buf, size, also_json, NULL, report_to);
}

int judge(const struct kp_options *opt, int ninputs, char **inputs)
{
	struct kp_judgement j;
	int code = judge_collect(opt, ninputs, inputs, &j);

	judgement_free(&j);
	return code;
}

/* Kbuild says which object the file goes into ("vmlinux" or a module):
 * a .o of a module need not carry .modinfo for the differ to see it.
 * Messages name the object as the tree does (@name), not a scratch path. */
static void objects_in(struct kp_file_model *fm, const char *object, const char *name)
{
	bool module = strcmp(object, "vmlinux") != 0;

	fm->object = xstrdup(object);
	for (int i = 0; i < fm->ndefs; i++) {
		struct kp_objdef *o = fm->defs[i].obj;

		if (!o)
			continue;
		o->module |= module;
		free(o->object);
		o->object = xstrdup(name);
	}
}

/* Each commit of --git is a series of its own, read from git. */
static int read_commits(struct run *run, struct kp_commit *c, int n)
{
	char err[1024];

	run->series = xcalloc(n, sizeof(*run->series));
	for (int i = 0; i < n; i++) {
		char *buf = c[i].patch;

		c[i].patch = NULL;	/* the series owns it now */
		if (patch_parse(&run->series[i], c[i].sha, buf, c[i].len, err, sizeof(err))) {
			fprintf(stderr, "kpcheck: --git: commit %s: %s\n", c[i].sha, err);
			return -1;
		}
		run->nseries++;
		run->npatches += run->series[i].npatches;
	}
	return 0;
}

int judge_git(const struct kp_options *opt)
{
	struct run run = { .opt = opt };
	struct kp_judgement j = { .code = 2 };
	struct kp_commit *c;
	int n, code;

	if (git_commits(opt->tree ? opt->tree : ".", opt->git, &c, &n)) {
		git_commits_free(c, n);
		return 2;
	}
	run.commits = c;
	if (read_commits(&run, c, n) == 0)
		judge_run(&run, opt, &j);
	code = j.code;
	judgement_free(&j);
	free_run(&run);
	git_commits_free(c, n);
	return code;
}

/* The object tier fills a model of one file, named after the patched
 * object; only the rules that judge object facts run on it. */
static int objdiff_model(struct run *run, struct kp_ctx *ctx, const char *orig,
			 const char *patched, const char *object)
{
	const char *name = ctx->patch->files[0].path;
	const struct kp_plugin *p = plugin_load(KP_OBJECT_PLUGIN);
	struct kp_file_model *fm;
	char err[1024];

	if (!p || !p->objdiff_analyze) {
		fprintf(stderr, "kpcheck: objdiff: %s\n",
			p ? "the object plugin has no objdiff" : plugin_error());
		return -1;
	}
	fm = VEC_PUSH(ctx->model->files, ctx->model->nfiles);
	fm->file = &ctx->patch->files[0];
	fm->kind = FK_C_SOURCE;
	if (p->objdiff_analyze(ctx, orig, patched, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		return -1;
	}
	if (object)
		objects_in(fm, object, name);
	ctx->model->tiers = TIERBIT(TIER_OBJECT);
	if (rules_run(ctx) < 0) {
		fprintf(stderr, "kpcheck: internal error while judging %s\n", patched);
		return -1;
	}
	add_verdict(run, ctx, 1);
	add_functions(run, ctx->model, 1);
	return 0;
}

int judge_objdiff(const struct kp_options *opt, const char *orig, const char *patched)
{
	return judge_objects(opt, orig, patched, NULL, patched);
}

int judge_objects(const struct kp_options *opt, const char *orig, const char *patched,
		  const char *object, const char *name)
{
	struct run run = { .opt = opt };
	struct kp_file file = {
		.old_path = xstrdup(orig), .new_path = xstrdup(patched), .path = name,
		.status = FILE_MODIFIED,
	};
	struct kp_patch patch = { .input = patched, .index = 1, .files = &file, .nfiles = 1 };
	struct kp_model model = { .patch = &patch };
	struct kp_ctx ctx = {
		.opt = opt, .patch = &patch, .model = &model, .report = &run.report,
	};
	int code = 2;

	run.result.opt = opt;
	run.result.report = &run.report;
	if (objdiff_model(&run, &ctx, orig, patched, object) == 0) {
		report_sort(&run.report);
		code = write_report(&run) ? 2 : result_exit_code(&run.result);
	}
	model_free(&model);
	free_run(&run);
	free(file.old_path);
	free(file.new_path);
	return code;
}
