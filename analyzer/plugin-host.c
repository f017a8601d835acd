/*
 * Linked into each plugin, never into the main program: the functions of
 * the main program that plugin code calls by name, forwarded through the
 * host table init() was given (plugin.h).  Hidden like the rest of the
 * plugin, so the names cannot clash with the main program's.
 */
#include <stdlib.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/kbuild/objbuild.h"
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/model/tree.h"
#include "analyzer/plugin.h"
#include "lib/util.h"

const struct kp_host *kp_host;

int plugin_host_init(const struct kp_host *host)
{
	if (!host || host->abi != KP_PLUGIN_ABI)
		return -1;
	kp_host = host;
	return 0;
}

struct kp_def *model_add_def(struct kp_file_model *fm, enum kp_def_kind kind,
			     const char *name)
{
	return kp_host->model_add_def(fm, kind, name);
}

struct kp_def *model_find_def(struct kp_file_model *fm, enum kp_def_kind kind,
			      const char *name)
{
	return kp_host->model_find_def(fm, kind, name);
}

void model_add_fact(struct kp_def *def, enum kp_tier tier, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	kp_host->model_add_fact(def, tier, text);
	free(text);
}

struct kp_member *model_add_member(struct kp_def *def, const char *name)
{
	return kp_host->model_add_member(def, name);
}

struct kp_srcdef *srcdef_get(struct kp_def *d)
{
	return kp_host->srcdef_get(d);
}

struct kp_objdef *objdef_get(struct kp_def *d)
{
	return kp_host->objdef_get(d);
}

struct kp_srcref *srcref_add(struct kp_srcref **v, int *n, const char *name,
			     int line)
{
	return kp_host->srcref_add(v, n, name, line);
}

int tree_read(const char *root, const char *path, char **buf, size_t *len,
	      char *err, size_t errlen)
{
	return kp_host->tree_read(root, path, buf, len, err, errlen);
}

void kbuild_find_object(const char *tree, struct kp_file_model *fm)
{
	kp_host->kbuild_find_object(tree, fm);
}

bool kbuild_builds(const char *tree, const char *path)
{
	return kp_host->kbuild_builds(tree, path);
}

int kbuild_command(const char *tree, const char *path, struct kbuild_cmd *k,
		   char *err, size_t errlen)
{
	return kp_host->kbuild_command(tree, path, k, err, errlen);
}

void kbuild_cmd_free(struct kbuild_cmd *k)
{
	kp_host->kbuild_cmd_free(k);
}

int objbuild_open(struct objbuild *b, const char *tree)
{
	return kp_host->objbuild_open(b, tree);
}

int objbuild_make(struct objbuild *b, const char *obj, const struct ob_file *files,
		  int nfiles, const char *dest)
{
	return kp_host->objbuild_make(b, obj, files, nfiles, dest);
}

int objbuild_make_many(struct objbuild *b, const char *const *objs, int nobjs,
		       const struct ob_file *files, int nfiles, const char *const *dests,
		       int jobs)
{
	return kp_host->objbuild_make_many(b, objs, nobjs, files, nfiles, dests, jobs);
}

char *objbuild_path(const struct objbuild *b, const char *rel)
{
	return kp_host->objbuild_path(b, rel);
}

void objbuild_close(struct objbuild *b)
{
	kp_host->objbuild_close(b);
}
