/*
 * Which object a source file is linked into, read from the tree's
 * Makefile/Kbuild files and .config: "vmlinux" or a module name.
 */
#ifndef KPCHECK_ANALYZER_KBUILD_KBUILD_H
#define KPCHECK_ANALYZER_KBUILD_KBUILD_H

#include "analyzer/model/model.h"

/* Fill fm->object and fm->object_why when the tree tells; else leave NULL. */
void kbuild_find_object(const char *tree, struct kp_file_model *fm);

/* Value of CONFIG_@sym in the tree's .config: 'y', 'm' or 0 (unset). */
char kbuild_config(const char *tree, const char *sym);

/*
 * kbuild's recipe for @obj ("dir/file.o") without running it: `make -s -n
 * CC=@cc @obj` in the tree, its output into the file @out.  Returns 0 when
 * make succeeded.  The tree is not written (see kbuild.c).
 */
int kbuild_dry_run(const char *tree, const char *cc, const char *obj,
		   const char *out);

#endif
