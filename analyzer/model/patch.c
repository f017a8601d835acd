/*
 * Patch reader.  Accepts what kernel engineers actually send around:
 * git diff / git format-patch output, mbox files holding a series,
 * `diff -Nru old new` and kpatch's `diff -Nupr src.orig src`, with CRLF
 * line ends, "\ No newline at end of file", new, deleted, renamed, copied,
 * mode-only and binary files.  Paths are taken relative to the tree root
 * (one leading component stripped, as `patch -p1` does); absolute paths and
 * ".." components are refused, since nothing outside the tree may be read.
 *
 * The parser is strict about hunks (line counts must match the body) and
 * lax about everything around them (commit messages, trailers, "Only in"
 * lines), which is what patch(1) and git apply do too.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/model/patch.h"
#include "lib/util.h"

/* Inputs beyond these are refused rather than slowly chewed through. */
#define MAX_INPUT_BYTES (64u << 20)
#define MAX_FILES 20000

struct reader {
	struct kp_series *s;
	char **lines;		/* NUL-terminated, line ends removed */
	int *lens;
	int nlines;
	int cur;		/* index of the next line to read */
	char *err;
	size_t errlen;
};

static int fail(struct reader *r, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct reader *r, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%d: %s", r->s->input, line, msg);
	return -1;
}

int patch_read_input(const char *input, char **buf, size_t *size,
		     char *err, size_t errlen)
{
	FILE *f = strcmp(input, "-") ? fopen(input, "rb") : stdin;
	const char *name = strcmp(input, "-") ? input : "<stdin>";
	size_t cap = 1 << 16, n = 0, got;
	char *b;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", name, strerror(errno));
		return -1;
	}
	b = xmalloc(cap + 1);
	while ((got = fread(b + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > MAX_INPUT_BYTES) {
			snprintf(err, errlen, "%s:1: patch larger than %u MiB, refused",
				 name, MAX_INPUT_BYTES >> 20);
			goto bad;
		}
		if (n == cap)
			b = xrealloc(b, (cap *= 2) + 1);
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error: %s", name, strerror(errno));
		goto bad;
	}
	if (f != stdin)
		fclose(f);
	b[n] = 0;
	*buf = b;
	*size = n;
	return 0;
bad:
	if (f != stdin)
		fclose(f);
	free(b);
	return -1;
}

/* Split into lines in place; a NUL byte means this is no text patch. */
static int split_lines(struct reader *r, char *buf, size_t size)
{
	char *p = buf, *end = buf + size;
	int n = 0;

	if (memchr(buf, 0, size)) {
		size_t off = (char *)memchr(buf, 0, size) - buf;
		int line = 1;

		for (size_t i = 0; i < off; i++)
			line += buf[i] == '\n';
		return fail(r, line, "NUL byte in input: not a text patch");
	}
	while (p < end) {
		char *nl = memchr(p, '\n', end - p);
		int len = nl ? (int)(nl - p) : (int)(end - p);

		if (nl)
			*nl = 0;
		if (len > 0 && p[len - 1] == '\r')
			p[--len] = 0;
		VEC_PUSH(r->lines, n);
		r->lines[n - 1] = p;
		r->lens = vec_grow(r->lens, n - 1, sizeof(int));
		r->lens[n - 1] = len;
		p = nl ? nl + 1 : end;
	}
	r->nlines = n;
	return 0;
}

/* Strip "a/", "b/" or the first directory, as `patch -p1` does. */
static int clean_path(struct reader *r, int line, const char *raw, char **out)
{
	size_t len = strcspn(raw, "\t");
	char *p, *q;

	while (len && raw[len - 1] == ' ')
		len--;
	if (len >= 2 && raw[0] == '"')
		return fail(r, line, "quoted path names are not supported: %.*s",
			    (int)len, raw);
	p = xstrndup(raw, len);
	if (strcmp(p, "/dev/null") == 0) {
		free(p);
		*out = NULL;
		return 0;
	}
	if (p[0] == '/') {
		fail(r, line, "absolute path '%s' refused: paths must be inside the tree", p);
		free(p);
		return -1;
	}
	q = strchr(p, '/');
	memmove(p, q ? q + 1 : p, strlen(q ? q + 1 : p) + 1);
	/* "a//etc/passwd" is absolute once its first component is gone */
	if (p[0] == '/') {
		fail(r, line, "absolute path '%s' refused: paths must be inside the tree", p);
		free(p);
		return -1;
	}
	for (q = p; *q; q = q[strcspn(q, "/")] ? q + strcspn(q, "/") + 1 : q + strlen(q)) {
		if (strncmp(q, "..", 2) == 0 && (q[2] == '/' || q[2] == 0)) {
			fail(r, line, "path '%s' leaves the tree ('..'), refused", p);
			free(p);
			return -1;
		}
	}
	if (!*p) {
		free(p);
		return fail(r, line, "empty file name");
	}
	*out = p;
	return 0;
}

static struct kp_patch *new_patch(struct reader *r, int line)
{
	struct kp_series *s = r->s;
	struct kp_patch *p = VEC_PUSH(s->patches, s->npatches);

	p->input = s->input;
	p->index = s->npatches;
	p->patch_line = line;
	return p;
}

static struct kp_file *new_file(struct reader *r, struct kp_patch *p, int line)
{
	struct kp_file *f;

	if (p->nfiles >= MAX_FILES) {
		fail(r, line, "more than %d files in one patch, refused", MAX_FILES);
		return NULL;
	}
	f = VEC_PUSH(p->files, p->nfiles);
	f->patch_line = line;
	return f;
}

/* "From <sha1> Mon Sep 17 00:00:00 2001" or "From user@host <date>":
 * a mbox separator always carries a time of day. */
static bool is_mbox_from(const char *l)
{
	const char *p;

	if (!str_starts(l, "From ") || l[5] == ' ' || !l[5])
		return false;
	for (p = strchr(l, ':'); p; p = strchr(p + 1, ':'))
		if (p - l >= 2 && p[-1] >= '0' && p[-1] <= '9' &&
		    p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
		    p[3] == ':')
			return true;
	return false;
}

/* Parse "@@ -a[,b] +c[,d] @@[ section]". */
static int parse_hunk_header(struct reader *r, int line, const char *l,
			     struct kp_hunk *h)
{
	int n = 0;

	h->old_count = h->new_count = 1;
	if (sscanf(l, "@@ -%d%n", &h->old_start, &n) != 1)
		goto bad;
	l += n;
	if (*l == ',' && sscanf(l, ",%d%n", &h->old_count, &n) == 1)
		l += n;
	if (sscanf(l, " +%d%n", &h->new_start, &n) != 1)
		goto bad;
	l += n;
	if (*l == ',' && sscanf(l, ",%d%n", &h->new_count, &n) == 1)
		l += n;
	if (strncmp(l, " @@", 3) != 0)
		goto bad;
	if (h->old_start < 0 || h->new_start < 0 || h->old_count < 0 ||
	    h->new_count < 0 || h->old_count > 50000000 || h->new_count > 50000000)
		goto bad;
	l += 3;
	while (*l == ' ')
		l++;
	h->section = *l ? xstrdup(l) : NULL;
	h->patch_line = line;
	return 0;
bad:
	return fail(r, line, "malformed hunk header");
}

static void add_hunk_line(struct kp_hunk *h, enum kp_line_kind kind,
			  const char *text, int len, int patch_line,
			  int *old_no, int *new_no)
{
	struct kp_line *ln = VEC_PUSH(h->lines, h->nlines);

	ln->kind = kind;
	ln->text = text;
	ln->len = len;
	ln->patch_line = patch_line;
	if (kind != LINE_ADD)
		ln->old_no = (*old_no)++;
	if (kind != LINE_DEL)
		ln->new_no = (*new_no)++;
	h->added += kind == LINE_ADD;
	h->deleted += kind == LINE_DEL;
}

/* Read the body of a hunk whose header was just consumed. */
static int parse_hunk_body(struct reader *r, struct kp_hunk *h)
{
	int old_left = h->old_count, new_left = h->new_count;
	int old_no = h->old_start ? h->old_start : 1;
	int new_no = h->new_start ? h->new_start : 1;

	while (old_left > 0 || new_left > 0) {
		const char *l;
		int len, line = r->cur + 1;

		if (r->cur >= r->nlines)
			return fail(r, line - 1, "truncated hunk: %d old and %d new lines missing",
				    old_left, new_left);
		l = r->lines[r->cur];
		len = r->lens[r->cur];
		r->cur++;
		if (l[0] == '\\' && h->nlines) {
			h->lines[h->nlines - 1].no_newline = true;
			continue;
		}
		enum kp_line_kind kind = l[0] == '+' ? LINE_ADD :
					 l[0] == '-' ? LINE_DEL : LINE_CONTEXT;
		if (l[0] != '+' && l[0] != '-' && l[0] != ' ' && len != 0)
			return fail(r, line, "hunk ends early: %d old and %d new lines "
				    "announced by line %d are missing",
				    old_left, new_left, h->patch_line);
		if ((kind != LINE_ADD && old_left == 0) ||
		    (kind != LINE_DEL && new_left == 0))
			return fail(r, line, "hunk line counts do not match its body "
				    "(header at line %d)", h->patch_line);
		old_left -= kind != LINE_ADD;
		new_left -= kind != LINE_DEL;
		add_hunk_line(h, kind, len ? l + 1 : l, len ? len - 1 : 0, line,
			      &old_no, &new_no);
	}
	if (r->cur < r->nlines && r->lines[r->cur][0] == '\\') {
		if (h->nlines)
			h->lines[h->nlines - 1].no_newline = true;
		r->cur++;
	}
	return 0;
}

/* After a hunk: a stray +/- line means the header's counts were too small. */
static int check_after_hunk(struct reader *r)
{
	const char *l;

	if (r->cur >= r->nlines)
		return 0;
	l = r->lines[r->cur];
	if ((l[0] == '+' && !str_starts(l, "+++ ")) ||
	    (l[0] == '-' && !str_starts(l, "--- ") && strcmp(l, "-- ") != 0 &&
	     strcmp(l, "--") != 0))
		return fail(r, r->cur + 1, "line outside any hunk: the hunk's line "
			    "counts are smaller than its body");
	return 0;
}

static int parse_hunks(struct reader *r, struct kp_file *f)
{
	while (r->cur < r->nlines && str_starts(r->lines[r->cur], "@@ ")) {
		struct kp_hunk *h = VEC_PUSH(f->hunks, f->nhunks);

		if (parse_hunk_header(r, r->cur + 1, r->lines[r->cur], h))
			return -1;
		r->cur++;
		if (parse_hunk_body(r, h) || check_after_hunk(r))
			return -1;
	}
	return 0;
}

/* "--- a/x" then "+++ b/x" then hunks. */
static int parse_unified(struct reader *r, struct kp_file *f)
{
	int line = r->cur + 1;
	char *old = NULL, *new = NULL;

	if (r->cur + 1 >= r->nlines || !str_starts(r->lines[r->cur + 1], "+++ "))
		return fail(r, line, "'---' line not followed by '+++'");
	if (clean_path(r, line, r->lines[r->cur] + 4, &old) ||
	    clean_path(r, line + 1, r->lines[r->cur + 1] + 4, &new)) {
		free(old);
		return -1;
	}
	r->cur += 2;
	if (!old && !new)
		return fail(r, line, "both sides are /dev/null");
	if (!f->old_path && !f->new_path) {
		f->old_path = old;
		f->new_path = new;
	} else {
		free(old);
		free(new);
	}
	if (!old && f->status == FILE_MODIFIED)
		f->status = FILE_NEW;
	if (!new && f->status == FILE_MODIFIED)
		f->status = FILE_DELETED;
	if (r->cur >= r->nlines || !str_starts(r->lines[r->cur], "@@ "))
		return fail(r, line + 2, "file header without any hunk");
	return parse_hunks(r, f);
}

static unsigned int parse_mode(const char *s)
{
	return (unsigned int)strtoul(s, NULL, 8);
}

/* Extended header lines after "diff --git". Returns 1 when not one. */
static int git_header_line(struct reader *r, struct kp_file *f, const char *l)
{
	int line = r->cur + 1;

	if (str_starts(l, "old mode "))
		f->old_mode = parse_mode(l + 9);
	else if (str_starts(l, "new mode "))
		f->new_mode = parse_mode(l + 9);
	else if (str_starts(l, "deleted file mode ")) {
		f->status = FILE_DELETED;
		f->old_mode = parse_mode(l + 18);
	} else if (str_starts(l, "new file mode ")) {
		f->status = FILE_NEW;
		f->new_mode = parse_mode(l + 14);
	} else if (str_starts(l, "rename from ") || str_starts(l, "copy from ")) {
		f->status = l[0] == 'r' ? FILE_RENAMED : FILE_COPIED;
	} else if (str_starts(l, "rename to ") || str_starts(l, "copy to ") ||
		   str_starts(l, "similarity index ") ||
		   str_starts(l, "dissimilarity index ") || str_starts(l, "index ")) {
		/* paths come from the "diff --git" line */
	} else if (str_starts(l, "Binary files ") || strcmp(l, "GIT binary patch") == 0) {
		f->binary = true;
	} else {
		return 1;
	}
	(void)line;
	return 0;
}

/* Paths on "diff --git a/X b/Y" for files without ---/+++ lines. */
static int git_diff_paths(struct reader *r, struct kp_file *f, const char *l)
{
	const char *b = strstr(l + 11, " b/");
	char *tmp;

	if (!str_starts(l + 11, "a/") || !b)
		return fail(r, r->cur + 1, "cannot read the paths of this 'diff --git' line");
	tmp = xstrndup(l + 11, b - (l + 11));
	if (clean_path(r, r->cur + 1, tmp, &f->old_path)) {
		free(tmp);
		return -1;
	}
	free(tmp);
	return clean_path(r, r->cur + 1, b + 1, &f->new_path);
}

static void skip_binary_data(struct reader *r)
{
	/* "literal N" / "delta N" blocks of base85 lines end at a blank line */
	while (r->cur < r->nlines && r->lens[r->cur] != 0 &&
	       !str_starts(r->lines[r->cur], "diff "))
		r->cur++;
}

static void git_fix_status(struct kp_file *f)
{
	if (f->status == FILE_NEW) {
		free(f->old_path);
		f->old_path = NULL;
	} else if (f->status == FILE_DELETED) {
		free(f->new_path);
		f->new_path = NULL;
	}
}

static void keep_git_name(char **unified, char *git)
{
	if (*unified && git) {
		free(*unified);
		*unified = git;
	} else {
		free(git);
	}
}

static int parse_git_file(struct reader *r, struct kp_patch *p)
{
	struct kp_file *f = new_file(r, p, r->cur + 1);

	if (!f || git_diff_paths(r, f, r->lines[r->cur]))
		return -1;
	r->cur++;
	while (r->cur < r->nlines && git_header_line(r, f, r->lines[r->cur]) == 0) {
		r->cur++;
		if (f->binary) {
			skip_binary_data(r);
			break;
		}
	}
	git_fix_status(f);
	if (r->cur < r->nlines && str_starts(r->lines[r->cur], "--- ") && !f->binary) {
		char *o = f->old_path, *n = f->new_path;

		f->old_path = f->new_path = NULL;
		if (parse_unified(r, f)) {
			free(o);
			free(n);
			return -1;
		}
		/* the unified header tells /dev/null, git's line the names */
		keep_git_name(&f->old_path, o);
		keep_git_name(&f->new_path, n);
	}
	return 0;
}

static int parse_plain_file(struct reader *r, struct kp_patch *p)
{
	struct kp_file *f = new_file(r, p, r->cur + 1);

	return f ? parse_unified(r, f) : -1;
}

static void read_mail_header(struct reader *r, struct kp_patch *p)
{
	while (r->cur < r->nlines && r->lens[r->cur] != 0) {
		const char *l = r->lines[r->cur];

		if (str_starts(l, "Subject: ") && !p->subject)
			p->subject = xstrdup(l + 9);
		else if (l[0] == ' ' && p->subject && r->cur &&
			 str_starts(r->lines[r->cur - 1], "Subject: ")) {
			char *s = xasprintf("%s%s", p->subject, l);

			free(p->subject);
			p->subject = s;
		} else if (str_starts(l, "From: ") && !p->from)
			p->from = xstrdup(l + 6);
		r->cur++;
	}
}

/* One step of the top-level loop; returns -1 on error. */
static int parse_step(struct reader *r, struct kp_patch **p)
{
	const char *l = r->lines[r->cur];

	if (is_mbox_from(l)) {
		if (!*p || (*p)->nfiles)
			*p = new_patch(r, r->cur + 1);
		r->cur++;
		read_mail_header(r, *p);
		return 0;
	}
	if (!*p)
		*p = new_patch(r, r->cur + 1);
	if (str_starts(l, "diff --git "))
		return parse_git_file(r, *p);
	if (str_starts(l, "--- ") && r->cur + 1 < r->nlines &&
	    str_starts(r->lines[r->cur + 1], "+++ "))
		return parse_plain_file(r, *p);
	if (str_starts(l, "@@ ") && !(*p)->nfiles)
		return fail(r, r->cur + 1, "hunk without a file header");
	r->cur++;
	return 0;
}

static void set_paths(struct kp_series *s)
{
	for (int i = 0; i < s->npatches; i++)
		for (int j = 0; j < s->patches[i].nfiles; j++) {
			struct kp_file *f = &s->patches[i].files[j];

			f->path = f->new_path ? f->new_path : f->old_path;
		}
}

/* Drop mails of a series that carry no diff (a cover letter). */
static void drop_empty_patches(struct kp_series *s)
{
	int n = 0;

	for (int i = 0; i < s->npatches; i++) {
		if (s->patches[i].nfiles == 0 && s->npatches > 1) {
			free(s->patches[i].subject);
			free(s->patches[i].from);
			continue;
		}
		s->patches[n] = s->patches[i];
		s->patches[n].index = n + 1;
		n++;
	}
	s->npatches = n;
}

int patch_parse(struct kp_series *s, const char *input, char *buf,
		size_t size, char *err, size_t errlen)
{
	struct reader r = { .s = s, .err = err, .errlen = errlen };
	struct kp_patch *p = NULL;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	s->input = strcmp(input, "-") ? input : "<stdin>";
	s->buf = buf;
	s->size = size;
	if (split_lines(&r, buf, size))
		ret = -1;
	while (!ret && r.cur < r.nlines)
		ret = parse_step(&r, &p);
	if (!ret) {
		drop_empty_patches(s);
		if (s->npatches == 0 || s->patches[0].nfiles == 0)
			ret = fail(&r, r.nlines ? r.nlines : 1,
				   size ? "no diff found in input" : "empty input: no diff found");
	}
	set_paths(s);
	free(r.lines);
	free(r.lens);
	/* the caller gets nothing to free from a failed parse, @buf included */
	if (ret)
		patch_free(s);
	return ret;
}

void patch_free(struct kp_series *s)
{
	for (int i = 0; i < s->npatches; i++) {
		struct kp_patch *p = &s->patches[i];

		for (int j = 0; j < p->nfiles; j++) {
			struct kp_file *f = &p->files[j];

			for (int k = 0; k < f->nhunks; k++) {
				free(f->hunks[k].section);
				free(f->hunks[k].lines);
			}
			free(f->hunks);
			free(f->old_path);
			free(f->new_path);
		}
		free(p->files);
		free(p->subject);
		free(p->from);
	}
	free(s->patches);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}
