/*
 * The object-tier tests' builds, through the same kbuild service as the
 * object tier (analyzer/kbuild/objbuild.h): each OBJ of the prepared tree
 * $KTREE built as the tree has it and with the patch CASE applied (in
 * memory, by the patch tier, as `kpcheck --objects` does), into
 * OUT/orig/OBJ and OUT/patched/OBJ.  The tree is only read; kbuild's
 * one-off preparation is the service's cached layer, paid once per tree.
 *   kbuild-pair CASE OUT OBJ...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "analyzer/kbuild/objbuild.h"
#include "analyzer/model/ctx.h"
#include "analyzer/model/tree.h"
#include "analyzer/patch/changes.h"
#include "lib/util.h"

static void print_notice(struct kp_ctx *ctx, const char *file, int line,
			 const char *message)
{
	(void)ctx;
	fprintf(stderr, "kbuild-pair: %s:%d: %s\n", file ? file : "-", line, message);
}

/* The patched images of every file the patch changes. */
static struct ob_file *post_images(const struct kp_model *m, int *n)
{
	struct ob_file *v = xcalloc(m->nfiles + 1, sizeof(*v));

	*n = 0;
	for (int i = 0; i < m->nfiles; i++) {
		const struct kp_file_model *fm = &m->files[i];

		if (!fm->post || !fm->file->new_path)
			continue;
		v[*n].path = fm->file->new_path;
		v[*n].text = fm->post;
		v[(*n)++].len = fm->post_len;
	}
	return v;
}

static int mkdirs(const char *file)
{
	char *p = xstrdup(file);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(p, 0755) && errno != EEXIST) {
			fprintf(stderr, "kbuild-pair: %s: %s\n", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static int build(struct objbuild *b, const char *obj, const struct ob_file *files,
		 int n, const char *out, const char *side)
{
	char *dest = xasprintf("%s/%s/%s", out, side, obj);
	int r = mkdirs(dest) ? -1 : objbuild_make(b, obj, files, n, dest);

	if (r && b->err[0])
		fprintf(stderr, "kbuild-pair: %s (%s): %s\n", obj, side, b->err);
	free(dest);
	return r;
}

static int build_all(const char *tree, struct kp_model *m, const char *out,
		     char **objs, int nobjs)
{
	struct objbuild b;
	struct ob_file *files;
	int n, r = 0;

	if (objbuild_open(&b, tree)) {
		fprintf(stderr, "kbuild-pair: %s\n", b.err);
		objbuild_close(&b);
		return -1;
	}
	files = post_images(m, &n);
	for (int i = 0; i < nobjs && !r; i++)
		r = build(&b, objs[i], NULL, 0, out, "orig") ||
		    build(&b, objs[i], files, n, out, "patched");
	free(files);
	objbuild_close(&b);
	return r;
}

int main(int argc, char **argv)
{
	const char *tree = getenv("KTREE");
	struct kp_series s = { 0 };
	struct kp_overlay ov = { 0 };
	struct kp_model m = { 0 };
	struct kp_ctx ctx = { .series = &s, .model = &m, .tree = tree, .overlay = &ov,
			      .notice = print_notice };
	char err[1024], *buf;
	size_t size;
	int r;

	if (argc < 4 || !tree) {
		fputs("usage: KTREE=DIR kbuild-pair CASE OUT OBJ...\n", stderr);
		return 2;
	}
	if (patch_read_input(argv[1], &buf, &size, err, sizeof(err)) ||
	    patch_parse(&s, argv[1], buf, size, err, sizeof(err)) || !s.npatches ||
	    (ctx.patch = &s.patches[0], changes_build(&ctx, err, sizeof(err)))) {
		fprintf(stderr, "kbuild-pair: %s\n", s.npatches ? err : "no patch");
		return 2;
	}
	r = build_all(tree, &m, argv[2], argv + 3, argc - 3);
	model_free(&m);
	overlay_free(&ov);
	patch_free(&s);
	return r ? 1 : 0;
}
