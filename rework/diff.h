/*
 * diff(1) between a file's pre-image and its reworked post-image.
 */
#ifndef KPCHECK_REWORK_DIFF_H
#define KPCHECK_REWORK_DIFF_H

#include <stddef.h>

struct rw_diff {
	const char *path;
	const char *pre, *post;	/* NULL: the file is new / deleted */
	size_t pre_len, post_len;
	int context;		/* lines of context; 0 also minimises */
};

/* Append the unified diff to *@out (NUL-terminated, *@len bytes); -1
 * with @err set when diff cannot run.  No difference appends nothing. */
int rw_run_diff(const struct rw_diff *d, char **out, size_t *len, char *err,
		size_t errlen);

#endif
