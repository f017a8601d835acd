/*
 * Both objects of a patched .c file, original and patched: the original
 * from the cache of original objects when it holds it, both built at once
 * when two CPUs are free, one after the other otherwise.
 */
#ifndef KPCHECK_ANALYZER_OBJECT_OBJPAIR_H
#define KPCHECK_ANALYZER_OBJECT_OBJPAIR_H

#include <stdbool.h>
#include "analyzer/kbuild/objbuild.h"

struct objpair {
	const char *obj;			/* "fs/pipe.o" */
	const struct ob_file *pre, *post;	/* images to write, per side */
	int npre, npost;
	const char *pre_dest, *post_dest;	/* where the objects go */
	/* what happened, for the progress lines */
	bool cached;		/* the original came from the cache */
	bool at_once;		/* both sides built at once */
	double pre_seconds, post_seconds;
};

/* 0, or -1 with b->err set. */
int objpair_build(struct objbuild *b, struct objpair *p);

#endif
