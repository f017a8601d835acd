/*
 * kpcheck's caches under $KPCHECK_CACHE (default ~/.cache/kpcheck): each
 * is a folder of entries named by the hash of their key, written to a
 * temporary file and renamed into place (two runs at once never see half
 * an entry), with an entry's mtime as its last use, so a folder over its
 * bound loses its least recently used entries first.  The entries say
 * themselves whether they can be trusted (magic, version, checksum); this
 * part only places, bounds and counts them.
 */
#ifndef KPCHECK_LIB_KPCACHE_H
#define KPCHECK_LIB_KPCACHE_H

#include <stddef.h>
#include <stdint.h>

/* The caches `kpcheck cache` manages, folders below $KPCHECK_CACHE. */
#define KPCACHE_FACTS "facts"		/* source tier: pre-image facts */
#define KPCACHE_OBJECTS "objects"	/* object tier: original objects */
#define KPCACHE_PREAMBLES "preambles"	/* source tier: precompiled preambles */

/* $KPCHECK_CACHE/@sub (lib/cache.h's cache_dir()), created if need be;
 * NULL if it cannot be. */
char *kpcache_dir(const char *sub);
/* The bound of cache @sub in bytes: $KPCHECK_CACHE_MAX (MiB), default
 * 1024, 4096 for the preambles. */
uint64_t kpcache_limit(const char *sub);
/* Write @len bytes as entry @name of @dir atomically; -1 on failure. */
int kpcache_put(const char *dir, const char *name, const void *buf, size_t len);
/* A temporary path in @dir for a writer that cannot hand kpcache_put()
 * a buffer; kpcache_commit() then makes it entry @name (or removes it). */
char *kpcache_tmp(const char *dir, const char *name);
int kpcache_commit(const char *tmp, const char *dir, const char *name);
/* Mark entry @path used now (its LRU age). */
void kpcache_touch(const char *path);
/* Over the bound, drop least recently used entries down to 3/4 of it. */
void kpcache_trim(const char *dir);
/* Entries and bytes of cache @sub (0 if it does not exist). */
void kpcache_count(const char *sub, long *entries, uint64_t *bytes);
/* Remove every entry of cache @sub; the number removed. */
long kpcache_clear(const char *sub);

#endif
