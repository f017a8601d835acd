/*
 * The backlog's overlaps: every function that more than one patch of the
 * triage changes (same file, same name, from each patch's report).  A
 * cumulative module (`kpcheck build` of those patches) combines them in
 * patch order; the reviewer sees here which fixes meet, before building.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "triage/triage.h"

struct overlap {
	const char *file, *function;
	int *rows;		/* 1-based rows of the summary, ascending */
	int nrows;
};

static struct overlap *find(struct overlap *o, int n, const char *file, const char *fn)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(o[i].file, file) && !strcmp(o[i].function, fn))
			return &o[i];
	return NULL;
}

/* Each (file, function) of @t's reports, with the rows that change it. */
static struct overlap *collect(const struct triage *t, int *n)
{
	struct overlap *o = NULL;
	json_t *p, *f;
	size_t i, j;

	*n = 0;
	for (int row = 1; row <= t->nitems; row++)
		json_array_foreach(json_object_get(t->items[row - 1].report, "patches"), i, p)
			json_array_foreach(json_object_get(p, "functions"), j, f) {
				const char *file = json_string_value(json_object_get(f, "file"));
				const char *fn = json_string_value(json_object_get(f, "name"));
				struct overlap *e;

				if (!file || !fn)
					continue;
				if (!(e = find(o, *n, file, fn))) {
					e = VEC_PUSH(o, *n);
					e->file = file;
					e->function = fn;
				}
				if (!e->nrows || e->rows[e->nrows - 1] != row)
					*VEC_PUSH(e->rows, e->nrows) = row;
			}
	return o;
}

static void free_overlaps(struct overlap *o, int n)
{
	for (int i = 0; i < n; i++)
		free(o[i].rows);
	free(o);
}

/* "1, 3 and 5"; "1, 3, 5" in a table */
static void rows_text(FILE *out, const struct overlap *e, bool md)
{
	for (int k = 0; k < e->nrows; k++)
		fprintf(out, "%s%d", !k ? "" : k + 1 < e->nrows || md ? ", " : " and ",
			e->rows[k]);
}

int triage_overlaps_text(FILE *out, const struct triage *t)
{
	int n, shown = 0;
	struct overlap *o = collect(t, &n);

	for (int i = 0; i < n; i++) {
		const struct overlap *e = &o[i];

		if (e->nrows < 2)
			continue;
		if (!shown++)
			fputs(t->markdown ? "\n| file | function | patches |\n|---|---|---|\n"
					  : "\n", out);
		if (t->markdown)
			fprintf(out, "| %s | %s | ", e->file, e->function);
		else
			fprintf(out, "%s: note: '%s' is changed by patches ", e->file, e->function);
		rows_text(out, e, t->markdown);
		fputs(t->markdown ? " |\n" : ": build the livepatches cumulatively "
		      "(each one replacing the previous) or as one\n", out);
	}
	free_overlaps(o, n);
	return ferror(out) ? -1 : 0;
}

json_t *triage_overlaps_json(const struct triage *t)
{
	json_t *a = json_array();
	int n;
	struct overlap *o = collect(t, &n);

	for (int i = 0; i < n; i++) {
		json_t *rows;

		if (o[i].nrows < 2)
			continue;
		rows = json_array();
		for (int k = 0; k < o[i].nrows; k++)
			json_array_append_new(rows, json_integer(o[i].rows[k]));
		json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "file", o[i].file,
						   "function", o[i].function, "patches", rows));
	}
	free_overlaps(o, n);
	return a;
}
