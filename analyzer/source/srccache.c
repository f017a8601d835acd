/*
 * The pre-image facts cache (srccache.h).
 *
 * Key: XXH3-128 of kpcheck's version, the entry format, libclang's
 * version, the clang arguments (they hold the tree's absolute include
 * paths, so two trees never share an entry), how the unit was parsed
 * (srccache.h), the main file and every wanted file by path and content hash.
 * The summary indexes its definitions by wanted file, so the wanted list
 * is part of the key.
 *
 * An entry is trusted only when its magic, format, kpcheck version,
 * length and XXH3-64 checksum match, every count fits in what is left of
 * it, and every file the unit read (the headers too, which the key does
 * not hash) still has the size and mtime it had at the parse.  Anything
 * else is a miss: the file is parsed and the entry written again.
 */
#include <clang-c/Index.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>
#include "analyzer/source/srccache.h"
#include "lib/kpcache.h"
#include "lib/util.h"

#define MAGIC "KPCFACT\n"
#define FORMAT 4u	/* 4: 6.12's exports (clang-walk.c export_mark) */

/*
 * Every field of the summary is written below, by hand: a field added to
 * these structs must be added here too (and FORMAT bumped), or the cached
 * pre-image lacks it and the post-image seems to add it.  The sizes make
 * the build say so (x86_64).
 */
_Static_assert(sizeof(struct cl_use) == 56, "srccache.c: serialise cl_use's new field");
_Static_assert(sizeof(struct cl_def) == 232, "srccache.c: serialise cl_def's new field");
_Static_assert(sizeof(struct cl_member) == 48, "srccache.c: serialise cl_member's new field");
_Static_assert(sizeof(struct cl_local) == 40, "srccache.c: serialise cl_local's new field");
_Static_assert(sizeof(struct cl_unit) == 72, "srccache.c: serialise cl_unit's new field");

struct wbuf {
	char *p;
	size_t len, cap;
};

static void put(struct wbuf *b, const void *v, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, v, n);
	b->len += n;
}

static void put_u32(struct wbuf *b, uint32_t v) { put(b, &v, 4); }
static void put_i64(struct wbuf *b, int64_t v) { put(b, &v, 8); }

static void put_str(struct wbuf *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;

	put_u32(b, n);
	if (s)
		put(b, s, n);
}

struct rbuf {
	const char *p;
	size_t len, off;
	bool bad;
};

static bool take(struct rbuf *b, void *v, size_t n)
{
	if (b->bad || n > b->len - b->off) {
		b->bad = true;
		memset(v, 0, n);
		return false;
	}
	memcpy(v, b->p + b->off, n);
	b->off += n;
	return true;
}

static uint32_t get_u32(struct rbuf *b) { uint32_t v; take(b, &v, 4); return v; }
static int64_t get_i64(struct rbuf *b) { int64_t v; take(b, &v, 8); return v; }

static char *get_str(struct rbuf *b)
{
	uint32_t n = get_u32(b);
	char *s;

	if (n == UINT32_MAX || b->bad)
		return NULL;
	if (n > b->len - b->off) {
		b->bad = true;
		return NULL;
	}
	s = xstrndup(b->p + b->off, n);
	b->off += n;
	return s;
}

/* A count of elements of at least @min bytes each: more than the rest of
 * the entry can hold is garbage. */
static int get_count(struct rbuf *b, size_t min)
{
	uint32_t n = get_u32(b);

	if (b->bad || n > (b->len - b->off) / min) {
		b->bad = true;
		return 0;
	}
	return (int)n;
}

/* ---- the summary, field by field ---- */

static void put_uses(struct wbuf *b, const struct cl_use *v, int n)
{
	put_u32(b, n);
	for (int i = 0; i < n; i++) {
		put_str(b, v[i].name);
		put_i64(b, v[i].line);
		put_u32(b, v[i].attrs);
		put_str(b, v[i].def_file);
		put_i64(b, v[i].def_line);
		put_u32(b, v[i].pair);
		put_i64(b, v[i].pair_dir);
		put_str(b, v[i].lock);
		put_str(b, v[i].spelled);
		put_u32(b, v[i].role);
	}
}

static struct cl_use *get_uses(struct rbuf *b, int *n)
{
	struct cl_use *v;

	*n = get_count(b, 48);
	v = xcalloc(*n ? *n : 1, sizeof(*v));
	for (int i = 0; i < *n; i++) {
		v[i].name = get_str(b);
		v[i].line = (int)get_i64(b);
		v[i].attrs = get_u32(b);
		v[i].def_file = get_str(b);
		v[i].def_line = (int)get_i64(b);
		v[i].pair = (enum kp_pair_kind)get_u32(b);
		v[i].pair_dir = (int)get_i64(b);
		v[i].lock = get_str(b);
		v[i].spelled = get_str(b);
		v[i].role = get_u32(b);
	}
	return v;
}

static void put_def(struct wbuf *b, const struct cl_def *d)
{
	put_u32(b, d->kind);
	put_str(b, d->name);
	put_i64(b, d->file);
	put_i64(b, d->start);
	put_i64(b, d->end);
	put_u32(b, d->start_off);
	put_u32(b, d->end_off);
	put_i64(b, (int64_t)d->hash);
	put_u32(b, d->attrs);
	put_str(b, d->section);
	put_str(b, d->sig);
	put_str(b, d->macro);
	put_u32(b, d->helper_made);
	put_u32(b, d->nmembers);
	for (int i = 0; i < d->nmembers; i++) {
		const struct cl_member *m = &d->members[i];

		put_str(b, m->name);
		put_str(b, m->type);
		put_i64(b, m->offset);
		put_i64(b, m->size);
		put_i64(b, m->value);
		put_i64(b, m->line);
	}
	put_u32(b, d->nlocals);
	for (int i = 0; i < d->nlocals; i++) {
		put_str(b, d->locals[i].name);
		put_str(b, d->locals[i].type);
		put_i64(b, (int64_t)d->locals[i].init);
		put_i64(b, d->locals[i].line);
		put_str(b, d->locals[i].macro);
	}
	put_uses(b, d->calls, d->ncalls);
	put_uses(b, d->writes, d->nwrites);
	put_uses(b, d->keys, d->nkeys);
	put_uses(b, d->scalls, d->nscalls);
	put_uses(b, d->macros, d->nmacros);
	put_uses(b, d->fields, d->nfields);
	put_uses(b, d->states, d->nstates);
	put_str(b, d->sleep_call);
	put_i64(b, d->sleep_line);
	put_u32(b, d->kthread_loop);
}

static void get_def(struct rbuf *b, struct cl_def *d, int nwanted)
{
	d->kind = (enum kp_def_kind)get_u32(b);
	d->name = get_str(b);
	d->file = (int)get_i64(b);
	d->start = (int)get_i64(b);
	d->end = (int)get_i64(b);
	d->start_off = get_u32(b);
	d->end_off = get_u32(b);
	d->hash = (uint64_t)get_i64(b);
	d->attrs = get_u32(b);
	d->section = get_str(b);
	d->sig = get_str(b);
	d->macro = get_str(b);
	d->helper_made = get_u32(b) != 0;
	d->nmembers = get_count(b, 40);
	d->members = xcalloc(d->nmembers ? d->nmembers : 1, sizeof(*d->members));
	for (int i = 0; i < d->nmembers; i++) {
		struct cl_member *m = &d->members[i];

		m->name = get_str(b);
		m->type = get_str(b);
		m->offset = get_i64(b);
		m->size = get_i64(b);
		m->value = get_i64(b);
		m->line = (int)get_i64(b);
	}
	d->nlocals = get_count(b, 24);
	d->locals = xcalloc(d->nlocals ? d->nlocals : 1, sizeof(*d->locals));
	for (int i = 0; i < d->nlocals; i++) {
		d->locals[i].name = get_str(b);
		d->locals[i].type = get_str(b);
		d->locals[i].init = (uint64_t)get_i64(b);
		d->locals[i].line = (int)get_i64(b);
		d->locals[i].macro = get_str(b);
	}
	d->calls = get_uses(b, &d->ncalls);
	d->writes = get_uses(b, &d->nwrites);
	d->keys = get_uses(b, &d->nkeys);
	d->scalls = get_uses(b, &d->nscalls);
	d->macros = get_uses(b, &d->nmacros);
	d->fields = get_uses(b, &d->nfields);
	d->states = get_uses(b, &d->nstates);
	d->sleep_call = get_str(b);
	d->sleep_line = (int)get_i64(b);
	d->kthread_loop = get_u32(b) != 0;
	if (d->file < 0 || d->file >= nwanted || !d->name)
		b->bad = true;
}

/* Size and mtime of every file the unit read from disk.  The files it
 * was given in memory (a stored preamble's header, the helper headers)
 * are on no disk: the key holds what they are made of. */
static void put_includes(struct wbuf *b, const struct cl_unit *u)
{
	struct stat *st = xcalloc(u->nincludes + 1, sizeof(*st));
	uint32_t n = 0;

	for (int i = 0; i < u->nincludes; i++)
		n += stat(u->includes[i], &st[i]) == 0;
	put_u32(b, n);
	for (int i = 0; i < u->nincludes; i++) {
		if (!st[i].st_ino)
			continue;
		put_str(b, u->includes[i]);
		put_i64(b, st[i].st_size);
		put_i64(b, st[i].st_mtim.tv_sec);
		put_i64(b, st[i].st_mtim.tv_nsec);
	}
	free(st);
}

static void get_includes(struct rbuf *b, struct cl_unit *u)
{
	u->nincludes = get_count(b, 28);
	u->includes = xcalloc(u->nincludes ? u->nincludes : 1, sizeof(*u->includes));
	for (int i = 0; i < u->nincludes && !b->bad; i++) {
		struct stat st;
		int64_t size, sec, nsec;

		u->includes[i] = get_str(b);
		size = get_i64(b);
		sec = get_i64(b);
		nsec = get_i64(b);
		/* a header that changed since makes the whole entry stale */
		if (!u->includes[i] || stat(u->includes[i], &st) || st.st_size != size ||
		    st.st_mtim.tv_sec != sec || st.st_mtim.tv_nsec != nsec)
			b->bad = true;
	}
}

static void put_unit(struct wbuf *b, int nwanted, const struct cl_unit *u)
{
	put_u32(b, nwanted);
	for (int i = 0; i < nwanted; i++)
		put_u32(b, u->seen[i]);
	put_str(b, u->error);
	put_includes(b, u);
	put_u32(b, u->ndefs);
	for (int i = 0; i < u->ndefs; i++)
		put_def(b, &u->defs[i]);
	put_u32(b, u->nexports);
	for (int i = 0; i < u->nexports; i++) {
		put_str(b, u->exports[i].name);
		put_i64(b, u->exports[i].file);
		put_i64(b, (int64_t)u->exports[i].abi);
	}
}

static void get_unit(struct rbuf *b, int nwanted, struct cl_unit *u)
{
	if ((int)get_u32(b) != nwanted) {
		b->bad = true;
		return;
	}
	u->seen = xcalloc(nwanted, sizeof(*u->seen));
	for (int i = 0; i < nwanted; i++)
		u->seen[i] = get_u32(b) != 0;
	u->error = get_str(b);
	get_includes(b, u);
	u->ndefs = get_count(b, 64);
	u->defs = xcalloc(u->ndefs ? u->ndefs : 1, sizeof(*u->defs));
	for (int i = 0; i < u->ndefs && !b->bad; i++)
		get_def(b, &u->defs[i], nwanted);
	u->nexports = get_count(b, 20);
	u->exports = xcalloc(u->nexports ? u->nexports : 1, sizeof(*u->exports));
	for (int i = 0; i < u->nexports && !b->bad; i++) {
		u->exports[i].name = get_str(b);
		u->exports[i].file = (int)get_i64(b);
		u->exports[i].abi = (uint64_t)get_i64(b);
	}
}

/* ---- key, load, store ---- */

static bool hash_file(XXH3_state_t *st, const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;

	XXH3_128bits_update(st, path, strlen(path) + 1);
	if (!f)
		return false;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		XXH3_128bits_update(st, buf, n);
	fclose(f);
	return true;
}

char *srccache_key(const char *main, const struct cflags *cf,
		   const char *const *wanted, int nwanted, char how)
{
	XXH3_state_t *st;
	XXH128_hash_t h;
	CXString cv;
	bool ok;

	if (getenv("KPCHECK_NO_CACHE"))
		return NULL;
	st = XXH3_createState();
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, MAGIC KPCHECK_VERSION, sizeof(MAGIC KPCHECK_VERSION));
	cv = clang_getClangVersion();
	XXH3_128bits_update(st, clang_getCString(cv), strlen(clang_getCString(cv)) + 1);
	clang_disposeString(cv);
	for (int i = 0; i < cf->argc; i++)
		XXH3_128bits_update(st, cf->argv[i], strlen(cf->argv[i]) + 1);
	XXH3_128bits_update(st, &how, 1);
	ok = hash_file(st, main);
	for (int i = 0; i < nwanted; i++)
		/* a wanted file the patch adds is not on disk: its name counts */
		hash_file(st, wanted[i]);
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return ok ? xasprintf("%016llx%016llx", (unsigned long long)h.high64,
			      (unsigned long long)h.low64) : NULL;
}

struct header {
	char magic[8];
	uint32_t format;
	char version[20];
	uint64_t len, sum;
};

int srccache_load(const char *key, int nwanted, struct cl_unit *u)
{
	char *dir = key ? kpcache_dir(KPCACHE_FACTS) : NULL;
	char *path = dir ? xasprintf("%s/%s", dir, key) : NULL, *buf = NULL;
	struct header h = { 0 };
	struct rbuf b = { 0 };
	size_t size = 0;
	FILE *f = path ? fopen(path, "rb") : NULL;

	memset(u, 0, sizeof(*u));
	if (f && fread(&h, sizeof(h), 1, f) == 1 && !memcmp(h.magic, MAGIC, 8) &&
	    h.format == FORMAT && !strncmp(h.version, KPCHECK_VERSION, sizeof(h.version)) &&
	    h.len < (1u << 30)) {
		buf = xmalloc(h.len + 1);
		size = fread(buf, 1, h.len + 1, f);
	}
	b = (struct rbuf){ buf, size, 0, !buf || size != h.len || XXH3_64bits(buf, size) != h.sum };
	if (!b.bad)
		get_unit(&b, nwanted, u);
	if (b.bad || b.off != b.len)
		cl_unit_free(u);
	else
		kpcache_touch(path);
	if (f)
		fclose(f);
	free(buf);
	free(path);
	free(dir);
	return u->seen ? 0 : -1;
}

void srccache_store(const char *key, int nwanted, const struct cl_unit *u)
{
	char *dir = key ? kpcache_dir(KPCACHE_FACTS) : NULL;
	struct header h = { MAGIC, FORMAT, "", 0, 0 };
	struct wbuf b = { 0 };

	if (!dir || !u->seen)
		goto out;
	put(&b, &h, sizeof(h));
	put_unit(&b, nwanted, u);
	h.len = b.len - sizeof(h);
	h.sum = XXH3_64bits(b.p + sizeof(h), h.len);
	strncpy(h.version, KPCHECK_VERSION, sizeof(h.version));
	memcpy(b.p, &h, sizeof(h));
	if (kpcache_put(dir, key, b.p, b.len) == 0)
		kpcache_trim(dir);
out:
	free(b.p);
	free(dir);
}
