/*
 * The object tier's entry point, kp_object_analyze(), in the plugin
 * kpcheck-object.so (`kpcheck --objects -C TREE`).  Every patched .c file
 * is compiled twice with kbuild, from its pre- and post-image, in a
 * scratch overlay of the tree (objbuild.c), and the two objects are
 * diffed (objdiff.c).  What the compiler says overrides what the lower
 * tiers guessed: functions changed only through inlining join the model,
 * functions whose code did not change leave it, each with its proof
 * (objmodel.c); rules/ judge them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	objbuild_close(&b);
	if (!built && !failed)
		ctx_notice(ctx, NULL, 0, "the patch changes no .c file: the object tier "
			   "has nothing to build");
	return built ? 0 : -1;
}
