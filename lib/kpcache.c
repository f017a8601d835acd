/*
 * Placement, atomic writes, LRU bound and counts of kpcheck's caches
 * (see kpcache.h).  Every failure here costs the next run time, never a
 * wrong answer, so errors are swallowed.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "lib/cache.h"
#include "lib/kpcache.h"
#include "lib/util.h"

char *kpcache_dir(const char *sub)
{
	return cache_dir(sub);
}

uint64_t kpcache_limit(const char *sub)
{
	const char *s = getenv("KPCHECK_CACHE_MAX");
	char *end;
	unsigned long long mib = s ? strtoull(s, &end, 10) : 0;

	if (!s || *end || !mib)
		/* a preamble weighs 5-20 MB: a backlog of a hundred files */
		mib = !strcmp(sub, KPCACHE_PREAMBLES) ? 4096 : 1024;
	return (uint64_t)mib << 20;
}

char *kpcache_tmp(const char *dir, const char *name)
{
	return xasprintf("%s/.tmp.%s.%d.%lx", dir, name, (int)getpid(),
			 (unsigned long)random());
}

int kpcache_commit(const char *tmp, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	/* rename() replaces atomically: a reader sees the old or the new */
	int r = rename(tmp, path);

	if (r)
		unlink(tmp);
	free(path);
	return r;
}

int kpcache_put(const char *dir, const char *name, const void *buf, size_t len)
{
	char *tmp = kpcache_tmp(dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), r = -1;

	if (fd >= 0) {
		r = write(fd, buf, len) == (ssize_t)len ? 0 : -1;
		r |= close(fd);
		if (r == 0)
			r = kpcache_commit(tmp, dir, name);
		else
			unlink(tmp);
	}
	free(tmp);
	return r;
}

void kpcache_touch(const char *path)
{
	utimensat(AT_FDCWD, path, NULL, 0);
}

struct entry {
	char *path;
	uint64_t size;
	struct timespec used;
};

static int older(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	return x->used.tv_nsec < y->used.tv_nsec ? -1 : x->used.tv_nsec > y->used.tv_nsec;
}

/* The entries of @dir (temporary files of crashed writers included once
 * they are an hour old), and their total size. */
static int list(const char *dir, struct entry **out, uint64_t *total)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct entry *v = NULL;
	int n = 0;
	time_t hour_ago = time(NULL) - 3600;

	*total = 0;
	while (d && (e = readdir(d))) {
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;

		if ((e->d_name[0] == '.' && (!str_starts(e->d_name, ".tmp.") ||
					     (stat(p, &st) == 0 && st.st_mtime > hour_ago))) ||
		    stat(p, &st) || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		*VEC_PUSH(v, n) = (struct entry){ p, (uint64_t)st.st_size, st.st_mtim };
		*total += st.st_size;
	}
	if (d)
		closedir(d);
	*out = v;
	return n;
}

static void free_list(struct entry *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

void kpcache_trim(const char *dir)
{
	const char *base = strrchr(dir, '/');
	uint64_t total, limit = kpcache_limit(base ? base + 1 : dir);
	struct entry *v;
	int n = list(dir, &v, &total);

	if (total > limit) {
		qsort(v, n, sizeof(*v), older);
		for (int i = 0; i < n && total > limit / 4 * 3; i++)
			if (unlink(v[i].path) == 0)
				total -= v[i].size;
	}
	free_list(v, n);
}

void kpcache_count(const char *sub, long *entries, uint64_t *bytes)
{
	char *dir = cache_dir(sub);
	struct entry *v;

	*bytes = 0;
	*entries = dir ? list(dir, &v, bytes) : (v = NULL, 0);
	free_list(v, (int)*entries);
	free(dir);
}

long kpcache_clear(const char *sub)
{
	char *dir = cache_dir(sub);
	struct entry *v = NULL;
	uint64_t total;
	int n = dir ? list(dir, &v, &total) : 0;
	long removed = 0;

	for (int i = 0; i < n; i++)
		removed += unlink(v[i].path) == 0;
	free_list(v, n);
	free(dir);
	return removed;
}
