/*
 * `kpcheck rework`: turn a refused fix into a livepatch-ready patch.
 *
 * The judging run hands each patch's context (model and findings) to
 * rework_patch() while the model is alive; each finding of a class this
 * part knows is answered by an edit of the post-image in memory (one file
 * per class below), and rework_diff() writes the result as a unified diff
 * against the same tree.  Nothing here judges: the findings come from
 * rules/, and the commands judge the output again.
 */
#ifndef KPCHECK_REWORK_REWORK_H
#define KPCHECK_REWORK_REWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct kp_ctx;
struct kp_finding;
struct kp_file_model;
struct kp_def;

/* A file of the output: its pre-image (NULL when new) and the reworked
 * post-image (NULL when deleted). */
struct rw_file {
	char *path;
	char *pre;
	size_t pre_len;
	char *text;
	size_t len;
	bool fix_lines;		/* keep the pre-image's line numbers (#line) */
	bool reworked;		/* edited by a rework */
	int fix_nlines;		/* lines of the fix's own post-image */
	char *fix_text;		/* the fix's own post-image */
	size_t fix_len;
	char *prelude;		/* helpers that go after the #includes */
	char *callbacks[4];	/* statements of the file's klp callbacks,
				 * by enum rw_callback */
};

enum rw_callback { RW_PRE_PATCH, RW_POST_PATCH, RW_PRE_UNPATCH, RW_POST_UNPATCH };

/* How a finding was answered, for the summary. */
enum rw_outcome { RW_ANSWERED, RW_REVIEW, RW_REFUSED, RW_UNANSWERED };

struct rw_answer {
	char *where;		/* "file:line:col" */
	char *rule;
	char *symbol;		/* the finding's, or NULL */
	enum rw_outcome outcome;
	char *how;
	long rank;		/* the finding's place in the report */
};

struct rework {
	const char *tree;
	struct rw_file *files;
	int nfiles;
	struct rw_answer *answers;
	int nanswers;
	int added_lines;	/* lines the rework adds or changes over the fix */
	const struct kp_finding *findings;	/* of the patch being reworked */
};

/* The judging run's hook: answer the findings of @ctx's patch. */
int rework_patch(struct kp_ctx *ctx, void *rework);
/* Final passes (callbacks, #line) once every patch was seen. */
void rework_finish(struct rework *rw);
/* The reworked series as one unified diff, with a description of the
 * rework above it; -1 with @err set when diff(1) cannot run. */
int rework_diff(struct rework *rw, char **out, size_t *len, char *err, size_t errlen);
void rework_print(const struct rework *rw, FILE *out);
void rework_free(struct rework *rw);

/* The judging the command needs, from the commands' layer: the first
 * run hands each patch to rework_patch(@rw); both write their report to
 * @report_to and return the exit code. */
struct rework_judge {
	int (*first)(const char *patch, const char *tree, struct rework *rw,
		     FILE *report_to);
	int (*again)(const char *name, const char *tree, char *buf, size_t len,
		     FILE *report_to);
};
/* `kpcheck rework PATCH -C TREE [-o OUT.patch]`: the exit code. */
int rework_command(int argc, char **argv, const struct rework_judge *jd);

/* For the classes (rework/rework.c). */
struct rw_file *rw_file_get(struct rework *rw, const char *path);
void rw_answer(struct rework *rw, const struct kp_finding *f, enum rw_outcome o,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void rw_callback_add(struct rw_file *rf, enum rw_callback kind, const char *stmt);
/* Text for after the file's #includes, added once every finding is
 * answered (so that line numbers hold meanwhile); once per @text. */
void rw_prelude_add(struct rw_file *rf, const char *text);

/* The classes: each answers one finding, or returns 0 to leave it
 * unanswered (then the finding is listed as such). */
typedef int rw_class_fn(struct rework *rw, struct kp_ctx *ctx,
			const struct kp_finding *f);
rw_class_fn rw_line_shift, rw_static_key, rw_signature, rw_shadow,
	rw_data_init, rw_header_inline, rw_existing_state;
/* The #line pass over a file (rework/lines.c). */
void rw_fix_lines(struct rework *rw, struct rw_file *rf);

#endif
