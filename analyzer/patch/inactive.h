/*
 * Which lines of a file the tree's .config leaves out of the build: those
 * under an #if branch whose CONFIG condition is false, and the bodies of
 * `if (IS_ENABLED(CONFIG_X))` that gcc drops as dead code (inactive.c).
 */
#ifndef KPCHECK_ANALYZER_PATCH_INACTIVE_H
#define KPCHECK_ANALYZER_PATCH_INACTIVE_H

#include <stdbool.h>
#include <stddef.h>

/* Per line (1-based, [1..*nlines]) of @text: provably left out?  Free()d
 * by the caller. */
bool *inactive_lines(const char *tree, const char *text, size_t len, int *nlines);

#endif
