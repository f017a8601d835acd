/*
 * kpcheck triage --html -o DIR: DIR/index.html, one page that needs
 * nothing else (no network, no script or font from elsewhere): the
 * triage's JSON document embedded in it, bar charts of the counts per
 * verdict and per rule drawn here as inline SVG, and the page's own
 * script (triage/report.html, compiled in) for the sortable, filterable
 * table and each fix's findings, source lines and fix notes.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/atomic.h"
#include "lib/util.h"
#include "triage/triage.h"
#include "triage-html.h"	/* report_html[], generated from triage/report.html */

#define BAR_MAX 320		/* px of the longest bar */
#define BAR_ROW 22
#define LABEL_W 190

/* @s with &, <, > and " as entities. */
static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
}

/* One horizontal bar per key of the {key: count} object @counts. */
static void bar_chart(FILE *out, const char *id, const char *title, json_t *counts)
{
	const char *key;
	json_t *v;
	json_int_t max = 1;
	int row = 0;

	json_object_foreach(counts, key, v)
		if (json_integer_value(v) > max)
			max = json_integer_value(v);
	fprintf(out, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		"width=\"%d\" height=\"%zu\">\n<title>", id, LABEL_W + BAR_MAX + 50,
		BAR_ROW * (json_object_size(counts) + 1));
	xml_text(out, title);
	fprintf(out, "</title>\n<text x=\"0\" y=\"15\" font-weight=\"bold\">");
	xml_text(out, title);
	fputs("</text>\n", out);
	json_object_foreach(counts, key, v) {
		json_int_t n = json_integer_value(v);
		int y = BAR_ROW * ++row;

		fprintf(out, "<g class=\"bar\" data-key=\"");
		xml_text(out, key);
		fprintf(out, "\" data-count=\"%lld\"><text x=\"0\" y=\"%d\">", (long long)n, y + 15);
		xml_text(out, key);
		fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%lld\" height=\"16\" "
			"fill=\"#4c78a8\"/><text x=\"%lld\" y=\"%d\">%lld</text></g>\n",
			LABEL_W, y + 3, (long long)(n * BAR_MAX / max),
			(long long)(LABEL_W + n * BAR_MAX / max + 5), y + 15, (long long)n);
	}
	fputs("</svg>\n", out);
}

/* The template up to @mark, and the rest after it in *@rest. */
static void template_part(FILE *out, const char **rest, const char *mark)
{
	const char *at = strstr(*rest, mark);

	fwrite(*rest, 1, at - *rest, out);
	*rest = at + strlen(mark);
}

static int write_page(FILE *out, json_t *doc)
{
	json_t *summary = json_object_get(doc, "summary");
	const char *rest = report_html;
	/* "\/" keeps a "</script>" in a subject from ending the script */
	char *data = json_dumps(doc, JSON_COMPACT | JSON_ESCAPE_SLASH);

	if (!data)
		return -1;
	template_part(out, &rest, "@CHARTS@");
	bar_chart(out, "chart-verdicts", "patches per verdict", json_object_get(summary, "verdicts"));
	bar_chart(out, "chart-rules", "patches per rule", json_object_get(summary, "rules"));
	template_part(out, &rest, "@DATA@");
	fputs(data, out);
	fputs(rest, out);
	free(data);
	return ferror(out) ? -1 : 0;
}

int triage_html(const struct triage *t)
{
	char *path = xasprintf("%s/index.html", t->outdir);
	json_t *doc = triage_json(t);
	struct atomic_file af;
	int r = -1;

	if (doc && !atomic_open(&af, path)) {
		r = write_page(af.fp, doc);
		r = r ? (atomic_abort(&af), -1) : atomic_commit(&af);
	}
	json_decref(doc);
	free(path);
	return r;
}
