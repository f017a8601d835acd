/*
 * Assembler code inside C headers (see asmhdr.h).  Which lines are
 * assembly is read from the header's text: between ".macro" and ".endm",
 * or in the branch of an #if on __ASSEMBLY__ that the assembler sees.
 * The whole post-image (pre-image for deleted lines) is read when the
 * tree gave it; from the hunks alone, a hunk that meets ".endm" before
 * any ".macro" started inside one.  The .S includers are found with one
 * grep over the tree's .S files, for the spellings an #include of the
 * header can have (<asm/x.h>, <linux/x.h>, "x.h").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/patch/asmhdr.h"
#include "lib/run.h"
#include "lib/util.h"

#define MAX_DEPTH 64
#define MAX_INCLUDERS 64

/* The conditional-and-macro state of one walk through a header. */
struct asm_state {
	signed char cond[MAX_DEPTH];	/* per #if: 1 assembly, -1 C, 0 neither */
	int depth;
	bool in_macro;
};

static const char *skip_ws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static bool word_at(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - s) >= n && !strncmp(s, w, n) &&
	       (s + n == end || !(s[n] == '_' || ((s[n] | 32) >= 'a' && (s[n] | 32) <= 'z')));
}

/* How an #if line decides on __ASSEMBLY__: 1 assembly, -1 C, 0 not. */
static int cond_kind(const char *s, const char *end)
{
	bool names = memmem(s, end - s, "__ASSEMBLY__", 12) != NULL;

	if (!names)
		return 0;
	if (word_at(s, end, "ifndef") || memchr(s, '!', end - s))
		return -1;
	return 1;
}

/* Feed one line; returns whether the line itself is assembly. */
static bool asm_line(struct asm_state *st, const char *s, int len)
{
	const char *end = s + len, *p = skip_ws(s, end);

	if (p < end && *p == '#') {
		p = skip_ws(p + 1, end);
		if (word_at(p, end, "if") || word_at(p, end, "ifdef") ||
		    word_at(p, end, "ifndef")) {
			if (st->depth < MAX_DEPTH)
				st->cond[st->depth] = cond_kind(p, end);
			st->depth++;
		} else if (word_at(p, end, "else") && st->depth && st->depth <= MAX_DEPTH) {
			st->cond[st->depth - 1] = -st->cond[st->depth - 1];
		} else if (word_at(p, end, "endif") && st->depth) {
			st->depth--;
		}
		return false;
	}
	if (word_at(p, end, ".macro"))
		return (st->in_macro = true);
	if (word_at(p, end, ".endm")) {
		st->in_macro = false;
		return true;
	}
	if (st->in_macro)
		return true;
	for (int i = (st->depth < MAX_DEPTH ? st->depth : MAX_DEPTH) - 1; i >= 0; i--)
		if (st->cond[i])
			return st->cond[i] > 0;
	return false;
}

/* Line numbers of @text (1-based) that are assembly, as a bitmap. */
static bool *asm_lines(const char *text, size_t len, int *nlines)
{
	struct asm_state st = { .depth = 0 };
	bool *v = NULL;
	int n = 0;

	for (const char *p = text, *e; p < text + len; p = e + 1) {
		e = memchr(p, '\n', text + len - p);
		if (!e)
			e = text + len;
		v = vec_grow(v, n + 1, sizeof(*v));
		v[++n] = asm_line(&st, p, (int)(e - p));
	}
	*nlines = n;
	return v;
}

static bool in_bitmap(const bool *v, int n, int line)
{
	return v && line > 0 && line <= n && v[line];
}

/* The C scanner reads assembly text as C and makes up definitions
 * ("ftr2" from a .macro's labels): a definition whose first changed
 * line is assembly is none. */
static void drop_asm_defs(struct kp_file_model *fm, const bool *pre, int npre,
			  const bool *post, int npost)
{
	for (int i = 0; i < fm->ndefs; i++) {
		struct kp_def *d = &fm->defs[i];

		if (d->first_line_old ? in_bitmap(pre, npre, d->first_line) :
		    in_bitmap(post, npost, d->first_line))
			d->change = CHANGE_NONE;
	}
}

/* Whole images: the first changed line that is assembly, or 0. */
static int from_images(struct kp_file_model *fm)
{
	int npre = 0, npost = 0, found = 0;
	bool *pre = fm->pre ? asm_lines(fm->pre, fm->pre_len, &npre) : NULL;
	bool *post = fm->post ? asm_lines(fm->post, fm->post_len, &npost) : NULL;

	for (int k = 0; !found && k < fm->file->nhunks; k++)
		for (int i = 0; !found && i < fm->file->hunks[k].nlines; i++) {
			const struct kp_line *ln = &fm->file->hunks[k].lines[i];

			if (ln->kind == LINE_ADD && in_bitmap(post, npost, ln->new_no))
				found = ln->new_no;
			else if (ln->kind == LINE_DEL && in_bitmap(pre, npre, ln->old_no))
				found = ln->old_no;
		}
	if (found)
		drop_asm_defs(fm, pre, npre, post, npost);
	free(pre);
	free(post);
	return found;
}

/* Without the file: an added or deleted line that reads as an assembler
 * instruction (a mnemonic, then a %register operand) or directive, and
 * is no C string. */
static bool looks_like_asm(const char *s, int len)
{
	const char *end = s + len, *p = skip_ws(s, end), *q = p;

	if (memchr(s, '"', len) || p == end)
		return false;
	if (*p == '.' && p + 1 < end && p[1] >= 'a' && p[1] <= 'z')
		return true;
	while (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9')))
		q++;
	return q > p && q < end && (*q == ' ' || *q == '\t') &&
	       memchr(q, '%', end - q) && !memchr(q, ';', end - q);
}

/* The hunks alone: a hunk that ends a macro it did not start began in one. */
static int from_hunks(const struct kp_file_model *fm)
{
	for (int k = 0; k < fm->file->nhunks; k++) {
		const struct kp_hunk *h = &fm->file->hunks[k];
		struct asm_state st = { .in_macro = false };
		int first = 0;

		for (int i = 0; i < h->nlines; i++) {
			const struct kp_line *ln = &h->lines[i];
			const char *p = skip_ws(ln->text, ln->text + ln->len);
			bool opened = st.in_macro;
			bool is_asm = asm_line(&st, ln->text, ln->len);

			if (word_at(p, ln->text + ln->len, ".endm") && !opened && first < 0)
				return -first;
			if (ln->kind == LINE_CONTEXT)
				continue;
			if (is_asm || looks_like_asm(ln->text, ln->len))
				return ln->new_no ? ln->new_no : ln->old_no;
			if (!first)
				first = -(ln->new_no ? ln->new_no : ln->old_no);
		}
	}
	return 0;
}

/* The spellings of an #include of @path: "asm/x.h" for arch/X/include/asm/x.h,
 * "linux/x.h" for include/linux/x.h, and the bare name for local includes. */
static char *include_pattern(const char *path)
{
	const char *inc = strstr(path, "include/");
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *quoted = NULL, *r;

	if (inc && (inc == path || inc[-1] == '/'))
		quoted = xstrdup(inc + strlen("include/"));
	r = xasprintf("^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"](%s|%s)[>\"]",
		      quoted ? quoted : base, base);
	free(quoted);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void find_includers(const char *tree, struct kp_file_model *fm)
{
	char *pat = include_pattern(fm->file->path), *line = NULL;
	char *argv[] = { "grep", "-rlE", "--include=*.S", "-e", pat, ".", NULL };
	struct run_job j = { .argv = argv, .dir = tree };
	FILE *p = run_read(&j);
	size_t cap = 0;

	while (p && fm->nasm_includers < MAX_INCLUDERS && getline(&line, &cap, p) > 0) {
		line[strcspn(line, "\n")] = 0;
		*VEC_PUSH(fm->asm_includers, fm->nasm_includers) =
			xstrdup(str_starts(line, "./") ? line + 2 : line);
	}
	if (p)
		run_close(&j, p, true);
	run_release(&j);
	free(line);
	free(pat);
	/* grep lists them in directory order: sorted, the output is stable */
	if (fm->nasm_includers > 1)
		qsort(fm->asm_includers, fm->nasm_includers, sizeof(char *), cmp_str);
}

void asmhdr_scan(const char *tree, struct kp_file_model *fm)
{
	if (fm->kind != FK_C_HEADER || fm->file->binary)
		return;
	fm->asm_line = fm->pre || fm->post ? from_images(fm) : from_hunks(fm);
	if (fm->asm_line && tree && !strpbrk(fm->file->path, "'\"\\"))
		find_includers(tree, fm);
}
