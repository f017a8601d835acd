/*
 * Compile flags for a .c file of a kernel tree, turned into libclang
 * arguments.  Sources, first found wins: the tree's compile_commands.json,
 * kbuild's .<file>.o.cmd, a cached answer of an earlier kbuild dry run,
 * a kbuild dry run (`make -n` with the tree's own compiler), and last a
 * built-in x86_64 flag set.
 */
#ifndef KPCHECK_ANALYZER_SOURCE_CFLAGS_H
#define KPCHECK_ANALYZER_SOURCE_CFLAGS_H

#include <stddef.h>

struct cflags {
	char **argv;		/* clang arguments, paths made absolute */
	int argc;
	const char *origin;	/* where they came from, for notices */
};

/* Flags for @path (relative to @tree); -1 with @err set if none at all. */
int cflags_get(const char *tree, const char *path, struct cflags *cf,
	       char *err, size_t errlen);
/* Flags for a gcc command line (kbuild's or compile_commands.json's). */
void cflags_from_command(const char *tree, const char *cmd, struct cflags *cf);
void cflags_free(struct cflags *cf);

#endif
