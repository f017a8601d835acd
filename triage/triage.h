/*
 * `kpcheck triage`: many independent patches judged against one base
 * tree, each in a child process of its own (a crash or a bad input costs
 * one row, not the run), up to -j at once; then one summary.
 */
#ifndef KPCHECK_TRIAGE_TRIAGE_H
#define KPCHECK_TRIAGE_TRIAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "rules/rules.h"

/* One patch to judge: a whole input, or one mail of an mbox. */
struct tr_item {
	char *name;		/* input, "FILE#N" for the Nth mail of FILE */
	char *subject;		/* the mail's subject, else the file name */
	char *text;		/* the patch alone */
	size_t len;
	bool git;		/* a commit of --git: judged against... */
	char *parent;		/* ...its parent (NULL: a root commit) */
	char *report_path;	/* -o DIR: where its report goes */
	/* results */
	int code;		/* the child's exit status, -1 killed */
	double seconds;		/* wall time of the child */
	json_t *report;		/* the child's JSON report, NULL if none */
	char *errors;		/* what the child wrote on stderr */
};

struct tr_bad {
	char *input;
	char *message;
};

struct triage {
	struct kp_options opt;	/* what every child judges with */
	int jobs;
	bool markdown, json, each, html;
	const char *outdir;
	const char *git;	/* --git REV|RANGE */
	struct tr_item *items;
	int nitems;
	struct tr_bad *bad;
	int nbad;
	double seconds;		/* wall time of the whole run */
};

/* The command: kpcheck triage ... */
int cmd_triage(int argc, char **argv);
/* kpcheck cache stats|clear */
int cmd_cache(int argc, char **argv);

/* Turn every input (file, folder, "-") into items; bad ones into t->bad. */
void triage_inputs(struct triage *t, int n, char **inputs);
/* --git: one item per commit; -1 (message written) when t->git is bad. */
int triage_git(struct triage *t);
void triage_add_bad(struct triage *t, const char *input, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Judge every item, t->jobs at a time. */
void triage_run(struct triage *t);
/* The summary: tables (text or markdown) or one JSON document. */
int triage_write(FILE *out, const struct triage *t);
/* That JSON document (doc/json-schema.md), or NULL. */
json_t *triage_json(const struct triage *t);
/* --html: the triage as one self-contained page, DIR/index.html. */
int triage_html(const struct triage *t);
/* The functions that several patches change: notes (or a markdown
 * table) naming the rows, or a JSON array of {file, function, patches}. */
int triage_overlaps_text(FILE *out, const struct triage *t);
json_t *triage_overlaps_json(const struct triage *t);

#endif
