/*
 * The object tier's entry point, kp_object_analyze(), in the plugin
 * kpcheck-object.so (`kpcheck --objects -C TREE`).  Every patched .c file
 * is compiled twice with kbuild, from its pre- and post-image, in a
 * scratch overlay of the tree (objbuild.c), and the two objects are
 * diffed (objdiff.c).  What the compiler says overrides what the lower
 * tiers guessed: functions changed only through inlining join the model,
 * functions whose code did not change leave it, each with its proof
 * (objmodel.c); rules/ judge them.  The objects of a header change set
 * (analyzer/patch/hdrset.c) are built too, one make -j run per side, and
 * the compiler's answer overrides the set found by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "analyzer/kbuild/objbuild.h"
#include "analyzer/object/objpair.h"
#include "analyzer/model/ctx.h"
#include "analyzer/model/lphelpers.h"
#include "analyzer/object/dwarf.h"
#include "analyzer/object/objdiff.h"
#include "analyzer/object/objtier.h"
#include "lib/util.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The livepatch tools' helper headers (lphelpers.h) that the tree lacks,
 * where kbuild's -I./include finds them: a post-image written for
 * kpatch-build or klp-build includes them, and the object is what
 * kbuild makes of the fix as the builder will build it.
 */
static void add_helpers(struct ob_file *v, int *n, const char *tree)
{
	const struct lp_helper *h;

	for (size_t i = 0; (h = lp_helper(i)); i++) {
		char *path = xasprintf("include/%s", h->name), *abs = xasprintf("%s/%s", tree, path);

		if (access(abs, F_OK)) {
			v[*n].path = path;
			v[*n].text = h->text;
			v[(*n)++].len = strlen(h->text);
		} else {
			free(path);
		}
		free(abs);
	}
}

/* The touched files' pre- or post-images, to write into the overlay. */
static struct ob_file *images(const struct kp_model *m, bool post, int *n)
{
	struct ob_file *v = xcalloc(m->nfiles + 8, sizeof(*v));

	*n = 0;
	for (int i = 0; i < m->nfiles; i++) {
		const struct kp_file_model *fm = &m->files[i];
		const char *text = post ? fm->post : fm->pre;
		const char *path = post ? fm->file->new_path : fm->file->old_path;

		if (!text || !path || (fm->kind != FK_C_SOURCE && fm->kind != FK_C_HEADER))
			continue;
		v[*n].path = path;
		v[*n].text = text;
		v[(*n)++].len = post ? fm->post_len : fm->pre_len;
	}
	return v;
}

/* The original (cached, or built beside the patched one) and the patched
 * object of @obj; -1 with b->err set. */
static int build_pair(struct kp_ctx *ctx, struct objbuild *b, const char *obj,
		      const char *pre, const char *post)
{
	int npre, npost, r;
	struct ob_file *fpre = images(ctx->model, false, &npre);
	struct ob_file *fpost = images(ctx->model, true, &npost);
	int nown = npost;
	struct objpair p = { obj, fpre, fpost, npre, npost, pre, post, false, false, 0, 0 };
	double t = now();

	add_helpers(fpost, &p.npost, ctx->tree);
	fprintf(stderr, "kpcheck: objects: building %s\n", obj);
	r = objpair_build(b, &p);
	if (r == 0)
		fprintf(stderr, "kpcheck: objects: built %s in %.1f s (original %s, "
			"patched %.1f s)\n", obj, now() - t,
			p.cached ? "from the cache" : p.at_once ? "built at once" :
			"built first", p.post_seconds);
	for (int i = nown; i < p.npost; i++)
		free((char *)fpost[i].path);
	free(fpre);
	free(fpost);
	return r;
}

static char *object_name(const char *c_path)
{
	char *o = xstrdup(c_path);

	o[strlen(o) - 1] = 'o';
	return o;
}

static bool buildable(const struct kp_file_model *fm)
{
	return fm->kind == FK_C_SOURCE && fm->pre && fm->post && fm->file->old_path &&
	       fm->file->new_path && str_ends(fm->file->new_path, ".c") &&
	       !fm->file->binary;
}

/* Build and diff one .c file's object; -1 after a notice on failure. */
static int one_file(struct kp_ctx *ctx, struct objbuild *b, struct kp_file_model *fm)
{
	char *obj = object_name(fm->file->new_path), *flat = xstrdup(obj);
	char *pre, *post, err[1024];
	struct od_result r;
	int rc = -1;

	for (char *p = flat; *p; p++)
		*p = *p == '/' ? '_' : *p;
	pre = xasprintf("%s/pre/%s", b->scratch, flat);
	post = xasprintf("%s/post/%s", b->scratch, flat);
	if (build_pair(ctx, b, obj, pre, post)) {
		ctx_notice(ctx, fm->file->path, 0, "%s; the object tier skips it", b->err);
	} else if (objdiff_run(&r, pre, post, err, sizeof(err))) {
		ctx_notice(ctx, fm->file->path, 0, "%s; the object tier skips it", err);
		objdiff_free(&r);
	} else {
		r.object = obj;
		objtier_apply(ctx->model, fm, &r, false);
		fm->tiers |= TIERBIT(TIER_OBJECT);
		objdiff_free(&r);
		rc = 0;
	}
	free(obj);
	free(flat);
	free(pre);
	free(post);
	return rc;
}

/* ---- the header change set's objects ---- */

/* The distinct .c files of the header change set that the patch does not
 * touch (those are built above). */
static int set_files(const struct kp_model *m, const char ***files)
{
	int n = 0;

	*files = NULL;
	for (int i = 0; i < m->hdrset.nfns; i++) {
		const char *f = m->hdrset.fns[i].file;
		bool seen = false;

		for (int k = 0; k < n && !seen; k++)
			seen = !strcmp((*files)[k], f);
		for (int k = 0; k < m->nfiles && !seen; k++)
			seen = m->files[k].file->new_path && !strcmp(m->files[k].file->new_path, f);
		if (!seen && str_ends(f, ".c"))
			*VEC_PUSH(*files, n) = f;
	}
	return n;
}

static int jobs(void)
{
	const char *e = getenv("KPCHECK_JOBS");
	long n = e ? atol(e) : sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

static bool changed_in(const struct od_result *r, const char *fn)
{
	size_t len = strlen(fn);

	/* a clone (fn.isra.0, fn.cold) is a change of fn */
	for (int i = 0; i < r->nfuncs; i++)
		if (!strncmp(r->funcs[i].name, fn, len) &&
		    (!r->funcs[i].name[len] || r->funcs[i].name[len] == '.'))
			return true;
	return false;
}

/* The compiler's answer for one file of the set overrides the search by
 * name: expanders that compile to the same code leave the livepatch,
 * functions that changed without being found (gcc inlined a static
 * function that expands it) join it. */
static void apply_set_file(struct kp_model *m, const char *file, const struct od_result *r)
{
	struct kp_hdrset *h = &m->hdrset;
	const char *via = NULL, *object = NULL;
	int n = h->nfns;

	for (int i = 0; i < n; i++) {
		struct kp_expander *e = &h->fns[i];

		if (strcmp(e->file, file))
			continue;
		e->obj = changed_in(r, e->function) ? EXP_CHANGED : EXP_SAME;
		via = e->via;
		object = e->object;
	}
	for (int i = 0; i < r->nfuncs; i++) {
		char *name = xstrndup(r->funcs[i].name, strcspn(r->funcs[i].name, "."));
		bool known = false;

		for (int k = 0; k < h->nfns && !known; k++)
			known = !strcmp(h->fns[k].file, file) && !strcmp(h->fns[k].function, name);
		if (!known && via) {
			struct kp_expander *e = VEC_PUSH(h->fns, h->nfns);

			e->file = xstrdup(file);
			e->function = name;
			e->object = object ? xstrdup(object) : NULL;
			e->via = xstrdup(via);
			e->obj = EXP_CHANGED;
			e->obj_only = true;
			name = NULL;
		}
		free(name);
	}
}

static char *flat_dest(const struct objbuild *b, const char *side, const char *obj)
{
	char *flat = xstrdup(obj), *path, *dir = objbuild_path(b, side);

	for (char *p = flat; *p; p++)
		*p = *p == '/' ? '_' : *p;
	mkdir(dir, 0700);
	path = xasprintf("%s/%s", dir, flat);
	free(dir);
	free(flat);
	return path;
}

/* Build every object of the set before and after the patch, one make -j
 * run per side, and diff each pair. */
static void header_set(struct kp_ctx *ctx, struct objbuild *b)
{
	struct kp_model *m = ctx->model;
	const char **files;
	int n = set_files(m, &files), npre, npost, made;
	char **objs = xcalloc(n + 1, sizeof(char *)), **pre = xcalloc(n + 1, sizeof(char *));
	char **post = xcalloc(n + 1, sizeof(char *));
	struct ob_file *fpre = images(m, false, &npre), *fpost = images(m, true, &npost);
	double t = now();

	for (int i = 0; i < n; i++) {
		objs[i] = object_name(files[i]);
		pre[i] = flat_dest(b, "hpre", objs[i]);
		post[i] = flat_dest(b, "hpost", objs[i]);
	}
	if (n) {
		fprintf(stderr, "kpcheck: objects: building the %d objects of the header "
			"change set, before and after (make -j%d)\n", n, jobs());
		made = objbuild_make_many(b, (const char *const *)objs, n, fpre, npre,
					  (const char *const *)pre, jobs());
		if (made > 0)
			made = objbuild_make_many(b, (const char *const *)objs, n, fpost, npost,
						  (const char *const *)post, jobs());
		if (made < 0)
			ctx_notice(ctx, NULL, 0, "%s: the header change set is not checked "
				   "against the objects", b->err);
	}
	for (int i = 0; i < n; i++) {
		struct od_result r;
		char err[512];
		bool both = !access(pre[i], F_OK) && !access(post[i], F_OK);

		if (both && !objdiff_run(&r, pre[i], post[i], err, sizeof(err))) {
			apply_set_file(m, files[i], &r);
			m->hdrset.obj_files++;
		} else {
			m->hdrset.obj_failed++;
		}
		if (both)
			objdiff_free(&r);
		free(objs[i]);
		free(pre[i]);
		free(post[i]);
	}
	if (n)
		fprintf(stderr, "kpcheck: objects: %d of %d objects of the header change "
			"set built and diffed in %.1f s\n", m->hdrset.obj_files, n, now() - t);
	free(files);
	free(objs);
	free(pre);
	free(post);
	free(fpre);
	free(fpost);
}

/* A header definition whose every expander compiles to the same code, in
 * objects that all built, makes no code: the proof that the source tier
 * could not give (a macro that is 0 on x86, an inline gcc folds away). */
static void settle_headers(struct kp_model *m)
{
	struct kp_file_model *fm;
	struct kp_def *d;

	if (m->hdrset.obj_failed || !m->hdrset.obj_files)
		return;
	for_each_def(m, fm, d) {
		bool expanded = false, changed = false;

		if (fm->kind != FK_C_HEADER || d->change == CHANGE_NONE || d->cosmetic || !d->name)
			continue;
		/* the model's helpers live in the main program: read it here */
		for (int i = 0; i < m->hdrset.nfns; i++) {
			const struct kp_expander *e = &m->hdrset.fns[i];

			if (strcmp(e->via, d->name) && (!e->through || strcmp(e->through, d->name)))
				continue;
			expanded = true;
			changed |= e->obj == EXP_CHANGED;
		}
		if (!expanded || changed)
			continue;
		d->cosmetic = true;
		d->no_code = "every function that expands it compiles to the same code";
		d->tier = TIER_OBJECT;
		model_add_fact(d, TIER_OBJECT, "%s", d->no_code);
	}
}

int kp_object_analyze(struct kp_ctx *ctx)
{
	struct objbuild b;
	int built = 0, failed = 0;

	if (!ctx->tree) {
		ctx_notice(ctx, NULL, 0, "--objects needs the tree (-C DIR): the object "
			   "tier is skipped");
		return -1;
	}
	if (objbuild_open(&b, ctx->tree)) {
		ctx_notice(ctx, NULL, 0, "%s: the object tier is skipped", b.err);
		objbuild_close(&b);
		return -1;
	}
	for (int i = 0; i < ctx->model->nfiles; i++) {
		if (!buildable(&ctx->model->files[i]))
			continue;
		if (one_file(ctx, &b, &ctx->model->files[i]))
			failed++;
		else
			built++;
	}
	if (ctx->model->hdrset.nfns) {
		header_set(ctx, &b);
		settle_headers(ctx->model);
		built += ctx->model->hdrset.obj_files;
	}
	objbuild_close(&b);
	if (!built && !failed)
		ctx_notice(ctx, NULL, 0, "the patch changes no .c file: the object tier "
			   "has nothing to build");
	return built ? 0 : -1;
}
