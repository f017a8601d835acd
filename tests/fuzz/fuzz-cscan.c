/*
 * libFuzzer target: the tolerant C scanner on arbitrary lines, in
 * whole-file mode and in fragment mode with every start state the patch
 * tier can hand it (inside a comment, at some brace depth, with a hunk
 * header naming the enclosing definition).  The first bytes pick the
 * mode; the rest is split into lines as the patch tier splits them.
 * Besides memory safety, the scanner's output must be self-consistent:
 * owners name existing definitions, extents are ordered and in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/patch/cscan.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct split {
	const char **lines;
	int *lens;
	int n;
};

static void split_lines(struct split *sp, const char *text, size_t size)
{
	const char *p = text, *end = text + size;

	memset(sp, 0, sizeof(*sp));
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		int len = nl ? (int)(nl - p) : (int)(end - p);

		VEC_PUSH(sp->lines, sp->n);
		sp->lens = vec_grow(sp->lens, sp->n - 1, sizeof(int));
		sp->lines[sp->n - 1] = p;
		sp->lens[sp->n - 1] = len;
		p = nl ? nl + 1 : end;
	}
}

static void check_result(const struct cscan *cs, int n)
{
	for (int i = 0; i < n; i++) {
		if (cs->owner[i] < -1 || cs->owner[i] >= cs->ndefs || !cs->norm[i])
			abort();
	}
	for (int i = 0; i < cs->ndefs; i++) {
		const struct cscan_def *d = &cs->defs[i];

		/* an empty fragment may still hold the definition it starts
		 * in, at line 0; otherwise extents lie within the lines */
		if (d->start < 0 || d->end < d->start || (n && d->end >= n) ||
		    (!n && d->end != 0))
			abort();
	}
}

static void scan(const char *text, size_t size, const struct cscan_start *st)
{
	struct split sp;
	struct cscan cs;

	split_lines(&sp, text, size);
	cscan_run(&cs, sp.lines, sp.lens, sp.n, st);
	check_result(&cs, sp.n);
	cscan_free(&cs, sp.n);
	free(sp.lines);
	free(sp.lens);
}

/* The hunk header text: the first line of the input, when asked for. */
static char *enclosing_of(const char *text, size_t size)
{
	const char *nl = memchr(text, '\n', size);

	return xstrndup(text, nl ? (size_t)(nl - text) : size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cscan_start st = { 0 };
	struct cscan_def head = { 0 };
	char *text, *enclosing = NULL;
	uint8_t mode;

	if (size < 1)
		return 0;
	mode = data[0];
	/* a private copy: the scanner may read every byte, NULs included */
	text = xmalloc(size);
	memcpy(text, data + 1, size - 1);
	if (!(mode & 1)) {
		scan(text, size - 1, NULL);
	} else {
		st.in_comment = mode & 2;
		st.depth = (mode >> 2) & 7;
		if (mode & 0x20)
			st.enclosing = enclosing = enclosing_of(text, size - 1);
		scan(text, size - 1, &st);
	}
	/* the head classifier sees NUL-terminated text, as from a hunk header */
	text[size - 1] = 0;
	cscan_classify_head(text, &head);
	free(head.name);
	free(head.syscall);
	free(head.include);
	free(enclosing);
	free(text);
	return 0;
}
