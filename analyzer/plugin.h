/*
 * The plugin interface.  The source tier (libclang) and the object tier
 * (libelf/libdw) are plugins (build/kpcheck-source.so, kpcheck-object.so)
 * that the main program dlopen()s only when the tier runs: libclang alone
 * costs ~10 ms and 57 MB to start, which a plain patch-tier run must not
 * pay.
 *
 * Both sides meet through two tables and nothing else:
 *  - each plugin exports ONE symbol, KP_PLUGIN_SYMBOL, a struct kp_plugin;
 *  - the main program hands the plugin's init() a struct kp_host with
 *    every function of the main program the plugin may call.
 * Everything is built with -fvisibility=hidden and the main program is not
 * linked with -rdynamic, so a plugin that calls anything else fails to
 * load instead of binding to whatever happens to be exported.  Plugin code
 * calls model_add_def() and friends by name: analyzer/plugin-host.c, linked
 * into each plugin, forwards those names through the host table.
 *
 * KP_PLUGIN_ABI changes whenever either table, struct kp_ctx or the
 * change model's structs change; the loader refuses a plugin built for
 * another number, with a message that says so, rather than crash.  The
 * number stays the first member of both tables in every version, so
 * that it can always be read.
 */
#ifndef KPCHECK_ANALYZER_PLUGIN_H
#define KPCHECK_ANALYZER_PLUGIN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/model.h"

#define KP_PLUGIN_ABI 4
#define KP_PLUGIN_SYMBOL "kpcheck_plugin"
#define KP_PLUGIN_EXPORT __attribute__((visibility("default")))

#define KP_SOURCE_PLUGIN "kpcheck-source.so"
#define KP_OBJECT_PLUGIN "kpcheck-object.so"

struct kp_srcdef;
struct kp_objdef;
struct kp_srcref;
struct kbuild_cmd;
struct objbuild;
struct ob_file;

/* What the main program offers a plugin. */
struct kp_host {
	unsigned int abi;		/* KP_PLUGIN_ABI of the main program */

	/* the change model (analyzer/model/) */
	struct kp_def *(*model_add_def)(struct kp_file_model *fm, enum kp_def_kind kind,
					const char *name);
	struct kp_def *(*model_find_def)(struct kp_file_model *fm, enum kp_def_kind kind,
					 const char *name);
	void (*model_add_fact)(struct kp_def *def, enum kp_tier tier, const char *text);
	struct kp_member *(*model_add_member)(struct kp_def *def, const char *name);
	struct kp_srcdef *(*srcdef_get)(struct kp_def *d);
	struct kp_srcref *(*srcref_add)(struct kp_srcref **v, int *n, const char *name,
					int line);
	int (*tree_read)(const char *root, const char *path, char **buf, size_t *len,
			 char *err, size_t errlen);

	/* the kbuild service (analyzer/kbuild/kbuild.h, objbuild.h) */
	void (*kbuild_find_object)(const char *tree, struct kp_file_model *fm);
	bool (*kbuild_builds)(const char *tree, const char *path);
	int (*kbuild_command)(const char *tree, const char *path, struct kbuild_cmd *k,
			      char *err, size_t errlen);
	void (*kbuild_cmd_free)(struct kbuild_cmd *k);
	int (*objbuild_open)(struct objbuild *b, const char *tree);
	int (*objbuild_make)(struct objbuild *b, const char *obj, const struct ob_file *files,
			     int nfiles, const char *dest);
	char *(*objbuild_path)(const struct objbuild *b, const char *rel);
	void (*objbuild_close)(struct objbuild *b);

	/* the object tier's facts (analyzer/model/objfacts.h) */
	struct kp_objdef *(*objdef_get)(struct kp_def *d);

	/* a header change's objects, in one make run (objbuild.h) */
	int (*objbuild_make_many)(struct objbuild *b, const char *const *objs, int nobjs,
				  const struct ob_file *files, int nfiles,
				  const char *const *dests, int jobs);
};

/*
 * The differ's answer for the builder: the functions a livepatch carries
 * out of a pair of objects (changed and new, in section order), and the
 * ones a lower tier may name that only moved __LINE__ constants.  Plain
 * data, so that the builder reads nothing of the tier's own structs.
 */
struct kp_carry_func {
	char *name;		/* post-image symbol name */
	bool added;		/* new: carried, but replaces nothing */
	bool part;		/* a .cold part: carried with its function, no root */
};

struct kp_carry {
	struct kp_carry_func *funcs;
	int nfuncs;
};

/* What a plugin offers the main program; NULL for what it lacks. */
struct kp_plugin {
	unsigned int abi;		/* KP_PLUGIN_ABI the plugin was built with */
	const char *name;
	/* Called once, before anything else; 0 or -1 when @host will not do. */
	int (*init)(const struct kp_host *host);
	/* Fill the tier's facts into ctx->model; 0, or -1 after a notice. */
	int (*analyze)(struct kp_ctx *ctx);
	/* The object tier: the facts of `kpcheck objdiff` (a model of one
	 * file, the object; -1 with @err set on bad input), and the differ
	 * for the builder. */
	int (*objdiff_analyze)(struct kp_ctx *ctx, const char *orig, const char *patched,
			       char *err, size_t errlen);
	int (*objdiff_carry)(struct kp_carry *c, const char *orig, const char *patched,
			     char *err, size_t errlen);
	void (*objdiff_carry_free)(struct kp_carry *c);
};

/* The host table plugins get; set once by main() (see host.c). */
void plugin_set_host(const struct kp_host *host);
/*
 * Load @file (next to the kpcheck binary, in $KPCHECK_LIBDIR, or in the
 * installed libexec directory) and check its ABI; NULL when it cannot be
 * used, plugin_error() says why.  Loaded once, kept until exit.
 */
const struct kp_plugin *plugin_load(const char *file);
const char *plugin_error(void);

/* Run a plugin's analyze on ctx; -1 (after a notice) when it failed. */
int plugin_analyze(struct kp_ctx *ctx, const char *file);

/* In a plugin: the host table init() was given (analyzer/plugin-host.c). */
extern const struct kp_host *kp_host;
int plugin_host_init(const struct kp_host *host);

#endif
