/*
 * Findings: rules hand them here and never print.  report() applies the
 * severity overrides (--rule, -W, -Wno-, --Werror), drops duplicates (one
 * finding per rule and symbol) and keeps them for the chosen format.
 */
#ifndef KPCHECK_RULES_FINDINGS_H
#define KPCHECK_RULES_FINDINGS_H

#include <stdbool.h>
#include <stdio.h>
#include "analyzer/model/model.h"

enum kp_severity { SEV_IGNORE, SEV_NOTE, SEV_WARNING, SEV_ERROR };

struct kp_ctx;

struct kp_finding {
	int rule;		/* enum kp_rule */
	enum kp_severity severity;
	struct kp_loc loc;
	char *file;		/* owned copies of loc's strings */
	char *symbol;
	char *where;
	char *message;
	char *text;		/* the line it points at, as written, or NULL: what
				 * reports show and SARIF's fingerprint follows */
	char **notes;
	int nnotes;
	int patch;		/* 1-based index in the series */
	int order;		/* insertion order, for a stable sort */
	int file_rank;		/* order of the file's first finding */
};

/* A message about the run that is no finding (hunk offsets, fallbacks). */
struct kp_notice {
	char *file;
	int line;
	int patch;
	char *message;
};

struct kp_report {
	struct kp_finding *findings;
	int nfindings;
	struct kp_notice *notices;
	int nnotices;
};

/*
 * Record a finding; returns 1 when kept, 0 when ignored or a duplicate.
 * Later report_note() calls attach fix notes to the finding just kept.
 */
int report(struct kp_ctx *ctx, int rule, const struct kp_loc *loc,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Same, for a rule whose severity depends on the case (deleted-function:
 * error for global functions, warning for static ones); an explicit
 * --rule/-W setting still wins. */
int report_sev(struct kp_ctx *ctx, int rule, enum kp_severity sev,
	       const struct kp_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void report_note(struct kp_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_notice(struct kp_ctx *ctx, const char *file, int line,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The kp_ctx notice hook (analyzer/model/ctx.h): tiers' notices land here. */
void report_notice_hook(struct kp_ctx *ctx, const char *file, int line,
			const char *message);

const char *severity_name(enum kp_severity sev);
int severity_parse(const char *s, enum kp_severity *sev);
void report_sort(struct kp_report *r);
void report_free(struct kp_report *r);

#endif
