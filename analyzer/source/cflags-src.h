/*
 * Internals of analyzer/source/cflags.c: the places compile flags come from.
 * Each returns 0 with @cf filled, or -1 when it has no answer.
 */
#ifndef KPCHECK_ANALYZER_SOURCE_CFLAGS_SRC_H
#define KPCHECK_ANALYZER_SOURCE_CFLAGS_SRC_H

#include "analyzer/source/cflags.h"

int flags_from_ccjson(const char *tree, const char *path, struct cflags *cf);
int flags_from_cmd_file(const char *tree, const char *path, struct cflags *cf);
int flags_from_cache(const char *tree, const char *path, struct cflags *cf);
int flags_from_dry_run(const char *tree, const char *path, struct cflags *cf);
void flags_to_cache(const char *tree, const char *path, const struct cflags *cf);
int flags_builtin(const char *tree, const char *path, struct cflags *cf);

#endif
