/*
 * Internals of the source-tier plugin (kpcheck-source.so): the parsed
 * pre/post summaries of every patched C file and the steps that turn them
 * into TIER_SOURCE facts of the change model.
 */
#ifndef KPCHECK_ANALYZER_SOURCE_SRCTIER_H
#define KPCHECK_ANALYZER_SOURCE_SRCTIER_H

#include "analyzer/source/clang.h"
#include "analyzer/model/model.h"

struct kp_ctx;

/* A patched C file and where its summaries are. */
struct src_file {
	struct kp_file_model *fm;
	char *abs;		/* absolute path in the tree */
	const struct cl_unit *pre, *post;	/* NULL until parsed */
	const char *through;	/* the .c file a header was parsed through */
	bool failed;		/* clang could not parse it: patch tier only */
};

struct src_run {
	struct kp_ctx *ctx;
	const char *tree;
	struct src_file *files;
	int nfiles;
	const char **wanted;	/* files[i].abs */
	struct cl_unsaved *unsaved;	/* post-images */
	int nunsaved;
	struct cl_unit **pairs;	/* per parsed .c file: [0] pre, [1] post */
	char **mains;		/* that .c file */
	int npairs;
	double parse_seconds;
};

/* The tier's entry (srcplugin.c): fill TIER_SOURCE facts into ctx->model. */
int kp_source_analyze(struct kp_ctx *ctx);
/* Parse @main (relative) pre and post; assign the files it includes. */
int srctier_parse(struct src_run *r, const char *main);
/* A .c file of the tree that includes header @path, or NULL. */
char *search_includer(const char *tree, const char *path);
/* The .c file defining static key @name (DEFINE_STATIC_KEY_*), or NULL. */
char *search_key_definition(const char *tree, const char *name);
/* Count files of the tree naming each changed inline function. */
void search_users(const char *tree, struct src_run *r);
/* Fill the model of file @i from its summaries. */
void srcdiff_file(struct src_run *r, int i);
/* Facts that need every file done: callers, changed macros' users. */
void srcdiff_cross(struct src_run *r);
/* Other functions of the patched files taking a lock @d takes (srclock.c). */
void srclock_users(struct src_run *r, struct kp_def *d);
/* The ops table slot of the patched files naming @d, if any (srcops.c). */
void srcops_slot(struct src_run *r, struct kp_def *d);
/* The first definition of @kind and @name in file @file of @u. */
const struct cl_def *cl_find(const struct cl_unit *u, int file,
			     enum kp_def_kind kind, const char *name);
/* Function and variable details (struct kp_srcdef) of a changed def. */
void fill_details(struct src_run *r, struct kp_def *d, const struct cl_def *p,
		  const struct cl_def *q);

/* Path relative to the tree root, or NULL when outside it. */
char *tree_relative(const char *tree, const char *abs);

#endif
