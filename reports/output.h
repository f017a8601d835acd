/*
 * The report formats: compiler-style text, JSON and SARIF 2.1.0, all
 * written from one result so they always carry the same findings.
 */
#ifndef KPCHECK_REPORTS_OUTPUT_H
#define KPCHECK_REPORTS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include "analyzer/model/judgement.h"
#include "rules/findings.h"

struct kp_options;

struct kp_verdict {
	int patch;		/* 1-based index in the series */
	const char *subject;
	int errors, warnings, notes;
	int functions;		/* functions the livepatch replaces or adds */
	int spread;		/* of them, the header change set's */
	int files, modules;	/* distinct files and modules among them */
	bool vmlinux;		/* some of them live in vmlinux */
	bool nothing;		/* no functional change at all */
};

/* A function changed by two patches of one series. */
struct kp_overlap {
	char *file;
	char *function;
	int first, second;	/* patch indexes */
};

/* A function the livepatch must carry, for the JSON list. */
struct kp_result {
	const char *input;
	const struct kp_options *opt;
	struct kp_report *report;
	struct kp_verdict *verdicts;
	int nverdicts;
	struct kp_overlap *overlaps;
	int noverlaps;
	struct kp_function *functions;
	int nfunctions;
};

int result_exit_code(const struct kp_result *r);
/* "verdict: not eligible (2 errors, 1 warning) — 3 functions to replace" */
void verdict_text(const struct kp_verdict *v, char *buf, size_t size);
void series_verdict(const struct kp_result *r, struct kp_verdict *out);
/* Fill @v's spread, files, modules and vmlinux from the functions of
 * patch @patch of @r (0: of every patch). */
void verdict_spread(const struct kp_result *r, int patch, struct kp_verdict *v);

int output_text(FILE *out, const struct kp_result *r);
int output_json(FILE *out, const struct kp_result *r);
int output_sarif(FILE *out, const struct kp_result *r);

#endif
