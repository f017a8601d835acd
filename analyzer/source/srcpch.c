/*
 * Both images of a patched .c file through a stored preamble (srcpch.h).
 *
 * When the patch leaves a file's preamble (its leading comments and
 * directives: clang-pch.h) alone and touches no header, the pre-image
 * and the post-image share it: it is precompiled once, kept in
 * $KPCHECK_CACHE/preambles, and each image costs only the rest of the
 * file.  A later run on the same base takes the pre-image's facts from
 * the facts cache and parses the post-image's body alone.
 *
 * Key of a preamble: kpcheck's version, libclang's, the clang arguments,
 * the file's path and the preamble's bytes.  The headers it read are not
 * in the key: clang checks their size and mtime when it loads the
 * preamble and refuses a stale one, and the facts cache checks them too.
 * Beside each preamble, NAME.inc lists those headers.
 */
#include <clang-c/Index.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include "analyzer/source/clang-pch.h"
#include "analyzer/source/preamble.h"
#include "analyzer/source/srccache.h"
#include "analyzer/source/srcpch.h"
#include "lib/kpcache.h"
#include "lib/run.h"
#include "lib/util.h"

#define INC_MAGIC "KPCPCH 1 " KPCHECK_VERSION "\n"

struct images {
	struct src_run *r;
	const char *abs;
	struct cflags *cf;
	struct cl_pch pch;
	char *dir, *name, *path;	/* the preamble's cache entry */
	char *pre, *post;		/* the images, preamble blanked */
	size_t pre_len, post_len;
};

static const struct kp_file_model *file_model(const struct src_run *r, const char *abs)
{
	for (int i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].abs, abs))
			return r->files[i].fm;
	return NULL;
}

static char *preamble_name(const struct images *m)
{
	XXH3_state_t *st = XXH3_createState();
	CXString cv = clang_getClangVersion();
	XXH128_hash_t h;

	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, INC_MAGIC, sizeof(INC_MAGIC));
	XXH3_128bits_update(st, clang_getCString(cv), strlen(clang_getCString(cv)) + 1);
	clang_disposeString(cv);
	for (int i = 0; i < m->cf->argc; i++)
		XXH3_128bits_update(st, m->cf->argv[i], strlen(m->cf->argv[i]) + 1);
	XXH3_128bits_update(st, m->abs, strlen(m->abs) + 1);
	XXH3_128bits_update(st, m->pch.text, m->pch.len);
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return xasprintf("%016llx%016llx", (unsigned long long)h.high64,
			 (unsigned long long)h.low64);
}

/* Set the images up; -1 when the patch changes the preamble or there is
 * none worth storing. */
static int images_init(struct images *m)
{
	const struct kp_file_model *fm = file_model(m->r, m->abs);
	size_t end;

	if (!fm || !fm->pre || !fm->post)
		return -1;
	end = cl_preamble_end(fm->pre, fm->pre_len);
	if (!end || end != cl_preamble_end(fm->post, fm->post_len) ||
	    memcmp(fm->pre, fm->post, end))
		return -1;
	m->dir = kpcache_dir(KPCACHE_PREAMBLES);
	if (!m->dir)
		return -1;
	m->pch.text = fm->pre;
	m->pch.len = end;
	m->pch.header = xasprintf("%s.kpcheck-preamble.h", m->abs);
	m->name = preamble_name(m);
	m->path = xasprintf("%s/%s", m->dir, m->name);
	m->pre = cl_preamble_blank(fm->pre, fm->pre_len, end);
	m->pre_len = fm->pre_len;
	m->post = cl_preamble_blank(fm->post, fm->post_len, end);
	m->post_len = fm->post_len;
	return 0;
}

static void images_free(struct images *m)
{
	cl_pch_free(&m->pch);
	free(m->dir);
	free(m->name);
	free(m->path);
	free(m->pre);
	free(m->post);
}

/* The run's unsaved files with the main file's text replaced by @text;
 * @helpers_only drops the other patched files (the pre-image's are on
 * disk). */
static struct cl_unsaved *unsaved_with(const struct images *m, const char *text,
				       size_t len, bool helpers_only, int *n)
{
	const struct src_run *r = m->r;
	struct cl_unsaved *v = xcalloc(r->nunsaved + 1, sizeof(*v));

	*n = 0;
	v[(*n)++] = (struct cl_unsaved){ m->abs, text, len };
	for (int i = helpers_only ? r->nfiles : 0; i < r->nunsaved; i++)
		if (strcmp(r->unsaved[i].path, m->abs))
			v[(*n)++] = r->unsaved[i];
	return v;
}

static int parse_image(struct images *m, bool post, struct cl_unit *u, char *err,
		       size_t errlen)
{
	int n, rc;
	struct cl_unsaved *v = unsaved_with(m, post ? m->post : m->pre,
					    post ? m->post_len : m->pre_len, !post, &n);

	rc = cl_parse_pch(m->abs, (const char *const *)m->cf->argv, m->cf->argc, m->path,
			  v, n, m->r->wanted, m->r->nfiles, u, err, errlen);
	free(v);
	return rc;
}

/* "size sec nsec path" of a file the preamble read; size -1 for the
 * files given in memory (the preamble's own header, the helpers). */
static char *include_line(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return xasprintf("-1 0 0 %s\n", path);
	return xasprintf("%lld %lld %ld %s\n", (long long)st.st_size,
			 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, path);
}

/*
 * The headers of the stored preamble, if each still has the size and
 * mtime it had when it was made.  clang checks them too when it loads
 * the preamble, but to the second only.
 */
static int read_includes(struct images *m)
{
	char *inc = xasprintf("%s.inc", m->path), *line = NULL, *now;
	FILE *f = fopen(inc, "r");
	size_t cap = 0;
	ssize_t len;
	long long size, sec;
	long nsec;
	int at;
	bool ok = f && getline(&line, &cap, f) > 0 && !strcmp(line, INC_MAGIC);

	while (ok && (len = getline(&line, &cap, f)) > 1 && line[len - 1] == '\n') {
		at = 0;
		ok = sscanf(line, "%lld %lld %ld %n", &size, &sec, &nsec, &at) == 3 && at > 0;
		if (!ok)
			break;
		line[len - 1] = '\0';
		now = include_line(line + at);
		line[len - 1] = '\n';
		ok = !strncmp(line, "-1 ", 3) || !strcmp(now, line);
		free(now);
		*VEC_PUSH(m->pch.includes, m->pch.nincludes) = xstrndup(line + at, len - 1 - at);
	}
	ok = ok && feof(f) && m->pch.nincludes;
	if (f)
		fclose(f);
	free(line);
	free(inc);
	return ok && access(m->path, R_OK) == 0 ? 0 : -1;
}

static void write_includes(const struct images *m)
{
	char *name = xasprintf("%s.inc", m->name), *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	fputs(INC_MAGIC, f);
	for (int i = 0; i < m->pch.nincludes; i++) {
		char *l = include_line(m->pch.includes[i]);

		fputs(l, f);
		free(l);
	}
	if (fclose(f) == 0)
		kpcache_put(m->dir, name, text, len);
	free(text);
	free(name);
}

/* The stored preamble, made now if there is none (*@made). */
static int get_preamble(struct images *m, bool *made, char *err, size_t errlen)
{
	const struct src_run *r = m->r;
	char *tmp;
	int rc;

	*made = false;
	if (read_includes(m) == 0) {
		kpcache_touch(m->path);
		return 0;
	}
	/* a sidecar cut short may have left a few */
	cl_pch_drop_includes(&m->pch);
	/* room first: the new entry may be all a small bound holds */
	kpcache_trim(m->dir);
	tmp = kpcache_tmp(m->dir, m->name);
	rc = cl_pch_build(&m->pch, (const char *const *)m->cf->argv, m->cf->argc,
			  r->unsaved + r->nfiles, r->nunsaved - r->nfiles, tmp, err, errlen);
	if (rc == 0)
		rc = kpcache_commit(tmp, m->dir, m->name);
	else
		unlink(tmp);
	free(tmp);
	if (rc == 0) {
		write_includes(m);
		*made = true;
	}
	return rc;
}

/* clang refused the stored preamble (a header changed since, or the
 * entry is damaged): the next get_preamble() makes it again. */
static void drop_preamble(struct images *m)
{
	char *inc = xasprintf("%s.inc", m->path);

	unlink(m->path);
	unlink(inc);
	free(inc);
	cl_pch_drop_includes(&m->pch);
}

/* A patched file inside the preamble would lose its function bodies. */
static bool holds_patched(const struct images *m)
{
	for (int i = 0; i < m->pch.nincludes; i++)
		for (int j = 0; j < m->r->nfiles; j++)
			if (!strcmp(m->pch.includes[i], m->r->wanted[j]))
				return true;
	return false;
}

struct image_job {
	struct images *m;
	bool post;
	struct cl_unit *u;
	int rc;
	char err[512];
};

static void *image_job_run(void *arg)
{
	struct image_job *j = arg;

	j->rc = parse_image(j->m, j->post, j->u, j->err, sizeof(j->err));
	return NULL;
}

/* Both images against the preamble, at once when two CPUs are free. */
static int parse_images(struct images *m, struct cl_unit *pre, struct cl_unit *post,
			char *err, size_t errlen)
{
	struct image_job a = { m, false, pre, 0, "" }, b = { m, true, post, 0, "" };
	pthread_t t;
	bool threaded = run_two_cpus_free("KPCHECK_SOURCE_PARSE") &&
			!pthread_create(&t, NULL, image_job_run, &a);

	image_job_run(&b);
	if (threaded)
		pthread_join(t, NULL);
	else
		image_job_run(&a);
	snprintf(err, errlen, "%s", a.rc ? a.err : b.err);
	if (a.rc || b.rc) {
		cl_unit_free(pre);
		cl_unit_free(post);
	}
	return a.rc || b.rc ? -1 : 0;
}

/* Both images through the stored preamble, made again once if clang
 * refuses it. */
static int parse_with_preamble(struct images *m, struct cl_unit *pre, struct cl_unit *post,
			       char *err, size_t errlen)
{
	bool made;

	if (get_preamble(m, &made, err, errlen) || holds_patched(m))
		return -1;
	if (parse_images(m, pre, post, err, errlen) == 0)
		return 0;
	if (made)
		return -1;
	drop_preamble(m);
	return get_preamble(m, &made, err, errlen) ||
	       parse_images(m, pre, post, err, errlen) ? -1 : 0;
}

/* What the pre-image's facts rest on, for the facts cache to check. */
static void add_preamble_includes(const struct images *m, struct cl_unit *pre)
{
	for (int i = 0; i < m->pch.nincludes; i++)
		*VEC_PUSH(pre->includes, pre->nincludes) = xstrdup(m->pch.includes[i]);
}

static int parse_both(struct images *m, const char *key, struct cl_unit *pre,
		      struct cl_unit *post, char *err, size_t errlen)
{
	if (parse_with_preamble(m, pre, post, err, errlen))
		return -1;
	add_preamble_includes(m, pre);
	if (!pre->error)
		srccache_store(key, m->r->nfiles, pre);
	return 0;
}

/* The pre-image's facts from the cache, the post-image's body parsed. */
static int parse_post_only(struct images *m, const char *key, struct cl_unit *pre,
			   struct cl_unit *post, char *err, size_t errlen)
{
	if (srccache_load(key, m->r->nfiles, pre) || access(m->path, R_OK))
		return -1;
	if (parse_image(m, true, post, err, errlen)) {
		drop_preamble(m);
		return -1;
	}
	kpcache_touch(m->path);
	return 0;
}

int srcpch_images(struct src_run *r, const char *abs, struct cflags *cf,
		  struct cl_unit *pre, struct cl_unit *post, char *err, size_t errlen)
{
	struct images m = { .r = r, .abs = abs, .cf = cf };
	char *key = NULL;
	int rc = -1;

	/* no key: the caches are off (KPCHECK_NO_CACHE) */
	key = srccache_key(abs, cf, r->wanted, r->nfiles, SRCCACHE_PREAMBLE);
	if (key && images_init(&m) == 0) {
		rc = parse_post_only(&m, key, pre, post, err, errlen);
		if (rc) {
			cl_unit_free(pre);
			cl_unit_free(post);
			rc = parse_both(&m, key, pre, post, err, errlen);
		}
	}
	if (rc) {
		cl_unit_free(pre);
		cl_unit_free(post);
	}
	free(key);
	images_free(&m);
	return rc;
}
