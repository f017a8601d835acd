/*
 * Output files are written atomically: into a temporary file beside the
 * target, renamed over it only once complete.  An interrupted run (error,
 * SIGINT, SIGTERM) removes the temporary file, so no partial report or
 * module is ever left where the user expects a whole one.
 */
#ifndef KPCHECK_LIB_ATOMIC_H
#define KPCHECK_LIB_ATOMIC_H

#include <stdio.h>

struct atomic_file {
	FILE *fp;
	char *path;
	char *tmp;
};

/* 0 with af->fp open on the temporary file, -1 with a message on stderr. */
int atomic_open(struct atomic_file *af, const char *path);
/* Flush, fsync and rename into place; -1 (file removed) on failure. */
int atomic_commit(struct atomic_file *af);
void atomic_abort(struct atomic_file *af);

#endif
