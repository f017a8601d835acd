/*
 * Building single objects of a configured kernel tree with kbuild, without
 * writing to the tree: every build runs in a child process with its own
 * mount namespace, on an overlayfs whose lower layer is the tree and whose
 * upper layer is a private scratch directory.  The touched files are
 * written (pre- or post-image) into the overlay, so the tree is only read.
 */
#ifndef KPCHECK_ANALYZER_KBUILD_OBJBUILD_H
#define KPCHECK_ANALYZER_KBUILD_OBJBUILD_H

#include <stddef.h>

struct objbuild {
	char *tree;		/* absolute path of the tree (read only) */
	char *scratch;		/* private temp dir, removed by objbuild_close */
	char *prep;		/* cached layer of kbuild's one-off outputs, or NULL */
	char *mnt;		/* where the overlay is mounted (see objbuild.c) */
	char err[1024];
};

/* A file to put into the overlay before building. */
struct ob_file {
	const char *path;	/* relative to the tree */
	const char *text;
	size_t len;
};

int objbuild_open(struct objbuild *b, const char *tree);
/*
 * Build @obj ("fs/pipe.o") with @files written into the overlay and copy
 * it to @dest.  -1 with b->err set (the end of kbuild's output) on failure.
 */
int objbuild_make(struct objbuild *b, const char *obj, const struct ob_file *files,
		  int nfiles, const char *dest);
/*
 * Build @nobjs objects in one make run with -j@jobs (a header change's
 * objects), each copied to its @dests entry; the number of objects made
 * (the others failed: b->err says why for the first), -1 if none.
 */
int objbuild_make_many(struct objbuild *b, const char *const *objs, int nobjs,
		       const struct ob_file *files, int nfiles, const char *const *dests,
		       int jobs);
/* A path inside the scratch directory (malloc()ed). */
char *objbuild_path(const struct objbuild *b, const char *rel);
void objbuild_close(struct objbuild *b);

#endif
