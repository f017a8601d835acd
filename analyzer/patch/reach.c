/*
 * Code that still runs: is a changed function reached at run time, or only
 * from init-time code that ran before any livepatch could load?  Callers
 * are searched backwards, in the post-image of the patched files and
 * across the tree through the tree index (analyzer/kbuild/treeindex.h), a
 * few calls deep.  A caller that is __init or __exit code is an init-time
 * root (initcalls, __setup and early_param handlers and module init are
 * __init); a call from another function is followed.  A function named in
 * an initializer counts as run time (an ops table, a callback the kernel
 * calls whenever it likes) unless the table is init data (__initdata,
 * __initconst) or a DMI or quirk table that only init-time code reads.  A
 * function taken by address inside a body is registered there and runs
 * later: run time.  Whatever is not found (no user at all, a macro, too
 * deep, too many names) is run time too: only a proof makes a function
 * init-only.
 *
 * The answer is a fact of the definition (d->init_chain: the callers up to
 * the first root, "helper() ← foo_init() [__init]"); the init-only rule
 * judges it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/kbuild/treeindex.h"
#include "analyzer/model/ctx.h"
#include "analyzer/patch/reach.h"
#include "lib/util.h"

#define MAX_DEPTH 4
#define MAX_NAMES 16		/* names searched for per patch */
#define MAX_FILES 24		/* files naming one name */

struct reach {
	struct kp_ctx *ctx;
	int searched;
};

static const struct kp_file_model *patched(const struct reach *r, const char *file)
{
	for (int i = 0; i < r->ctx->model->nfiles; i++) {
		const struct kp_file_model *fm = &r->ctx->model->files[i];

		if (fm->file->new_path && fm->post && !strcmp(fm->file->new_path, file))
			return fm;
	}
	return NULL;
}

static int uses_in(struct reach *r, const char *file, const char *ident,
		   struct treeindex_use **u, size_t *n)
{
	const struct kp_file_model *fm = patched(r, file);
	char err[256];

	*u = NULL;
	*n = 0;
	if (fm) {
		treeindex_uses_in_text(fm->post, fm->post_len, ident, u, n);
		return 0;
	}
	return treeindex_uses_in_file(r->ctx->tree, file, ident, u, n, err, sizeof(err));
}

static bool init_table(const char *name)
{
	return strstr(name, "dmi") || strstr(name, "quirk");
}

static int from(struct reach *r, const char *name, const char *file, bool local,
		int depth, char *chain, size_t len);

/* Is use @u of a name init-time?  1 yes (its chain in @chain), 0 no. */
static int use_is_init(struct reach *r, const struct treeindex_use *u, const char *file,
		       int depth, char *chain, size_t len)
{
	char sub[512];

	if (u->kind == DEF_VARIABLE) {
		if (u->in_init) {
			snprintf(chain, len, "'%s' [init data]", u->function);
			return 1;
		}
		if (!init_table(u->function) || !from(r, u->function, file, true, depth + 1,
						       sub, sizeof(sub)))
			return 0;
		snprintf(chain, len, "'%s' ← %.300s", u->function, sub);
		return 1;
	}
	if (u->kind != DEF_FUNCTION || u->by_address)
		return 0;
	if (u->in_init) {
		snprintf(chain, len, "%s() [__init]", u->function);
		return 1;
	}
	if (!from(r, u->function, file, false, depth + 1, sub, sizeof(sub)))
		return 0;
	snprintf(chain, len, "%s() ← %.300s", u->function, sub);
	return 1;
}

/* Every use of @name in @file init-time?  -1 none there, 0 no, 1 yes. */
static int file_is_init(struct reach *r, const char *name, const char *file,
			int depth, char *chain, size_t len)
{
	struct treeindex_use *u;
	size_t n;
	int res = -1;
	char c[512];

	if (uses_in(r, file, name, &u, &n))
		return 0;
	for (size_t i = 0; i < n && res; i++) {
		if (!strcmp(u[i].function, name))
			continue;
		res = use_is_init(r, &u[i], file, depth, c, sizeof(c));
		if (res && !*chain)
			snprintf(chain, len, "%s", c);
	}
	treeindex_free_uses(u, n);
	return res;
}

/*
 * Is every user of @name (defined in @file; @local: static, no other file
 * can name it) init-time code?  1 yes, with the chain to the first root in
 * @chain; 0 no, or not proved.
 */
static int from(struct reach *r, const char *name, const char *file, bool local,
		int depth, char *chain, size_t len)
{
	char **files = NULL, err[256];
	size_t nf = 0;
	int res, any;

	*chain = 0;
	if (depth > MAX_DEPTH || r->searched++ >= MAX_NAMES)
		return 0;
	res = file_is_init(r, name, file, depth, chain, len);
	if (res == 0)
		return 0;
	any = res > 0;
	if (local)
		return any;
	if (treeindex_files_naming(r->ctx->tree, name, &files, &nf, err, sizeof(err)) ||
	    nf > MAX_FILES) {
		treeindex_free_files(files, nf);
		return 0;
	}
	for (size_t i = 0; i < nf && res; i++) {
		if (!strcmp(files[i], file))
			continue;
		res = file_is_init(r, name, files[i], depth, chain, len);
		any |= res > 0;
	}
	treeindex_free_files(files, nf);
	return res && any;
}

void reach_build(struct kp_ctx *ctx)
{
	struct reach r = { ctx, 0 };
	struct kp_file_model *fm;
	struct kp_def *d;
	char chain[512];

	if (!ctx->tree)
		return;
	for_each_def(ctx->model, fm, d) {
		if (!def_is_patched_function(fm, d) || !d->name || fm->kind != FK_C_SOURCE ||
		    d->change != CHANGE_MODIFIED || (d->attrs & ATTR_EXPORTED))
			continue;
		if (from(&r, d->name, fm->file->path, d->attrs & ATTR_STATIC, 1, chain,
			 sizeof(chain)) == 1) {
			d->init_chain = xstrdup(chain);
			model_add_fact(d, TIER_PATCH, "reached only from init code: %s", chain);
		}
	}
}
