/*
 * The patch tier: fill the change model from the diff text.  With a tree
 * (-C) the whole pre-image is read and the post-image made in memory, so
 * every changed line is attributed to the definition that really encloses
 * it; without one, each hunk is scanned as a fragment, helped by the
 * function name git or diff -p put in the hunk header.  Definitions are
 * matched between pre- and post-image by kind and name; a definition
 * whose tokens are equal on both sides changed only in whitespace or
 * comments.  Every fact made here is tagged TIER_PATCH.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/kbuild/ksyms.h"
#include "analyzer/model/ctx.h"
#include "analyzer/model/tree.h"
#include "analyzer/patch/changes.h"
#include "analyzer/patch/asmhdr.h"
#include "analyzer/patch/cscan.h"
#include "analyzer/patch/members.h"
#include "lib/util.h"

/*
 * Definitions a patch may change before it is refused.  Matching is linear
 * per lookup, so a hunk of a million one-line definitions would take
 * hours; no livepatch comes near this (a large one replaces tens of
 * functions), and the cap keeps every run within seconds.
 */
#define MAX_DEFS 10000

/* One image (pre or post) of a file or of a hunk, scanned. */
struct image {
	const char **lines;
	int *lens;
	int *lineno;		/* image line number of each entry */
	int n;
	struct cscan cs;
};

static enum kp_file_kind file_kind(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (str_ends(path, ".c"))
		return FK_C_SOURCE;
	/* a linker script's header (vmlinux.lds.h) is a linker script */
	if (str_ends(path, ".h") && !str_ends(path, ".lds.h"))
		return FK_C_HEADER;
	if (str_ends(path, ".S") || str_ends(path, ".s") || str_ends(path, ".lds") ||
	    str_ends(path, ".lds.h"))
		return FK_ASM;
	if (!strcmp(base, "Makefile") || !strcmp(base, "Kbuild") ||
	    str_starts(base, "Kconfig") || str_ends(base, ".mk") ||
	    str_starts(base, "Makefile."))
		return FK_BUILD;
	if (str_starts(path, "Documentation/") || str_ends(path, ".rst") ||
	    str_ends(path, ".txt") || !strcmp(path, "MAINTAINERS") ||
	    str_ends(path, ".md"))
		return FK_DOC;
	return FK_OTHER;
}

static void image_add(struct image *im, const char *text, int len, int no)
{
	int n = im->n;

	VEC_PUSH(im->lines, im->n);
	im->lines[n] = text;
	im->lens = vec_grow(im->lens, n, sizeof(int));
	im->lens[n] = len;
	im->lineno = vec_grow(im->lineno, n, sizeof(int));
	im->lineno[n] = no;
}

static void image_from_text(struct image *im, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int no = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		int l = nl ? (int)(nl - p) : (int)(end - p);

		image_add(im, p, l > 0 && p[l - 1] == '\r' ? l - 1 : l, no++);
		p = nl ? nl + 1 : end;
	}
}

static void image_free(struct image *im)
{
	cscan_free(&im->cs, im->n);
	free(im->lines);
	free(im->lens);
	free(im->lineno);
	memset(im, 0, sizeof(*im));
}

/* Index of image line number @no (lines are sorted), or -1. */
static int image_index(const struct image *im, int no)
{
	int lo = 0, hi = im->n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (im->lineno[mid] == no)
			return mid;
		if (im->lineno[mid] < no)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static const struct cscan_def *owner_of(const struct image *im, int no)
{
	int i = image_index(im, no);

	if (i < 0 || im->cs.owner[i] < 0)
		return NULL;
	return &im->cs.defs[im->cs.owner[i]];
}

/* The same definition in the other image: by kind and name, or, for a
 * definition whose name is unknown (a fragment that starts inside it), by
 * its position at the start of the fragment, which both images share. */
static const struct cscan_def *find_named(const struct image *im,
					  const struct cscan_def *like)
{
	for (int i = 0; i < im->cs.ndefs; i++) {
		const struct cscan_def *d = &im->cs.defs[i];

		if (d->kind != like->kind)
			continue;
		if (like->name ? d->name && !strcmp(d->name, like->name) :
		    !d->name && d->start == 0 && like->start == 0)
			return d;
	}
	return NULL;
}

/* Tokens of a definition's lines, comments and white space folded. */
static char *def_tokens(const struct image *im, const struct cscan_def *d)
{
	size_t len = 0, cap = 256;
	char *s = xmalloc(cap);

	for (int i = d->start; i <= d->end && i < im->n; i++) {
		const char *t = im->cs.norm[i];
		size_t tl = strlen(t);

		if (!tl)
			continue;
		if (len + tl + 2 > cap)
			s = xrealloc(s, cap = (len + tl + 2) * 2);
		memcpy(s + len, t, tl);
		len += tl;
		s[len++] = ' ';
	}
	s[len] = 0;
	return s;
}

static bool tokens_equal(const struct image *pre, const struct cscan_def *a,
			 const struct image *post, const struct cscan_def *b)
{
	char *x = def_tokens(pre, a), *y = def_tokens(post, b);
	bool eq = strcmp(x, y) == 0;

	free(x);
	free(y);
	return eq;
}

static int first_col(const char *text, int len)
{
	int i = 0;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	return i < len ? i + 1 : 1;
}

static void note_line(struct kp_def *d, const struct kp_line *ln)
{
	bool old = ln->kind == LINE_DEL;
	int no = old ? ln->old_no : ln->new_no;

	d->nadded += ln->kind == LINE_ADD;
	d->ndeleted += ln->kind == LINE_DEL;
	/* prefer the first post-image line: that is where the fix lives */
	if (d->first_line && (!d->first_line_old || old))
		return;
	d->first_line = no;
	d->first_line_old = old;
	d->first_col = first_col(ln->text, ln->len);
	d->patch_line = ln->patch_line;
}

static struct kp_def *model_def_for(struct kp_file_model *fm,
				    const struct cscan_def *cd)
{
	struct kp_def *d = model_find_def(fm, cd->kind, cd->name);

	if (d)
		return d;
	d = model_add_def(fm, cd->kind, cd->name);
	d->tier = TIER_PATCH;
	d->change = CHANGE_NONE;
	d->cosmetic = true;
	d->syscall = cd->syscall ? xstrdup(cd->syscall) : NULL;
	d->include = cd->include ? xstrdup(cd->include) : NULL;
	return d;
}

static void set_extent(struct kp_def *d, const struct image *im,
		       const struct cscan_def *cd, bool post)
{
	int s, e;

	/* an empty image (a hunk that only deletes) has no lines to point at */
	if (im->n == 0 || cd->start >= im->n)
		return;
	s = im->lineno[cd->start];
	e = im->lineno[cd->end < im->n ? cd->end : im->n - 1];
	if (post) {
		if (!d->new_start || s < d->new_start)
			d->new_start = s;
		if (e > d->new_end)
			d->new_end = e;
		d->attrs |= cd->attrs;
	} else {
		if (!d->old_start || s < d->old_start)
			d->old_start = s;
		if (e > d->old_end)
			d->old_end = e;
		d->old_attrs |= cd->attrs;
	}
	d->uses_line |= cd->uses_line;
}

/* The last pair of definitions compared: comparing costs their whole
 * text, so doing it again for each changed line of one big definition
 * would make a long hunk quadratic. */
struct eq_cache {
	const struct cscan_def *a, *b;
	bool eq;
};

static bool same_tokens(struct eq_cache *c, const struct image *pre,
			const struct cscan_def *a, const struct image *post,
			const struct cscan_def *b)
{
	if (c->a != a || c->b != b) {
		c->a = a;
		c->b = b;
		c->eq = tokens_equal(pre, a, post, b);
	}
	return c->eq;
}

/* Record that changed line @ln falls in @cd of one image. */
static void touch(struct kp_file_model *fm, const struct image *pre,
		  const struct image *post, const struct cscan_def *cd,
		  bool in_post, const struct kp_line *ln, struct eq_cache *c)
{
	const struct cscan_def *other = find_named(in_post ? pre : post, cd);
	struct kp_def *d = model_def_for(fm, cd);
	const struct cscan_def *a = in_post ? other : cd, *b = in_post ? cd : other;
	enum kp_change ch = a && b ? CHANGE_MODIFIED : a ? CHANGE_DELETED : CHANGE_ADDED;

	if (a)
		set_extent(d, pre, a, false);
	if (b)
		set_extent(d, post, b, true);
	if (d->change == CHANGE_NONE || ch == CHANGE_MODIFIED)
		d->change = ch;
	if (!a || !b || !same_tokens(c, pre, a, post, b))
		d->cosmetic = false;
	note_line(d, ln);
}

/* A changed line outside every definition: only code there matters. */
static void touch_loose(struct kp_file_model *fm, const struct image *im,
			const struct kp_line *ln)
{
	int i = image_index(im, ln->kind == LINE_DEL ? ln->old_no : ln->new_no);
	struct kp_def *d;

	if (i < 0 || !im->cs.norm[i][0])
		return;
	d = model_find_def(fm, DEF_OTHER, NULL);
	if (!d)
		d = model_add_def(fm, DEF_OTHER, NULL);
	d->change = CHANGE_MODIFIED;
	d->tier = TIER_PATCH;
	note_line(d, ln);
}

static void attribute_hunk(struct kp_file_model *fm, const struct kp_hunk *h,
			   const struct image *pre, const struct image *post)
{
	struct eq_cache c = { 0 };

	for (int i = 0; i < h->nlines && fm->ndefs <= MAX_DEFS; i++) {
		const struct kp_line *ln = &h->lines[i];
		bool in_post = ln->kind == LINE_ADD;
		const struct image *im = in_post ? post : pre;
		const struct cscan_def *cd;

		if (ln->kind == LINE_CONTEXT)
			continue;
		cd = owner_of(im, in_post ? ln->new_no : ln->old_no);
		if (cd)
			touch(fm, pre, post, cd, in_post, ln, &c);
		else
			touch_loose(fm, im, ln);
	}
}

/* git names a label ("out:") when it sits in column 0: not a definition. */
static const char *usable_section(const char *section)
{
	size_t len;

	if (!section)
		return NULL;
	len = strlen(section);
	while (len && isspace((unsigned char)section[len - 1]))
		len--;
	if (len && section[len - 1] == ':' && !strchr(section, '('))
		return NULL;
	return section;
}

/* How many more '}' than '{' the fragment needs at its worst point: it
 * must start at least that deep.  Quotes and comments are not excluded;
 * this is a lower bound for a guess, not a parse. */
static int unmatched_closes(const struct kp_hunk *h)
{
	int bal = 0, low = 0;

	for (int i = 0; i < h->nlines; i++) {
		if (h->lines[i].kind == LINE_ADD)
			continue;
		for (int k = 0; k < h->lines[i].len; k++) {
			bal += h->lines[i].text[k] == '{';
			bal -= h->lines[i].text[k] == '}';
			if (bal < low)
				low = bal;
		}
	}
	return -low;
}

/* Is a line starting with '*' (after indentation) inside a comment?  The
 * kernel comment style puts a space or a slash after the star; code
 * such as "*p = 0;"
 * has an operand right after the star. */
static bool comment_star(const char *t, int k, int len)
{
	return t[k] == '*' && (k + 1 >= len || t[k + 1] == ' ' || t[k + 1] == '/' ||
			       t[k + 1] == '*' || t[k + 1] == '\t');
}

/* "out:" or "err_free:" alone on a line in column 0: a goto label, which
 * kernel style puts in column 0 inside a function body. */
static bool label_line(const struct kp_line *ln)
{
	int k = 0;

	if (ln->len == 0 || !is_ident_char((unsigned char)ln->text[0]) ||
	    isdigit((unsigned char)ln->text[0]))
		return false;
	while (k < ln->len && is_ident_char((unsigned char)ln->text[k]))
		k++;
	if (k >= ln->len || ln->text[k] != ':' ||
	    (k + 1 < ln->len && ln->text[k + 1] == ':'))
		return false;
	for (k++; k < ln->len; k++)
		if (!isspace((unsigned char)ln->text[k]) && ln->text[k] != ';')
			return false;
	return !has_word(ln->text, ln->len, "default");
}

/*
 * Where does a fragment start: in a comment, and how deep in braces?
 * Kernel style indents one tab per level, which gives the guess; the
 * braces the fragment closes without opening give a lower bound.
 */
static void fragment_start(const struct kp_hunk *h, struct cscan_start *st)
{
	const struct kp_line *first = NULL;
	int tabs = 0, k = 0, depth;
	bool label = false;

	memset(st, 0, sizeof(*st));
	/* a label says we are in a body, but not how deep: the line after
	 * it does */
	for (int i = 0; i < h->nlines && !first; i++)
		if (h->lines[i].len > 0 && h->lines[i].kind != LINE_ADD) {
			if (label_line(&h->lines[i]))
				label = true;
			else if (h->lines[i].text[0] != '#')	/* #ifdef: column 0 anywhere */
				first = &h->lines[i];
		}
	st->enclosing = usable_section(h->section);
	if (!first || h->old_start <= 1)
		return;
	while (k < first->len && (first->text[k] == ' ' || first->text[k] == '\t'))
		tabs += first->text[k++] == '\t';
	st->in_comment = k < first->len && comment_star(first->text, k, first->len);
	depth = tabs + (k < first->len && first->text[k] == '}');
	if (!tabs && k > 0 && !st->in_comment)
		depth = 1;	/* space-indented code is still inside something */
	if (depth < unmatched_closes(h))
		depth = unmatched_closes(h);
	if (label && depth < 1)
		depth = 1;
	st->depth = depth;
}

static void scan_fragment(struct kp_file_model *fm, const struct kp_hunk *h)
{
	struct image pre = { 0 }, post = { 0 };
	struct cscan_start st;

	for (int i = 0; i < h->nlines; i++) {
		const struct kp_line *ln = &h->lines[i];

		if (ln->kind != LINE_ADD)
			image_add(&pre, ln->text, ln->len, ln->old_no);
		if (ln->kind != LINE_DEL)
			image_add(&post, ln->text, ln->len, ln->new_no);
	}
	fragment_start(h, &st);
	cscan_run(&pre.cs, pre.lines, pre.lens, pre.n, &st);
	cscan_run(&post.cs, post.lines, post.lens, post.n, &st);
	attribute_hunk(fm, h, &pre, &post);
	image_free(&pre);
	image_free(&post);
}

/* An added "#line N" directive: N, else 0. */
static int line_directive(const struct kp_line *ln)
{
	int k = 0, n = 0;

	while (k < ln->len && (ln->text[k] == ' ' || ln->text[k] == '\t'))
		k++;
	if (ln->kind != LINE_ADD || ln->len - k < 6 || strncmp(ln->text + k, "#line", 5))
		return 0;
	for (k += 5; k < ln->len && (ln->text[k] == ' ' || ln->text[k] == '\t'); k++)
		;
	while (k < ln->len && ln->text[k] >= '0' && ln->text[k] <= '9')
		n = n * 10 + ln->text[k++] - '0';
	return n;
}

/*
 * How far the lines below @h move, @shift being how far those above it
 * did.  A "#line N" the hunk adds (klp-build's fix-patch-lines, kpcheck
 * rework) numbers the line after it N again: the shift is then what
 * follows it.
 */
static int hunk_shift(const struct kp_hunk *h, int shift)
{
	int pending = 0;

	for (int i = 0; i < h->nlines; i++) {
		const struct kp_line *ln = &h->lines[i];
		int n = line_directive(ln);

		if (n)
			pending = n;
		else if (ln->kind == LINE_ADD)
			pending ? pending++ : shift++;
		else if (ln->kind == LINE_DEL)
			shift -= !pending;
		else if (pending) {
			shift = pending - ln->old_no;
			pending = 0;
		}
	}
	return shift;
}

/* Functions below a line-count change whose WARN/BUG lines move. */
static void find_line_shifts(struct kp_file_model *fm, const struct image *post)
{
	const struct kp_file *f = fm->file;

	for (int i = 0; i < post->cs.ndefs; i++) {
		const struct cscan_def *cd = &post->cs.defs[i];
		int start = post->lineno[cd->start], shift = 0;
		struct kp_def *d;

		if (!cd->uses_line || cd->kind != DEF_FUNCTION || !cd->name)
			continue;
		for (int k = 0; k < f->nhunks; k++)
			if (f->hunks[k].new_start + f->hunks[k].new_count <= start)
				shift = hunk_shift(&f->hunks[k], shift);
		if (!shift || model_find_def(fm, DEF_FUNCTION, cd->name))
			continue;
		d = model_def_for(fm, cd);
		set_extent(d, post, cd, true);
		d->line_shifted = true;
		d->line_shift = shift;
		d->first_line = start;
	}
}

static void mark_exports(struct kp_file_model *fm, const struct image *im)
{
	for (int i = 0; i < im->cs.ndefs; i++) {
		const struct cscan_def *e = &im->cs.defs[i];

		if (e->kind != DEF_EXPORT)
			continue;
		fm->exports_symbols = true;
		for (int j = 0; j < fm->ndefs; j++)
			if (fm->defs[j].name && e->name &&
			    !strcmp(fm->defs[j].name, e->name))
				fm->defs[j].attrs |= ATTR_EXPORTED;
	}
}

static void scan_whole(struct kp_file_model *fm)
{
	struct image pre = { 0 }, post = { 0 };

	image_from_text(&pre, fm->pre ? fm->pre : "", fm->pre_len);
	image_from_text(&post, fm->post ? fm->post : "", fm->post_len);
	cscan_run(&pre.cs, pre.lines, pre.lens, pre.n, NULL);
	cscan_run(&post.cs, post.lines, post.lens, post.n, NULL);
	for (int k = 0; k < fm->file->nhunks && fm->ndefs <= MAX_DEFS; k++)
		attribute_hunk(fm, &fm->file->hunks[k], &pre, &post);
	find_line_shifts(fm, &post);
	mark_exports(fm, &pre);
	mark_exports(fm, &post);
	image_free(&pre);
	image_free(&post);
}

static void scan_hunks(struct kp_file_model *fm)
{
	for (int k = 0; k < fm->file->nhunks && fm->ndefs <= MAX_DEFS; k++) {
		const struct kp_hunk *h = &fm->file->hunks[k];

		scan_fragment(fm, h);
		for (int i = 0; i < h->nlines; i++)
			if (has_word(h->lines[i].text, h->lines[i].len, "EXPORT_SYMBOL") ||
			    has_word(h->lines[i].text, h->lines[i].len, "EXPORT_SYMBOL_GPL"))
				fm->exports_symbols = true;
	}
}

/* The pre-image: as earlier patches of the series left it, else the tree's. */
static int read_pre(struct kp_ctx *ctx, const char *path, char **buf, size_t *len,
		    char *err, size_t errlen)
{
	const char *text;
	int r = overlay_get(ctx->overlay, path, &text, len);

	if (r == 0)
		*buf = xstrndup(text, *len);
	if (r >= 0)
		return r;
	return tree_read(ctx->tree, path, buf, len, err, errlen);
}

/* Read the pre-image and build the post-image in memory. */
static int load_images(struct kp_ctx *ctx, struct kp_file_model *fm,
		       char *err, size_t errlen)
{
	struct kp_file *f = fm->file;
	int r = 0;

	if (f->old_path && f->status != FILE_NEW) {
		r = read_pre(ctx, f->old_path, &fm->pre, &fm->pre_len, err, errlen);
		if (r < 0)
			return -1;
		if (r == 1) {
			snprintf(err, errlen, "%s:%d: %s: no such file in tree %s",
				 ctx->patch->input, f->patch_line, f->old_path, ctx->tree);
			return -1;
		}
	}
	if (f->binary)
		return 0;
	return tree_apply(ctx, f, fm->pre, fm->pre_len, &fm->post, &fm->post_len,
			  err, errlen);
}

static int build_file(struct kp_ctx *ctx, struct kp_file_model *fm,
		      char *err, size_t errlen)
{
	fm->kind = file_kind(fm->file->path);
	fm->tiers = TIERBIT(TIER_PATCH);
	if (ctx->tree && load_images(ctx, fm, err, errlen))
		return -1;
	if (fm->kind != FK_C_SOURCE && fm->kind != FK_C_HEADER)
		return 0;
	if (ctx->tree && !fm->file->binary) {
		fm->whole_file_seen = true;
		scan_whole(fm);
	} else {
		scan_hunks(fm);
	}
	members_from_patch(fm);
	asmhdr_scan(ctx->tree, fm);
	return 0;
}

static int too_many_defs(struct kp_ctx *ctx, const struct kp_file *f,
			 char *err, size_t errlen)
{
	snprintf(err, errlen, "%s:%d: more than %d definitions changed by one patch "
		 "(at %s), refused: no livepatch is that large", ctx->patch->input,
		 f->patch_line, MAX_DEFS, f->path);
	return -1;
}

/* What the tree's build says about reaching the file's functions at run
 * time: compiled without __fentry__ calls, and for a lib.a member
 * (lib-y), whether the target kernel's symbol table has each changed
 * function (lib.a links a member only where it is referenced). */
static void trace_facts(const char *tree, struct kp_file_model *fm)
{
	char table[512] = "";

	if (fm->kind != FK_C_SOURCE || fm->file->binary)
		return;
	fm->no_fentry = kbuild_drops_fentry(tree, fm->file->path);
	if (!fm->object_why || !str_starts(fm->object_why, "lib-"))
		return;
	for (struct kp_def *d = fm->defs; d < fm->defs + fm->ndefs; d++)
		if (d->kind == DEF_FUNCTION && d->name && d->change != CHANGE_NONE &&
		    d->change != CHANGE_ADDED)
			d->in_image = 1 + ksyms_function(tree, d->name, table, sizeof(table));
	if (table[0])
		fm->image_table = xstrdup(table);
}

/*
 * Without a tree, what every kernel kpcheck targets (6.1, 6.12) builds:
 * lib/Makefile and kernel/trace/Makefile remove CC_FLAGS_FTRACE from the
 * files of their own directory, but for the self-tests they add it back
 * to.  -C TREE asks kbuild instead (trace_facts()).
 */
static bool fentry_dropped_by_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t dirlen = base ? (size_t)(base - path) : 0;
	bool in_lib = dirlen == 3 && !strncmp(path, "lib", 3);
	bool in_trace = dirlen == 12 && !strncmp(path, "kernel/trace", 12);

	if ((!in_lib && !in_trace) || !str_ends(path, ".c"))
		return false;
	return !strstr(base, "selftest") && strcmp(base, "/test_fprobe.c");
}

int changes_build(struct kp_ctx *ctx, char *err, size_t errlen)
{
	struct kp_model *m = ctx->model;
	struct kp_patch *p = ctx->patch;
	int ndefs = 0;

	memset(m, 0, sizeof(*m));
	m->patch = p;
	m->tiers = TIERBIT(TIER_PATCH);
	m->files = xcalloc(p->nfiles, sizeof(*m->files));
	m->nfiles = p->nfiles;
	for (int i = 0; i < p->nfiles; i++) {
		m->files[i].file = &p->files[i];
		if (build_file(ctx, &m->files[i], err, errlen))
			return -1;
		ndefs += m->files[i].ndefs;
		if (ndefs > MAX_DEFS)
			return too_many_defs(ctx, m->files[i].file, err, errlen);
		if (ctx->tree) {
			kbuild_find_object(ctx->tree, &m->files[i]);
			trace_facts(ctx->tree, &m->files[i]);
		} else {
			m->files[i].no_fentry = fentry_dropped_by_path(p->files[i].path);
		}
	}
	return 0;
}
