/*
 * Precompiled preambles that outlive the run (clang-pch.c): the leading
 * comments and directives of a .c file, precompiled once with function
 * bodies skipped, then loaded by every later parse of that file whose
 * preamble is the same.
 */
#ifndef KPCHECK_ANALYZER_SOURCE_CLANG_PCH_H
#define KPCHECK_ANALYZER_SOURCE_CLANG_PCH_H

#include <stddef.h>
#include "analyzer/source/clang.h"

/* A preamble made into a header of its own. */
struct cl_pch {
	char *header;		/* its path: beside the .c file, on no disk */
	const char *text;	/* the .c file's first @len bytes */
	size_t len;
	char **includes;	/* the files it read, from cl_pch_build() */
	int nincludes;
};

/* Precompile @p (with @args, and the helper headers in @unsaved) into
 * @out; fill p->includes.  -1 with @err when clang reports an error. */
int cl_pch_build(struct cl_pch *p, const char *const *args, int nargs,
		 const struct cl_unsaved *unsaved, int nunsaved, const char *out,
		 char *err, size_t errlen);
void cl_pch_drop_includes(struct cl_pch *p);
void cl_pch_free(struct cl_pch *p);

/*
 * cl_parse() of @main, whose preamble @unsaved blanks, loading preamble
 * @pch: only the rest of the file is parsed and walked.  -1 with @err
 * when the preamble cannot be used (a header changed since it was made).
 */
int cl_parse_pch(const char *main, const char *const *args, int nargs, const char *pch,
		 const struct cl_unsaved *unsaved, int nunsaved,
		 const char *const *wanted, int nwanted, struct cl_unit *u,
		 char *err, size_t errlen);

#endif
