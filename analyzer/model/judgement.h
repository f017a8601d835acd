/*
 * What a judging run hands on besides its report: the functions the
 * livepatch carries and the post-image of every patched file.  The
 * commands fill it (judge.c); the builder reads it, so it sits below both.
 */
#ifndef KPCHECK_ANALYZER_MODEL_JUDGEMENT_H
#define KPCHECK_ANALYZER_MODEL_JUDGEMENT_H

#include <stdbool.h>
#include "analyzer/model/model.h"
#include "analyzer/model/tree.h"

/* A function the livepatch will replace or add. */
struct kp_function {
	int patch;
	char *file;
	char *name;
	char *object;		/* vmlinux or module, NULL unknown */
	bool added;
	enum kp_tier tier;
	char *via;		/* header change set: the changed definition it expands */
};

/* One fix of the run, in input order: what a livepatch's manifest names. */
struct kp_fix {
	char *subject;		/* the mail's subject, else the input's name */
	char sha256[65];	/* of the fix's own text */
};

struct kp_judgement {
	int code;			/* the judging run's exit code */
	struct kp_function *functions;	/* functions the livepatch carries */
	int nfunctions;
	struct kp_overlay files;	/* post-image of every patched file */
	struct kp_fix *fixes;		/* every patch judged, in order */
	int nfixes;
};

void functions_free(struct kp_function *fns, int n);
void judgement_free(struct kp_judgement *j);

#endif
