/*
 * The source tier's entry point, kp_source_analyze(), in the plugin
 * kpcheck-source.so.  Every patched .c file is parsed twice: the
 * pre-image straight from the tree, the post-image with the patched files
 * handed to clang as unsaved files, so nothing is written.  When the
 * patch leaves the file's preamble (its #include lines) alone, both load
 * one precompiled preamble kept between runs (srcpch.c), and a later run
 * takes the pre-image's facts from the cache and parses only the rest of
 * the post-image.  Otherwise the second parse reparses the first's unit,
 * reusing libclang's own preamble, or both are parsed at once (see
 * parse_pair()).  A patched header is summarised
 * from the translation unit of a patched .c file that includes it, else
 * through a .c file of the tree found by search_includer().  A file clang
 * cannot parse keeps its patch-tier facts, and a notice says so.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/lphelpers.h"
#include "analyzer/source/cflags.h"
#include "analyzer/source/srccache.h"
#include "analyzer/source/srcpch.h"
#include "analyzer/source/srctier.h"
#include "lib/run.h"
#include "lib/util.h"

struct parse_job {
	const char *main;
	struct cflags *cf;
	const struct cl_unsaved *unsaved;
	int nunsaved;
	struct src_run *r;
	struct cl_unit *unit;
	bool skip_headers;
	int rc;
	char err[512];
};

char *tree_relative(const char *tree, const char *abs)
{
	size_t n = strlen(tree);

	while (n > 1 && tree[n - 1] == '/')
		n--;
	if (!abs || strncmp(abs, tree, n) || abs[n] != '/')
		return NULL;
	return xstrdup(abs + n + 1);
}

static void *run_job(void *arg)
{
	struct parse_job *j = arg;

	j->rc = cl_parse(j->main, (const char *const *)j->cf->argv,
			 j->cf->argc, j->unsaved, j->nunsaved, j->r->wanted,
			 j->r->nfiles, j->skip_headers, j->unit, j->err,
			 sizeof(j->err));
	return NULL;
}

/* "ABS:LINE: message" -> notice at the relative file and line. */
static void clang_error_notice(struct src_run *r, const char *error,
			       const char *main)
{
	const char *colon = strchr(error, ':');
	char *file = colon ? xstrndup(error, colon - error) : NULL;
	char *rel = tree_relative(r->tree, file);
	int line = colon ? atoi(colon + 1) : 0;
	const char *msg = colon && strchr(colon + 1, ':') ?
			  strchr(colon + 1, ':') + 2 : error;

	ctx_notice(r->ctx, rel ? rel : main, line,
		   "clang cannot parse %s: %s; falling back to the patch "
		   "tier for the files it holds", main, msg);
	free(file);
	free(rel);
}

static void assign(struct src_run *r, struct cl_unit *pre, struct cl_unit *post,
		   const char *main, bool failed)
{
	for (int i = 0; i < r->nfiles; i++) {
		struct src_file *f = &r->files[i];

		if (f->post || f->failed || !(pre->seen[i] || post->seen[i]))
			continue;
		f->failed = failed;
		if (failed)
			continue;
		f->pre = pre;
		f->post = post;
		if (strcmp(f->fm->file->path, main))
			f->through = main;
	}
}

static bool is_new(struct src_run *r, const char *main)
{
	for (int i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].fm->file->path, main))
			return r->files[i].fm->file->status == FILE_NEW;
	return false;
}

/* Header bodies may be skipped when every patched file of the unit is a
 * .c file parsed as itself: then none of them lies in the preamble. */
static bool can_skip_headers(const struct src_run *r, const char *main)
{
	bool main_patched = false;

	for (int i = 0; i < r->nfiles; i++) {
		if (r->files[i].fm->kind == FK_C_HEADER)
			return false;
		main_patched |= !strcmp(r->files[i].fm->file->path, main);
	}
	return main_patched;
}

/*
 * How the two images of a unit are parsed.  A reparse reuses the first
 * parse's preamble (the headers) and costs a tenth of a parse, the least
 * CPU; but with a CPU to spare, parsing both at once, each with its own
 * preamble, is 10-25% faster (fs/proc/base.c: 0.83 s against 1.15 s).
 * When a patched header lies in the preamble, a reparse rebuilds it
 * whole, so two plain parses are cheaper than a preamble and a reparse
 * (fs/file_table.c with include/linux/fs.h: 4.0 s against ~2 s).
 */
static bool spare_cpu(void)
{
	return run_two_cpus_free("KPCHECK_SOURCE_PARSE");
}

static int parse_both(struct parse_job *pre, struct parse_job *post,
		      bool at_once)
{
	pthread_t t;
	bool threaded = at_once && !pthread_create(&t, NULL, run_job, pre);

	run_job(post);
	if (threaded)
		pthread_join(t, NULL);
	else
		run_job(pre);
	if (pre->rc)
		memcpy(post->err, pre->err, sizeof(post->err));
	return pre->rc ? pre->rc : post->rc;
}

/* Both images of a file the tree has, the pre-image from the facts cache
 * when it holds it (then only the post-image is parsed), else parsed and
 * stored there for the next run. */
static int parse_images(struct src_run *r, const char *main, struct cflags *cf,
			struct parse_job *pre, struct parse_job *post)
{
	bool skip = can_skip_headers(r, main);
	char *key = srccache_key(pre->main, cf, r->wanted, r->nfiles,
				 skip ? SRCCACHE_SKIPPED : SRCCACHE_WHOLE);
	int rc;

	pre->skip_headers = post->skip_headers = skip;
	if (skip && srcpch_images(r, pre->main, cf, pre->unit, post->unit, post->err,
				  sizeof(post->err)) == 0) {
		free(key);
		return 0;
	}
	if (key && srccache_load(key, r->nfiles, pre->unit) == 0) {
		/*
		 * The post-image is parsed as the pre-image was, header bodies
		 * skipped or not: parsed whole, the headers' inline functions
		 * add calls and static locals the skipped pre-image lacks, and
		 * 20 of 89 real fixes changed verdict.  (Whole would be a tenth
		 * faster: the skip needs a precompiled preamble.)
		 */
		run_job(post);
		free(key);
		return post->rc;
	}
	if (spare_cpu())
		rc = parse_both(pre, post, true);
	else if (!skip)
		rc = parse_both(pre, post, false);
	else
		rc = cl_parse_pair(pre->main, (const char *const *)cf->argv,
				   cf->argc, r->unsaved, r->nunsaved, r->wanted,
				   r->nfiles, true, pre->unit, post->unit,
				   post->err, sizeof(post->err));
	if (rc == 0 && key)
		srccache_store(key, r->nfiles, pre->unit);
	free(key);
	return rc;
}

static int parse_pair(struct src_run *r, const char *main, const char *abs,
		      struct cflags *cf, struct cl_unit *u)
{
	struct parse_job post = { abs, cf, r->unsaved, r->nunsaved, r, &u[1], false, 0, "" };
	struct parse_job pre = { abs, cf, NULL, 0, r, &u[0], false, 0, "" };
	int rc;

	if (is_new(r, main)) {
		/* a new file has no pre-image: nothing in it existed */
		run_job(&post);
		u[0].seen = xcalloc(r->nfiles, sizeof(*u[0].seen));
		rc = post.rc;
	} else {
		rc = parse_images(r, main, cf, &pre, &post);
	}
	if (rc) {
		ctx_notice(r->ctx, main, 0, "%s; falling back to the patch tier",
			   post.err);
		return -1;
	}
	r->parse_seconds += u[0].seconds + u[1].seconds;
	return 0;
}

/*
 * The livepatch tools' helper headers (analyzer/model/lphelpers.h) as
 * unsaved files in a directory that exists nowhere, searched last
 * (-idirafter): a patched file including "kpatch-macros.h" parses, and
 * a tree that has a header of the same name keeps its own.
 */
static void add_lp_helpers(struct src_run *r)
{
	const struct lp_helper *h;

	for (size_t i = 0; (h = lp_helper(i)); i++) {
		struct cl_unsaved *u = VEC_PUSH(r->unsaved, r->nunsaved);

		/* freed with the run: the entries after the patched files' */
		u->path = xasprintf("%s/%s", LP_HELPER_DIR, h->name);
		u->text = h->text;
		u->len = strlen(h->text);
	}
}

int srctier_parse(struct src_run *r, const char *main)
{
	struct cflags cf;
	struct cl_unit *u;
	char err[512], *abs;
	const char *error;
	int rc;

	if (cflags_get(r->tree, main, &cf, err, sizeof(err)) != 0) {
		ctx_notice(r->ctx, main, 0, "%s; falling back to the patch tier", err);
		return -1;
	}
	*VEC_PUSH(cf.argv, cf.argc) = xstrdup("-idirafter");
	*VEC_PUSH(cf.argv, cf.argc) = xstrdup(LP_HELPER_DIR);
	/* pairs are allocated one by one: files[] point into them */
	u = xcalloc(2, sizeof(*u));
	r->mains = vec_grow(r->mains, r->npairs, sizeof(*r->mains));
	r->mains[r->npairs] = xstrdup(main);
	*VEC_PUSH(r->pairs, r->npairs) = u;
	abs = xasprintf("%s/%s", r->tree, main);
	rc = parse_pair(r, main, abs, &cf, u);
	error = u[1].error ? u[1].error : u[0].error;
	if (rc == 0 && error)
		clang_error_notice(r, error, main);
	/* the run's own copy: @main may be freed by the caller */
	if (rc == 0)
		assign(r, &u[0], &u[1], r->mains[r->npairs - 1], error != NULL);
	free(abs);
	cflags_free(&cf);
	return rc == 0 && !error ? 0 : -1;
}

static bool is_c_file(const struct kp_file_model *fm)
{
	return (fm->kind == FK_C_SOURCE || fm->kind == FK_C_HEADER) &&
	       !fm->file->binary && (fm->pre || fm->post);
}

static void collect(struct src_run *r)
{
	struct kp_model *m = r->ctx->model;

	for (int i = 0; i < m->nfiles; i++) {
		struct kp_file_model *fm = &m->files[i];
		struct src_file *f;
		struct cl_unsaved *u;

		if (!is_c_file(fm))
			continue;
		f = VEC_PUSH(r->files, r->nfiles);
		f->fm = fm;
		f->abs = xasprintf("%s/%s", r->tree, fm->file->path);
		/* a deleted file is an empty one to the post-image parse */
		u = VEC_PUSH(r->unsaved, r->nunsaved);
		u->path = f->abs;
		u->text = fm->post ? fm->post : "";
		u->len = fm->post ? fm->post_len : 0;
	}
	add_lp_helpers(r);
	r->wanted = xcalloc(r->nfiles, sizeof(*r->wanted));
	for (int i = 0; i < r->nfiles; i++)
		r->wanted[i] = r->files[i].abs;
}

/* Some .c files are no translation unit of their own: 6.1 builds
 * kernel/sched/clock.c inside build_utility.c with #include "clock.c".
 * Such a file is parsed through the sibling that includes it. */
static void parse_source(struct src_run *r, const char *path)
{
	char *inc = search_includer(r->tree, path);

	srctier_parse(r, inc ? inc : path);
	free(inc);
}

static void parse_headers(struct src_run *r)
{
	for (int i = 0; i < r->nfiles; i++) {
		struct src_file *f = &r->files[i];
		char *inc;

		if (f->post || f->failed || f->fm->kind != FK_C_HEADER)
			continue;
		inc = search_includer(r->tree, f->fm->file->path);
		if (inc)
			srctier_parse(r, inc);
		if (!f->post && !f->failed)
			ctx_notice(r->ctx, f->fm->file->path, 0,
				   "no .c file of the tree includes it%s; "
				   "the patch tier alone judges it",
				   inc ? " in this configuration" : "");
		free(inc);
	}
}

static void run_free(struct src_run *r)
{
	for (int i = 0; i < r->npairs; i++) {
		cl_unit_free(&r->pairs[i][0]);
		cl_unit_free(&r->pairs[i][1]);
		free(r->pairs[i]);
		free(r->mains[i]);
	}
	for (int i = 0; i < r->nfiles; i++)
		free(r->files[i].abs);
	free(r->pairs);
	free(r->mains);
	free(r->files);
	free(r->wanted);
	for (int i = r->nfiles; i < r->nunsaved; i++)
		free((char *)r->unsaved[i].path);
	free(r->unsaved);
}

int kp_source_analyze(struct kp_ctx *ctx)
{
	struct src_run r = { .ctx = ctx, .tree = ctx->tree };

	if (!ctx->tree || !ctx->model)
		return 0;
	collect(&r);
	for (int i = 0; i < r.nfiles; i++)
		if (r.files[i].fm->kind == FK_C_SOURCE && !r.files[i].post &&
		    !r.files[i].failed)
			parse_source(&r, r.files[i].fm->file->path);
	parse_headers(&r);
	for (int i = 0; i < r.nfiles; i++)
		if (r.files[i].post)
			srcdiff_file(&r, i);
	srcdiff_cross(&r);
	search_users(r.tree, &r);
	ctx->model->tiers |= TIERBIT(TIER_SOURCE);
	run_free(&r);
	return 0;
}
