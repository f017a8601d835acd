/*
 * Which object a source file is linked into, read from the tree's
 * Makefile/Kbuild files and .config: "vmlinux" or a module name.
 */
#ifndef KPCHECK_ANALYZER_KBUILD_H
#define KPCHECK_ANALYZER_KBUILD_H

#include "analyzer/model.h"

/* Fill fm->object and fm->object_why when the tree tells; else leave NULL. */
void kbuild_find_object(const char *tree, struct kp_file_model *fm);

/* Value of CONFIG_@sym in the tree's .config: 'y', 'm' or 0 (unset). */
char kbuild_config(const char *tree, const char *sym);

#endif
