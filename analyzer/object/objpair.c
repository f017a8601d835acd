/*
 * The two builds of a patched object (objpair.h).
 *
 * The original object is cached in $KPCHECK_CACHE/objects, keyed by
 * XXH3-128 of kpcheck's version, the build flags, the tree's path, its
 * .config and Makefile, the compiler's version text (CONFIG_CC_VERSION_
 * TEXT) and the pre-images written for the build.  The headers are not in
 * the key: the entry lists every file kbuild's .cmd says the object was
 * built from, with size and mtime, and is trusted only while they all
 * still match, its magic, version, length and checksum too.  A bad entry
 * is a miss and is rebuilt.
 *
 * Two builds at once each need an overlay of their own: the second side
 * gets a second scratch (objbuild_open), in its own thread; each build
 * runs in a child process with its own mount namespace (objbuild.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>
#include "analyzer/object/objpair.h"
#include "analyzer/model/tree.h"
#include "lib/kpcache.h"
#include "lib/run.h"
#include "lib/util.h"

#define MAGIC "KPCOBJ2\n"
/* objbuild.c's KCFLAGS: a change there must change this too */
#define BUILD_FLAGS "-ffunction-sections -fdata-sections"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void hash_tree_file(XXH3_state_t *st, const char *tree, const char *rel)
{
	char err[256], *buf;
	size_t len;

	XXH3_128bits_update(st, rel, strlen(rel) + 1);
	if (tree_read(tree, rel, &buf, &len, err, sizeof(err)) == 0) {
		XXH3_128bits_update(st, buf, len);
		free(buf);
	}
}

static char *key_of(const struct objbuild *b, const struct objpair *p)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h;

	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, MAGIC KPCHECK_VERSION BUILD_FLAGS,
			    sizeof(MAGIC KPCHECK_VERSION BUILD_FLAGS));
	XXH3_128bits_update(st, b->tree, strlen(b->tree) + 1);
	XXH3_128bits_update(st, p->obj, strlen(p->obj) + 1);
	hash_tree_file(st, b->tree, ".config");
	hash_tree_file(st, b->tree, "Makefile");
	/* the compiler's version text, as the tree was configured with it */
	hash_tree_file(st, b->tree, "include/config/auto.conf");
	for (int i = 0; i < p->npre; i++) {
		XXH3_128bits_update(st, p->pre[i].path, strlen(p->pre[i].path) + 1);
		XXH3_128bits_update(st, p->pre[i].text, p->pre[i].len);
	}
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return xasprintf("%016llx%016llx", (unsigned long long)h.high64,
			 (unsigned long long)h.low64);
}

/* Where dependency @dep of a build lies: absolute, in the prepared layer,
 * or in the tree. */
static char *dep_path(const struct objbuild *b, const char *dep)
{
	char *p;

	if (dep[0] == '/')
		return xstrdup(dep);
	if (b->prep) {
		p = xasprintf("%s/%s", b->prep, dep);
		if (access(p, F_OK) == 0)
			return p;
		free(p);
	}
	return xasprintf("%s/%s", b->tree, dep);
}

static bool written(const struct objpair *p, const char *dep)
{
	for (int i = 0; i < p->npre; i++)
		if (!strcmp(p->pre[i].path, dep))
			return true;
	return false;
}

/* kbuild's .cmd file of @obj, which objbuild moves beside it:
 * "dir/x.o" -> "dir/.x.o.cmd". */
static char *cmd_path(const char *obj)
{
	const char *slash = strrchr(obj, '/');

	return xasprintf("%.*s.%s.cmd", slash ? (int)(slash - obj + 1) : 0, obj,
			 slash ? slash + 1 : obj);
}

/* The deps_ block of the original's .cmd file: every file it was built
 * from, as "path size sec nsec" lines into @out. */
static int deps_of(const struct objbuild *b, const struct objpair *p, FILE *out)
{
	char *cmd = cmd_path(p->pre_dest), line[4096];
	FILE *f = fopen(cmd, "r");
	bool in = false;
	int n = 0;

	while (f && fgets(line, sizeof(line), f)) {
		char dep[4096], *path;
		struct stat st;

		if (str_starts(line, "deps_")) {
			in = true;
			continue;
		}
		if (in && !strstr(line, "\\"))
			break;
		if (!in || sscanf(line, " %4095s", dep) != 1 || dep[0] == '\\' ||
		    str_starts(dep, "$(") || written(p, dep))
			continue;
		path = dep_path(b, dep);
		if (stat(path, &st) == 0) {
			fprintf(out, "%s %lld %lld %ld\n", path, (long long)st.st_size,
				(long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
			n++;
		}
		free(path);
	}
	if (f)
		fclose(f);
	free(cmd);
	return n ? 0 : -1;
}

struct header {
	char magic[8];
	char version[24];
	uint64_t deps_len, cmd_len, obj_len, sum;
};

static bool deps_fresh(const char *deps, size_t len)
{
	char *copy = xstrndup(deps, len), *save = NULL;
	bool fresh = true;

	for (char *l = strtok_r(copy, "\n", &save); l && fresh; l = strtok_r(NULL, "\n", &save)) {
		char path[4096];
		long long size, sec;
		long nsec;
		struct stat st;

		fresh = sscanf(l, "%4095s %lld %lld %ld", path, &size, &sec, &nsec) == 4 &&
			stat(path, &st) == 0 && st.st_size == size &&
			st.st_mtim.tv_sec == sec && st.st_mtim.tv_nsec == nsec;
	}
	free(copy);
	return fresh;
}

static void write_all(const char *dest, const char *buf, size_t len, bool *ok)
{
	FILE *f = fopen(dest, "wb");

	*ok = f && fwrite(buf, 1, len, f) == len;
	if (f && fclose(f))
		*ok = false;
}

/* The cached original, and its .cmd file, into p->pre_dest; 0 on a
 * trusted hit. */
static int cache_load(const char *key, const struct objpair *p)
{
	char *dir = kpcache_dir(KPCACHE_OBJECTS), *path = NULL, *buf = NULL, *cmd;
	struct header h;
	struct stat st;
	FILE *f = NULL;
	bool ok = false;
	uint64_t len = 0;

	if (dir && (path = xasprintf("%s/%s", dir, key)) && (f = fopen(path, "rb")) &&
	    fstat(fileno(f), &st) == 0 && fread(&h, sizeof(h), 1, f) == 1 &&
	    !memcmp(h.magic, MAGIC, 8) &&
	    !strncmp(h.version, KPCHECK_VERSION, sizeof(h.version)) &&
	    (len = h.deps_len + h.cmd_len + h.obj_len) >= h.obj_len &&
	    (uint64_t)st.st_size == sizeof(h) + len) {
		buf = xmalloc(len + 1);
		ok = fread(buf, 1, len, f) == len && XXH3_64bits(buf, len) == h.sum &&
		     deps_fresh(buf, h.deps_len);
		if (ok)
			write_all(p->pre_dest, buf + h.deps_len + h.cmd_len, h.obj_len, &ok);
		if (ok) {
			cmd = cmd_path(p->pre_dest);
			write_all(cmd, buf + h.deps_len, h.cmd_len, &ok);
			free(cmd);
		}
	}
	if (ok)
		kpcache_touch(path);
	if (f)
		fclose(f);
	free(buf);
	free(path);
	free(dir);
	return ok ? 0 : -1;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;
	FILE *m = open_memstream(&buf, &cap);
	char chunk[65536];
	size_t n;

	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(m);
	*len = cap;
	if (!f || ferror(f)) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

/* Cache the original just built (its .cmd file lies beside it). */
static void cache_store(const char *key, const struct objbuild *b, const struct objpair *p)
{
	char *dir = kpcache_dir(KPCACHE_OBJECTS), *deps = NULL, *obj = NULL, *cmd = NULL;
	char *cmdp = cmd_path(p->pre_dest), *buf;
	size_t deps_len = 0, obj_len = 0, cmd_len = 0;
	FILE *d = open_memstream(&deps, &deps_len);
	struct header h = { MAGIC, "", 0, 0, 0, 0 };
	int r = dir ? deps_of(b, p, d) : -1;

	fclose(d);
	if (r == 0 && (obj = read_file(p->pre_dest, &obj_len)) &&
	    (cmd = read_file(cmdp, &cmd_len))) {
		strncpy(h.version, KPCHECK_VERSION, sizeof(h.version) - 1);
		h.deps_len = deps_len;
		h.cmd_len = cmd_len;
		h.obj_len = obj_len;
		buf = xmalloc(sizeof(h) + deps_len + cmd_len + obj_len);
		memcpy(buf + sizeof(h), deps, deps_len);
		memcpy(buf + sizeof(h) + deps_len, cmd, cmd_len);
		memcpy(buf + sizeof(h) + deps_len + cmd_len, obj, obj_len);
		h.sum = XXH3_64bits(buf + sizeof(h), deps_len + cmd_len + obj_len);
		memcpy(buf, &h, sizeof(h));
		if (kpcache_put(dir, key, buf, sizeof(h) + deps_len + cmd_len + obj_len) == 0)
			kpcache_trim(dir);
		free(buf);
	}
	free(deps);
	free(obj);
	free(cmd);
	free(cmdp);
	free(dir);
}

struct side {
	struct objbuild *b;
	const char *obj;
	const struct ob_file *files;
	int nfiles;
	const char *dest;
	int rc;
	double seconds;
};

static void *build(void *arg)
{
	struct side *s = arg;
	double t = now();

	s->rc = objbuild_make(s->b, s->obj, s->files, s->nfiles, s->dest);
	s->seconds = now() - t;
	return NULL;
}

/* Two CPUs free: no other task running on those this one may use. */
static bool two_free(void)
{
	return run_two_cpus_free("KPCHECK_OBJECT_BUILD");
}

static bool open_second(struct objbuild *b, struct objbuild *b2)
{
	if (objbuild_open(b2, b->tree) == 0)
		return true;
	objbuild_close(b2);
	return false;
}

/* The original in the second scratch and a thread, the patched here. */
static void build_two(struct side *pre, struct side *post)
{
	pthread_t t;

	if (pthread_create(&t, NULL, build, pre)) {
		build(pre);
		build(post);
		return;
	}
	build(post);
	pthread_join(t, NULL);
}

int objpair_build(struct objbuild *b, struct objpair *p)
{
	struct side pre = { b, p->obj, p->pre, p->npre, p->pre_dest, 0, 0 };
	struct side post = { b, p->obj, p->post, p->npost, p->post_dest, 0, 0 };
	char *key = getenv("KPCHECK_NO_CACHE") ? NULL : key_of(b, p);
	struct objbuild b2;

	p->cached = key && cache_load(key, p) == 0;
	p->at_once = false;
	if (p->cached) {
		build(&post);
	} else if (two_free() && open_second(b, &b2)) {
		p->at_once = true;
		pre.b = &b2;
		build_two(&pre, &post);
		if (pre.rc)
			memcpy(b->err, b2.err, sizeof(b->err));
		else if (key)
			cache_store(key, &b2, p);
		objbuild_close(&b2);
	} else {
		build(&pre);
		/* cached at once: a failed patched build still leaves it */
		if (pre.rc == 0 && key)
			cache_store(key, b, p);
		if (pre.rc == 0)
			build(&post);
	}
	p->pre_seconds = pre.seconds;
	p->post_seconds = post.seconds;
	free(key);
	return pre.rc || post.rc ? -1 : 0;
}
