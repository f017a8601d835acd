/*
 * Where in a configured tree a name is used: the .c files kbuild builds
 * under the tree's .config (obj-y, obj-m, lib-y, composite objects, in
 * directories the Makefiles descend into), the headers they may include,
 * and in one file the top-level definitions whose text names it.  Lists
 * are cached under $KPCHECK_CACHE/treeindex, keyed by the tree's path,
 * .config and top-level Makefile (see treeindex.c).  The tree is only read.
 */
#ifndef KPCHECK_ANALYZER_KBUILD_TREEINDEX_H
#define KPCHECK_ANALYZER_KBUILD_TREEINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include "analyzer/model/model.h"

/* Built .c files (tree-relative, sorted) whose text names @ident as a C
 * identifier token (comments included: a superset, uses_in_file() tells). */
int treeindex_files_naming(const char *tree, const char *ident, char ***files,
			   size_t *n, char *err, size_t errlen);

/* The same over the headers: include/, arch/x86/include/ and the .h files
 * of the directories kbuild descends into. */
int treeindex_headers_naming(const char *tree, const char *ident, char ***files,
			     size_t *n, char *err, size_t errlen);

/* The same over the .S files of the directories kbuild descends into. */
int treeindex_asm_naming(const char *tree, const char *ident, char ***files,
			 size_t *n, char *err, size_t errlen);

/* Every built .c file (tree-relative, sorted); do not free. */
int treeindex_built_files(const char *tree, char *const **files, size_t *n,
			  char *err, size_t errlen);

/*
 * In one file: each top-level function whose body names @ident, and
 * whether the use is a call or an address-taken / initializer use (ops
 * tables, callbacks).  A global initializer that names it counts as a use
 * by address, with the variable's name in @function and kind DEF_VARIABLE.
 */
struct treeindex_use {
	char *function;
	unsigned line;			/* first use, 1-based */
	bool by_address;		/* not (only) called: &f, f as a value */
	bool in_init;			/* __init/__exit/__initdata... user */
	enum kp_def_kind kind;		/* DEF_FUNCTION, DEF_VARIABLE, DEF_MACRO */
};

int treeindex_uses_in_file(const char *tree, const char *file, const char *ident,
			   struct treeindex_use **uses, size_t *n, char *err,
			   size_t errlen);

/* The same in a header, macros included: the inline functions and macros
 * that expand @ident wherever they are expanded in turn. */
int treeindex_expanders_in_header(const char *tree, const char *file,
				  const char *ident, struct treeindex_use **uses,
				  size_t *n, char *err, size_t errlen);

/* Is @file (tree-relative) one kbuild builds?  Needs the file list. */
bool treeindex_is_built(const char *tree, const char *file);

void treeindex_free_files(char **files, size_t n);
void treeindex_free_uses(struct treeindex_use *uses, size_t n);

#endif
