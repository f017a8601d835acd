/*
 * Triage inputs: files, folders of patches and stdin.  Every input is
 * parsed here, in the parent, so a bad one is named once before any child
 * runs, and a series (an mbox, `git format-patch --stdout`) is cut into
 * its mails: in a triage each patch is judged alone against the base.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "analyzer/model/patch.h"
#include "kpcheck.h"
#include "lib/util.h"
#include "triage/triage.h"

void triage_add_bad(struct triage *t, const char *input, const char *fmt, ...)
{
	struct tr_bad *b = VEC_PUSH(t->bad, t->nbad);
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	b->input = xstrdup(input);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* a child's error already names the program */
	b->message = xstrdup(str_starts(msg, "kpcheck: ") ? msg + 9 : msg);
	free(msg);
	fprintf(stderr, "kpcheck: triage: %s\n", b->message);
}

/* Offset of line @line (1-based) in @buf. */
static size_t line_offset(const char *buf, size_t size, int line)
{
	size_t off = 0;

	for (int l = 1; l < line && off < size; off++)
		if (buf[off] == '\n')
			l++;
	return off;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

static void add_item(struct triage *t, const struct kp_patch *p, const char *name,
		     const char *text, size_t len)
{
	struct tr_item *it = VEC_PUSH(t->items, t->nitems);

	it->name = xstrdup(name);
	it->subject = xstrdup(p->subject ? p->subject : base_name(name));
	it->text = xstrndup(text, len);
	it->len = len;
}

static bool same_file(const struct kp_patch *a, const struct kp_patch *b)
{
	for (int i = 0; i < a->nfiles; i++)
		for (int j = 0; j < b->nfiles; j++)
			if (!strcmp(a->files[i].path, b->files[j].path))
				return true;
	return false;
}

/* Two mails of the series patch one file: the later may need the earlier. */
static bool dependent(const struct kp_series *s)
{
	for (int i = 0; i < s->npatches; i++)
		for (int j = i + 1; j < s->npatches; j++)
			if (same_file(&s->patches[i], &s->patches[j]))
				return true;
	return false;
}

/*
 * One item per mail of the series, the text between two "From " lines;
 * without --each, a series whose mails patch a common file stays whole
 * (one row, judged as a series), since its later mails may not apply to
 * the base alone.
 */
static void split_series(struct triage *t, const char *input, const char *buf,
			 size_t size, const struct kp_series *s)
{
	if (s->npatches == 1 || (!t->each && dependent(s))) {
		add_item(t, &s->patches[0], input, buf, size);
		if (s->npatches > 1) {
			struct tr_item *it = &t->items[t->nitems - 1];
			char *subj = xasprintf("%s (series of %d)", it->subject,
					       s->npatches);

			free(it->subject);
			it->subject = subj;
		}
		return;
	}
	for (int i = 0; i < s->npatches; i++) {
		size_t from = line_offset(buf, size, s->patches[i].patch_line);
		size_t to = i + 1 < s->npatches ?
			    line_offset(buf, size, s->patches[i + 1].patch_line) : size;
		char *name = xasprintf("%s#%d", input, i + 1);

		add_item(t, &s->patches[i], name, buf + from, to - from);
		free(name);
	}
}

static void add_input(struct triage *t, const char *input)
{
	const char *shown = strcmp(input, "-") ? input : "<stdin>";
	struct kp_series s = { 0 };
	char err[1024], *buf, *copy;
	size_t size;

	if (patch_read_input(input, &buf, &size, err, sizeof(err))) {
		triage_add_bad(t, shown, "%s", err);
		return;
	}
	/* the parser owns and cuts its buffer: keep the text apart */
	copy = xmalloc(size + 1);
	memcpy(copy, buf, size);
	copy[size] = 0;
	if (patch_parse(&s, shown, buf, size, err, sizeof(err)))
		triage_add_bad(t, shown, "%s", err);
	else if (s.npatches == 0 || (s.npatches == 1 && !s.patches[0].nfiles))
		triage_add_bad(t, shown, "%s: no patch in it", shown);
	else
		split_series(t, shown, copy, size, &s);
	patch_free(&s);
	free(copy);
}

static bool patch_name(const char *n)
{
	return n[0] != '.' && (str_ends(n, ".patch") || str_ends(n, ".diff") ||
			       str_ends(n, ".mbox") || str_ends(n, ".eml"));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The patches of a folder (*.patch, *.diff, *.mbox, *.eml), by name. */
static void add_folder(struct triage *t, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0;

	if (!d) {
		triage_add_bad(t, dir, "%s: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d)))
		if (patch_name(e->d_name))
			*VEC_PUSH(names, n) = xasprintf("%s/%s", dir, e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	if (!n)
		triage_add_bad(t, dir, "%s: no *.patch, *.diff, *.mbox or *.eml in it", dir);
	for (int i = 0; i < n; i++) {
		add_input(t, names[i]);
		free(names[i]);
	}
	free(names);
}

int triage_git(struct triage *t)
{
	struct kp_commit *c;
	int n;

	if (git_commits(t->opt.tree ? t->opt.tree : ".", t->git, &c, &n)) {
		git_commits_free(c, n);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct kp_series s = { 0 };
		char err[1024];

		/* the parser owns and cuts its buffer: the item keeps the text */
		if (patch_parse(&s, c[i].sha, xstrndup(c[i].patch, c[i].len), c[i].len,
				err, sizeof(err))) {
			triage_add_bad(t, c[i].sha, "%s", err);
			continue;
		}
		add_item(t, &s.patches[0], c[i].sha, c[i].patch, c[i].len);
		t->items[t->nitems - 1].git = true;
		t->items[t->nitems - 1].parent = c[i].parent ? xstrdup(c[i].parent) : NULL;
		patch_free(&s);
	}
	git_commits_free(c, n);
	return 0;
}

void triage_inputs(struct triage *t, int n, char **inputs)
{
	for (int i = 0; i < n; i++) {
		struct stat st;

		if (strcmp(inputs[i], "-") && stat(inputs[i], &st) == 0 &&
		    S_ISDIR(st.st_mode))
			add_folder(t, inputs[i]);
		else
			add_input(t, inputs[i]);
	}
}
