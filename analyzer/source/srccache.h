/*
 * The cache of pre-image facts: what the source tier learnt from parsing
 * a unit's pre-image (its cl_unit summary, not the AST), kept in
 * $KPCHECK_CACHE/facts so that a later run on the same base parses only
 * the post-image.  See srccache.c for the key and what makes an entry
 * trusted.
 */
#ifndef KPCHECK_ANALYZER_SOURCE_SRCCACHE_H
#define KPCHECK_ANALYZER_SOURCE_SRCCACHE_H

#include <stdbool.h>
#include "analyzer/source/clang.h"
#include "analyzer/source/cflags.h"

/* How a pre-image was parsed: its facts differ with it. */
#define SRCCACHE_WHOLE 'f'	/* every function body */
#define SRCCACHE_SKIPPED 's'	/* the headers' bodies skipped */
#define SRCCACHE_PREAMBLE 'p'	/* a stored preamble's (srcpch.c) */

/* The key of the pre-image of @main (absolute) parsed with @cf (the way
 * @how says) and summarised for @wanted; a malloc()ed hex string.  NULL
 * when the cache is off (KPCHECK_NO_CACHE) or a wanted file cannot be
 * read. */
char *srccache_key(const char *main, const struct cflags *cf,
		   const char *const *wanted, int nwanted, char how);
/* 0 with @u filled from a trusted entry, else -1 (@u left empty). */
int srccache_load(const char *key, int nwanted, struct cl_unit *u);
void srccache_store(const char *key, int nwanted, const struct cl_unit *u);

#endif
