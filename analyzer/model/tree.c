/*
 * Tree reader.  The tree given with -C is read, never written: files are
 * opened with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) relative to
 * the root, so neither "../" nor a symlink pointing outside can escape it,
 * and the patch is applied to an in-memory copy.  Application follows
 * patch(1): a hunk is tried at its line, then at growing offsets, then
 * with up to two lines of leading/trailing context ignored (fuzz); offset
 * and fuzz are reported as notices, a hunk that fits nowhere is an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/tree.h"
#include "lib/util.h"

#define MAX_TREE_FILE (32u << 20)
#define MAX_FUZZ 2

static int open_beneath(const char *root, const char *path, int flags)
{
	struct open_how how = {
		.flags = flags | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	int dfd = open(root, O_DIRECTORY | O_RDONLY | O_CLOEXEC), fd;

	if (dfd < 0)
		return -1;
	fd = (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		/* kernels before 5.6: refuse every symlink instead */
		fd = openat(dfd, path, flags | O_CLOEXEC | O_NOFOLLOW);
	}
	close(dfd);
	return fd;
}

int tree_validate(const char *dir, char *err, size_t errlen)
{
	static const char *const marks[] = {
		"Makefile", "Kconfig", "include/linux/kernel.h", "kernel/fork.c",
	};
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: kernel tree not found: %s", dir,
			 errno ? strerror(errno) : "not a directory");
		return -1;
	}
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		int fd = open_beneath(dir, marks[i], O_RDONLY);

		if (fd < 0) {
			snprintf(err, errlen, "%s: not a kernel tree (no %s)", dir, marks[i]);
			return -1;
		}
		close(fd);
	}
	return 0;
}

static int read_fd(int fd, const char *path, char **buf, size_t *len,
		   char *err, size_t errlen)
{
	struct stat st;
	size_t n = 0;
	char *b;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file in the tree", path);
		return -1;
	}
	if ((size_t)st.st_size > MAX_TREE_FILE) {
		snprintf(err, errlen, "%s: file too large (%lld bytes)", path,
			 (long long)st.st_size);
		return -1;
	}
	b = xmalloc(st.st_size + 1);
	/* a file that grows while we read is cut at the size we saw */
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, b + n, st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

int tree_read(const char *root, const char *path, char **buf, size_t *len,
	      char *err, size_t errlen)
{
	int fd = open_beneath(root, path, O_RDONLY | O_NOCTTY | O_NONBLOCK), r;

	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s: cannot open in tree %s: %s", path, root,
			 errno == EXDEV || errno == ELOOP ?
			 "it leads outside the tree" : strerror(errno));
		return -1;
	}
	r = read_fd(fd, path, buf, len, err, errlen);
	close(fd);
	return r;
}

/* The lines of a text, as offsets, without their ends. */
struct text {
	const char **l;
	int *len;
	int n;
};

static void text_split(struct text *t, const char *s, size_t size)
{
	const char *p = s, *end = s + size;

	memset(t, 0, sizeof(*t));
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		int l = nl ? (int)(nl - p) : (int)(end - p);

		VEC_PUSH(t->l, t->n);
		t->len = vec_grow(t->len, t->n - 1, sizeof(int));
		t->l[t->n - 1] = p;
		t->len[t->n - 1] = l > 0 && p[l - 1] == '\r' ? l - 1 : l;
		p = nl ? nl + 1 : end;
	}
}

static bool line_eq(const struct text *t, int i, const struct kp_line *ln)
{
	return i >= 0 && i < t->n && t->len[i] == ln->len &&
	       memcmp(t->l[i], ln->text, ln->len) == 0;
}

/* Does the hunk's old side match at pre line @at, ignoring @fuzz context
 * lines at both ends? */
static bool hunk_fits(const struct text *t, const struct kp_hunk *h, int at, int fuzz)
{
	int i = at, seen = 0, total = h->old_count;

	for (int k = 0; k < h->nlines; k++) {
		const struct kp_line *ln = &h->lines[k];

		if (ln->kind == LINE_ADD)
			continue;
		bool edge = ln->kind == LINE_CONTEXT && (seen < fuzz || seen >= total - fuzz);

		if (!edge && !line_eq(t, i, ln))
			return false;
		i++;
		seen++;
	}
	return true;
}

/* Where does the hunk apply?  Returns the line index or -1. */
static int place_hunk(const struct text *t, const struct kp_hunk *h, int from,
		      int *fuzz_used)
{
	int want = (h->old_start ? h->old_start - 1 : 0);

	for (int fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
		for (int off = 0; off <= t->n; off++) {
			if (want + off >= from && want + off <= t->n &&
			    hunk_fits(t, h, want + off, fuzz)) {
				*fuzz_used = fuzz;
				return want + off;
			}
			if (off && want - off >= from && hunk_fits(t, h, want - off, fuzz)) {
				*fuzz_used = fuzz;
				return want - off;
			}
			if (want + off > t->n && want - off < from)
				break;
		}
	}
	return -1;
}

struct outbuf {
	char *s;
	size_t len, cap;
	int lines;		/* complete lines so far */
};

static void out_put(struct outbuf *o, const char *s, size_t n, bool nl)
{
	if (o->len + n + 2 > o->cap) {
		o->cap = (o->len + n + 2) * 2;
		o->s = xrealloc(o->s, o->cap);
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	if (nl) {
		o->s[o->len++] = '\n';
		o->lines++;
	}
	o->s[o->len] = 0;
}

static void copy_lines(struct outbuf *o, const struct text *t, int from, int to,
		       const char *pre, size_t pre_len)
{
	for (int i = from; i < to; i++) {
		size_t end = (t->l[i] - pre) + t->len[i];
		bool nl = end < pre_len;	/* the last line may lack one */

		out_put(o, t->l[i], t->len[i], nl);
	}
}

static void emit_hunk(struct outbuf *o, const struct kp_hunk *h)
{
	for (int k = 0; k < h->nlines; k++)
		if (h->lines[k].kind != LINE_DEL)
			out_put(o, h->lines[k].text, h->lines[k].len,
				!h->lines[k].no_newline);
}

/* Renumber a hunk to where it really applied, so every later position
 * (findings, the source tier) points into the real pre/post image. */
static void renumber(struct kp_hunk *h, int old_start, int new_start)
{
	int o = old_start, n = new_start;

	h->old_start = old_start;
	h->new_start = new_start;
	for (int k = 0; k < h->nlines; k++) {
		struct kp_line *ln = &h->lines[k];

		ln->old_no = ln->kind == LINE_ADD ? 0 : o++;
		ln->new_no = ln->kind == LINE_DEL ? 0 : n++;
	}
}

int tree_apply(struct kp_ctx *ctx, struct kp_file *f, const char *pre,
	       size_t pre_len, char **post, size_t *post_len,
	       char *err, size_t errlen)
{
	struct text t;
	struct outbuf o = { 0 };
	int pos = 0;

	text_split(&t, pre ? pre : "", pre ? pre_len : 0);
	out_put(&o, "", 0, false);
	for (int k = 0; k < f->nhunks; k++) {
		struct kp_hunk *h = &f->hunks[k];
		int fuzz = 0, at = place_hunk(&t, h, pos, &fuzz);

		if (at < 0) {
			snprintf(err, errlen, "%s:%d: hunk #%d of %s does not apply to the tree",
				 ctx->patch->input, h->patch_line, k + 1, f->path);
			free(t.l);
			free(t.len);
			free(o.s);
			return -1;
		}
		if (at != (h->old_start ? h->old_start - 1 : 0) || fuzz)
			ctx_notice(ctx, f->path, h->new_start,
				   "hunk #%d applies with offset %d and fuzz %d",
				   k + 1, at - (h->old_start ? h->old_start - 1 : 0), fuzz);
		copy_lines(&o, &t, pos, at, pre, pre_len);
		renumber(h, at + 1, o.lines + 1);
		emit_hunk(&o, h);
		pos = at + h->old_count;
	}
	copy_lines(&o, &t, pos, t.n, pre, pre_len);
	free(t.l);
	free(t.len);
	*post = o.s;
	*post_len = o.len;
	return 0;
}

static int overlay_find(const struct kp_overlay *o, const char *path)
{
	for (int i = o->n - 1; i >= 0; i--)
		if (!strcmp(o->paths[i], path))
			return i;
	return -1;
}

int overlay_get(const struct kp_overlay *o, const char *path,
		const char **text, size_t *len)
{
	int i = o ? overlay_find(o, path) : -1;

	if (i < 0)
		return -1;
	*text = o->texts[i];
	*len = o->lens[i];
	return o->texts[i] ? 0 : 1;
}

void overlay_put(struct kp_overlay *o, const char *path, const char *text,
		 size_t len)
{
	int i = overlay_find(o, path);

	if (i < 0) {
		i = o->n;
		VEC_PUSH(o->paths, o->n);
		o->texts = vec_grow(o->texts, i, sizeof(char *));
		o->lens = vec_grow(o->lens, i, sizeof(size_t));
		o->paths[i] = xstrdup(path);
	}
	free(o->texts[i]);
	o->texts[i] = text ? xstrndup(text, len) : NULL;
	o->lens[i] = len;
}

void overlay_free(struct kp_overlay *o)
{
	for (int i = 0; i < o->n; i++) {
		free(o->paths[i]);
		free(o->texts[i]);
	}
	free(o->paths);
	free(o->texts);
	free(o->lens);
	memset(o, 0, sizeof(*o));
}
