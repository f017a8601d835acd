/*
 * The kbuild service: what kbuild knows about one file of a configured
 * tree, asked without writing to the tree.  Which object a source file is
 * linked into, read from the tree's Makefile/Kbuild files and .config
 * (kbuild.c); the compiler and kbuild's own compile command of one object
 * (command.c).  Building objects on an overlay of the tree is objbuild.h.
 */
#ifndef KPCHECK_ANALYZER_KBUILD_KBUILD_H
#define KPCHECK_ANALYZER_KBUILD_KBUILD_H

#include "analyzer/model/model.h"

/* Fill fm->object and fm->object_why when the tree tells; else leave NULL. */
void kbuild_find_object(const char *tree, struct kp_file_model *fm);

/* The kernel version of the tree @dir, "6.12.118", from the VERSION,
 * PATCHLEVEL and SUBLEVEL lines of its Makefile; NULL when it has none. */
char *kbuild_version(const char *dir);

/* Whether the tree's .config builds the .c file @path: true also when
 * kbuild.c cannot tell (an #included .c file, a list it cannot follow),
 * for a search of users had better see too much than too little. */
bool kbuild_builds(const char *tree, const char *path);

/*
 * kbuild compiles @path ("lib/lockref.c") without -mfentry although the
 * tree's config has CONFIG_FUNCTION_TRACER: its Makefile removes the
 * ftrace flags (lib/Makefile does for all of lib/), so no function of it
 * has the __fentry__ call a livepatch hooks.  Asks kbuild (a cached dry
 * run) only when the directory's Makefile removes flags at all.
 */
bool kbuild_drops_fentry(const char *tree, const char *path);

/* Value of CONFIG_@sym in the tree's .config: 'y', 'm' or 0 (unset). */
char kbuild_config(const char *tree, const char *sym);

/*
 * kbuild's recipe for @obj ("dir/file.o") without running it: `make -s -n
 * CC=@cc @obj` in the tree, its output into the file @out.  Returns 0 when
 * make succeeded.  The tree is not written (see kbuild.c).
 */
int kbuild_dry_run(const char *tree, const char *cc, const char *obj,
		   const char *out);

/* The compiler .config was made with: "gcc-12", "clang"; NULL if none. */
char *kbuild_cc(const char *tree);

/* kbuild's recipe for one object, as it prints it. */
struct kbuild_cmd {
	char *cc;		/* the compile command, ending in the source path */
	char *objtool;		/* objtool's arguments, or NULL */
};

/*
 * kbuild's commands for @path ("fs/pipe.c"), cached (see command.c);
 * 0, or -1 with @err set.  kbuild_cmd_free() releases them.
 */
int kbuild_command(const char *tree, const char *path, struct kbuild_cmd *k,
		   char *err, size_t errlen);
void kbuild_cmd_free(struct kbuild_cmd *k);

#endif
