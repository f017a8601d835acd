/*
 * Both images of a patched .c file through a preamble kept between runs
 * (srcpch.c, clang-pch.h).
 */
#ifndef KPCHECK_ANALYZER_SOURCE_SRCPCH_H
#define KPCHECK_ANALYZER_SOURCE_SRCPCH_H

#include "analyzer/source/cflags.h"
#include "analyzer/source/srctier.h"

/*
 * Summarise the pre-image (from the facts cache when it holds it) and the
 * post-image of .c file @abs of run @r.  0 when done; -1 when this way
 * does not apply (the patch changes the preamble, a header, or clang
 * refuses the stored preamble): @pre and @post are then empty and the
 * caller parses the usual way.
 */
int srcpch_images(struct src_run *r, const char *abs, struct cflags *cf,
		  struct cl_unit *pre, struct cl_unit *post, char *err, size_t errlen);

#endif
