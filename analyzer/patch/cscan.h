/*
 * A tolerant C scanner for the patch tier: no preprocessor, no types, just
 * enough lexing (comments, strings, braces, preprocessor lines) to find the
 * top-level definitions of a file or of a fragment of one, their line
 * extents, names and the attributes written next to them.  Fragments (the
 * lines of a hunk) may start inside a definition or a comment; the caller
 * says what it knows of that from the hunk header.
 */
#ifndef KPCHECK_ANALYZER_PATCH_CSCAN_H
#define KPCHECK_ANALYZER_PATCH_CSCAN_H

#include <stdbool.h>
#include "analyzer/model/model.h"

struct cscan_def {
	enum kp_def_kind kind;
	char *name;		/* NULL when it cannot be told */
	char *syscall;		/* SYSCALL_DEFINEn name */
	char *include;		/* #include target */
	unsigned int attrs;
	int start, end;		/* line indexes, inclusive */
	bool uses_line;		/* WARN/BUG/__LINE__ inside */
};

struct cscan {
	struct cscan_def *defs;
	int ndefs;
	int *owner;		/* per line: index in defs, or -1 */
	char **norm;		/* per line: tokens without comments/space */
};

struct cscan_start {
	bool in_comment;	/* fragment starts inside a block comment */
	int depth;		/* brace depth at the fragment's start */
	const char *enclosing;	/* hunk header text naming that definition */
};

/* Scan @n lines; @start is NULL for a whole file. */
void cscan_run(struct cscan *cs, const char *const *lines, const int *lens,
	       int n, const struct cscan_start *start);
void cscan_free(struct cscan *cs, int n);

/* Classify a declaration head such as a hunk header's section text. */
void cscan_classify_head(const char *head, struct cscan_def *out);

#endif
