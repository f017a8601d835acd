/*
 * The triage summary: a table with one row per patch (subject, verdict,
 * rules that fired, functions to replace, tier, time) and a table of
 * counts per verdict and per rule, as text or markdown; or one JSON
 * document that carries every patch's full report.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "triage/triage.h"

struct row {
	const char *status;	/* "eligible", ..., "bad" */
	char *rules;		/* "a, b" */
	char *functions;
	const char *tier;
};

/* Append @s to the ", "-separated list @list unless it is there. */
static void list_add(char **list, const char *s)
{
	size_t n = strlen(s);
	char *old = *list;

	for (const char *p = old; p && (p = strstr(p, s)); p += n)
		if ((p == old || p[-2] == ',') && (!p[n] || p[n] == ','))
			return;
	*list = old ? xasprintf("%s, %s", old, s) : xstrdup(s);
	free(old);
}

static int tier_rank(const char *tier)
{
	return !strcmp(tier, "object") ? 2 : !strcmp(tier, "source") ? 1 : 0;
}

static void deeper(const char **tier, json_t *o)
{
	const char *t = json_string_value(json_object_get(o, "tier"));

	if (t && tier_rank(t) > tier_rank(*tier))
		*tier = t;
}

static void row_of(const struct tr_item *it, struct row *r)
{
	json_t *v, *f;
	size_t i, j;

	memset(r, 0, sizeof(*r));
	r->status = "bad";
	r->tier = "-";
	if (!it->report)
		return;
	r->status = json_string_value(json_object_get(
			json_object_get(it->report, "verdict"), "status"));
	r->tier = "patch";
	json_array_foreach(json_object_get(it->report, "findings"), i, f) {
		list_add(&r->rules, json_string_value(json_object_get(f, "rule")));
		deeper(&r->tier, f);
	}
	json_array_foreach(json_object_get(it->report, "patches"), i, v)
		json_array_foreach(json_object_get(v, "functions"), j, f) {
			list_add(&r->functions, json_string_value(json_object_get(f, "name")));
			deeper(&r->tier, f);
		}
}

static void row_free(struct row *r)
{
	free(r->rules);
	free(r->functions);
}

/* A count per key, in first-seen order. */
struct tally {
	char **keys;
	int *counts;
	int n;
};

static void tally_add(struct tally *t, const char *key)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->keys[i], key)) {
			t->counts[i]++;
			return;
		}
	t->counts = vec_grow(t->counts, t->n, sizeof(*t->counts));
	t->counts[t->n] = 1;
	*VEC_PUSH(t->keys, t->n) = xstrdup(key);
}

static void tally_rules(struct tally *t, const char *rules)
{
	char *copy = rules ? xstrdup(rules) : NULL, *save = NULL;

	for (char *r = copy ? strtok_r(copy, ", ", &save) : NULL; r;
	     r = strtok_r(NULL, ", ", &save))
		tally_add(t, r);
	free(copy);
}

static void tally_free(struct tally *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->counts);
}

/* A cell: at most @w characters, '|' kept out of markdown. */
static void cell(FILE *out, bool md, const char *s, int w)
{
	int n = 0;

	s = s && *s ? s : "-";
	for (; *s && n < w; s++, n++) {
		if (md && *s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
	if (*s)
		fputs("...", out);
	if (!md)
		fprintf(out, "%*s", w - n + (*s ? 0 : 3), "");
}

static void table_rows(FILE *out, const struct triage *t, struct tally *verdicts,
		       struct tally *rules)
{
	bool md = t->markdown;

	if (md)
		fputs("| # | subject | verdict | rules | functions | tier | time (s) |\n"
		      "|---:|---|---|---|---|---|---:|\n", out);
	else
		fprintf(out, "%4s  %-51s  %-19s  %-33s  %-33s  %-9s  %8s\n", "#",
			"subject", "verdict", "rules", "functions", "tier", "time (s)");
	for (int i = 0; i < t->nitems; i++) {
		const struct tr_item *it = &t->items[i];
		struct row r;

		row_of(it, &r);
		tally_add(verdicts, r.status);
		tally_rules(rules, r.rules);
		fprintf(out, md ? "| %d | " : "%4d  ", i + 1);
		cell(out, md, it->subject, md ? 200 : 48);
		fputs(md ? " | " : "  ", out);
		cell(out, md, r.status, 16);
		fputs(md ? " | " : "  ", out);
		cell(out, md, r.rules, md ? 400 : 30);
		fputs(md ? " | " : "  ", out);
		cell(out, md, r.functions, md ? 400 : 30);
		fputs(md ? " | " : "  ", out);
		cell(out, md, r.tier, 6);
		fprintf(out, md ? " | %.2f |\n" : "  %8.2f\n", it->seconds);
		row_free(&r);
	}
}

static void table_counts(FILE *out, bool md, const char *what, const struct tally *t)
{
	fprintf(out, md ? "\n| %s | patches |\n|---|---:|\n" : "\n%-30s %8s\n", what,
		"patches");
	for (int i = 0; i < t->n; i++)
		fprintf(out, md ? "| %s | %d |\n" : "%-30s %8d\n", t->keys[i], t->counts[i]);
}

static int write_tables(FILE *out, const struct triage *t)
{
	struct tally verdicts = { 0 }, rules = { 0 };

	table_rows(out, t, &verdicts, &rules);
	table_counts(out, t->markdown, "verdict", &verdicts);
	if (rules.n)
		table_counts(out, t->markdown, "rule", &rules);
	triage_overlaps_text(out, t);
	fprintf(out, "\n%d patches, %d bad inputs, %.1f s with -j %d\n", t->nitems,
		t->nbad, t->seconds, t->jobs);
	tally_free(&verdicts);
	tally_free(&rules);
	return ferror(out) ? -1 : 0;
}

static json_t *split_list(const char *list)
{
	json_t *a = json_array();
	char *copy = list ? xstrdup(list) : NULL, *save = NULL;

	for (char *s = copy ? strtok_r(copy, ", ", &save) : NULL; s;
	     s = strtok_r(NULL, ", ", &save))
		json_array_append_new(a, json_string(s));
	free(copy);
	return a;
}

static json_t *item_json(const struct tr_item *it, int index, struct tally *verdicts,
			 struct tally *rules)
{
	struct row r;
	json_t *o;

	row_of(it, &r);
	tally_add(verdicts, r.status);
	tally_rules(rules, r.rules);
	o = json_pack("{s:i, s:s, s:s, s:i, s:f, s:s, s:o, s:o, s:s, s:O?}",
		      "index", index, "input", it->name, "subject", it->subject,
		      "exit_code", it->code, "seconds", it->seconds,
		      "status", r.status, "rules", split_list(r.rules),
		      "functions", split_list(r.functions), "tier", r.tier,
		      "report", it->report);
	row_free(&r);
	return o;
}

static json_t *tally_json(const struct tally *t)
{
	json_t *o = json_object();

	for (int i = 0; i < t->n; i++)
		json_object_set_new(o, t->keys[i], json_integer(t->counts[i]));
	return o;
}

json_t *triage_json(const struct triage *t)
{
	struct tally verdicts = { 0 }, rules = { 0 };
	json_t *items = json_array(), *bad = json_array(), *doc;

	for (int i = 0; i < t->nitems; i++)
		json_array_append_new(items, item_json(&t->items[i], i + 1, &verdicts, &rules));
	for (int i = 0; i < t->nbad; i++)
		json_array_append_new(bad, json_pack("{s:s, s:s}", "input", t->bad[i].input,
						     "message", t->bad[i].message));
	doc = json_pack("{s:i, s:{s:s, s:s}, s:s?, s:i, s:f, s:o, s:o, s:{s:o, s:o}, s:o}",
			"schema", 1, "tool", "name", "kpcheck", "version", KPCHECK_VERSION,
			"tree", t->opt.tree, "jobs", t->jobs, "seconds", t->seconds,
			"patches", items, "bad", bad, "summary",
			"verdicts", tally_json(&verdicts), "rules", tally_json(&rules),
			"overlaps", triage_overlaps_json(t));
	tally_free(&verdicts);
	tally_free(&rules);
	return doc;
}

static int write_json(FILE *out, const struct triage *t)
{
	json_t *doc = triage_json(t);
	int r = !doc || json_dumpf(doc, out, JSON_INDENT(2)) || fputc('\n', out) == EOF;

	json_decref(doc);
	return r || ferror(out) ? -1 : 0;
}

int triage_write(FILE *out, const struct triage *t)
{
	return t->json ? write_json(out, t) : write_tables(out, t);
}
