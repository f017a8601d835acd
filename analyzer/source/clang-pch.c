/*
 * Precompiled preambles kept between runs (clang-pch.h).
 *
 * A kernel .c file opens with a block of comments and directives (the
 * preamble, preamble.h): #define pr_fmt, then the #include lines.
 * Parsing what they pull in is four fifths of a parse.  libclang's own
 * preamble lives only as long as the process, so here the block is
 * precompiled into a file that the next run loads: the block becomes a
 * header of its own, beside the .c file so that "quoted" includes resolve
 * alike, and the .c file is parsed with that block blanked (lines and
 * columns unchanged) and -include-pch.  Function bodies are skipped in
 * the header, as the source tier's own preamble skips them.
 */
#include <clang-c/Index.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-pch.h"
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

/* The first diagnostic at or above @level, "file:line: message"; NULL if none. */
static char *first_diag(CXTranslationUnit tu, enum CXDiagnosticSeverity level)
{
	unsigned int n = clang_getNumDiagnostics(tu);
	char *msg = NULL;

	for (unsigned int i = 0; i < n && !msg; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) >= level)
			msg = cx_take(clang_formatDiagnostic(d,
					CXDiagnostic_DisplaySourceLocation));
		clang_disposeDiagnostic(d);
	}
	return msg;
}

int cl_pch_build(struct cl_pch *p, const char *const *args, int nargs,
		 const struct cl_unsaved *unsaved, int nunsaved, const char *out,
		 char *err, size_t errlen)
{
	const char **av = xcalloc(nargs + 2, sizeof(*av));
	struct CXUnsavedFile *uf = cl_unsaved_files(unsaved, nunsaved, 1);
	CXIndex index = clang_createIndex(0, 0);
	CXTranslationUnit tu = NULL;
	char *diag = NULL;
	int rc;

	memcpy(av, args, nargs * sizeof(*av));
	av[nargs] = "-x";
	av[nargs + 1] = "c-header";
	uf[nunsaved] = (struct CXUnsavedFile){ p->header, p->text, p->len };
	rc = clang_parseTranslationUnit2(index, p->header, av, nargs + 2, uf, nunsaved + 1,
					 CXTranslationUnit_DetailedPreprocessingRecord |
					 CXTranslationUnit_SkipFunctionBodies |
					 CXTranslationUnit_ForSerialization, &tu);
	if (rc == CXError_Success && tu && !(diag = first_diag(tu, CXDiagnostic_Error))) {
		cl_inclusions(tu, &p->includes, &p->nincludes);
		rc = clang_saveTranslationUnit(tu, out, clang_defaultSaveOptions(tu));
	}
	if (rc || diag)
		snprintf(err, errlen, "%s: no precompiled preamble: %s", p->header,
			 diag ? diag : "libclang failed");
	free(diag);
	if (tu)
		clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	free(uf);
	free(av);
	return rc || diag ? -1 : 0;
}

void cl_pch_drop_includes(struct cl_pch *p)
{
	for (int i = 0; i < p->nincludes; i++)
		free(p->includes[i]);
	free(p->includes);
	p->includes = NULL;
	p->nincludes = 0;
}

void cl_pch_free(struct cl_pch *p)
{
	cl_pch_drop_includes(p);
	free(p->header);
	memset(p, 0, sizeof(*p));
}

/* @args without the -include files (the preamble holds them) and with
 * -include-pch @pch. */
static const char **with_pch(const char *const *args, int nargs, const char *pch, int *n)
{
	const char **av = xcalloc(nargs + 2, sizeof(*av));

	*n = 0;
	for (int i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "-include") && i + 1 < nargs) {
			i++;
			continue;
		}
		av[(*n)++] = args[i];
	}
	av[(*n)++] = "-include-pch";
	av[(*n)++] = pch;
	return av;
}

int cl_parse_pch(const char *main, const char *const *args, int nargs, const char *pch,
		 const struct cl_unsaved *unsaved, int nunsaved,
		 const char *const *wanted, int nwanted, struct cl_unit *u,
		 char *err, size_t errlen)
{
	int n;
	const char **av = with_pch(args, nargs, pch, &n);
	struct CXUnsavedFile *uf = cl_unsaved_files(unsaved, nunsaved, 0);
	/* the preamble's declarations are the headers': never walked */
	CXIndex index = clang_createIndex(1, 0);
	CXTranslationUnit tu = NULL;
	double t0 = cl_now();
	char *fatal = NULL;
	int rc;

	memset(u, 0, sizeof(*u));
	rc = clang_parseTranslationUnit2(index, main, av, n, uf, nunsaved,
					 CXTranslationUnit_DetailedPreprocessingRecord |
					 CXTranslationUnit_KeepGoing, &tu);
	/* a header changed since the preamble was made, or it is unreadable */
	if (rc == CXError_Success && tu && !(fatal = first_diag(tu, CXDiagnostic_Fatal)))
		cl_summarise(tu, wanted, nwanted, u, t0);
	if (rc || !tu || fatal)
		snprintf(err, errlen, "%s: %s", main, fatal ? fatal : "libclang failed");
	free(fatal);
	if (tu)
		clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	free(uf);
	free(av);
	return u->seen ? 0 : -1;
}
