/*
 * The libclang front end (libclang 14, C API).  One pass over the
 * top-level cursors of a translation unit keeps what lies in the wanted
 * files: definitions, macro definitions and macro expansions.  Bodies of
 * functions are then walked for calls, static locals, writes to global
 * data, static keys and static calls, and sleeping calls inside loops.
 *
 * Hashes are XXH3 (Debian's libxxhash) over the token spellings, so white
 * space and comments never count.  A function expanding a macro defined
 * in a wanted file gets that macro's hash folded into its own: a change
 * inside a function-like macro changes exactly the functions that use it.
 */
#include <clang-c/Index.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>
#include "analyzer/source/clang.h"
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

static void add_error(struct cl_unit *u, CXTranslationUnit tu)
{
	unsigned int n = clang_getNumDiagnostics(tu);

	for (unsigned int i = 0; i < n && !u->error; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		CXString msg = clang_getDiagnosticSpelling(d);
		CXString name;
		CXFile f;
		unsigned int line;

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			clang_getSpellingLocation(loc, &f, &line, NULL, NULL);
			name = clang_getFileName(f);
			u->error = xasprintf("%s:%u: %s", clang_getCString(name)
					     ? clang_getCString(name) : "?", line,
					     clang_getCString(msg));
			clang_disposeString(name);
		}
		clang_disposeString(msg);
		clang_disposeDiagnostic(d);
	}
}

double cl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct CXUnsavedFile *cl_unsaved_files(const struct cl_unsaved *unsaved, int nunsaved,
				       int room)
{
	struct CXUnsavedFile *uf = xcalloc(nunsaved + room + 1, sizeof(*uf));

	for (int i = 0; i < nunsaved; i++) {
		uf[i].Filename = unsaved[i].path;
		uf[i].Contents = unsaved[i].text;
		uf[i].Length = unsaved[i].len;
	}
	return uf;
}

/* Function bodies are skipped in the preamble (the headers) only, which
 * takes a preamble, built by the first parse. */
#define SKIP_HEADER_BODIES (CXTranslationUnit_PrecompiledPreamble | \
			    CXTranslationUnit_CreatePreambleOnFirstParse | \
			    CXTranslationUnit_SkipFunctionBodies | \
			    CXTranslationUnit_LimitSkipFunctionBodiesToPreamble)

/* One index per parse: a unit and its index live and die together. */
static CXTranslationUnit parse_tu(CXIndex index, const char *main,
				  const char *const *args, int nargs,
				  const struct cl_unsaved *unsaved, int nunsaved,
				  unsigned int extra, char *err, size_t errlen)
{
	struct CXUnsavedFile *uf = cl_unsaved_files(unsaved, nunsaved, 0);
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc;

	/* The preprocessing record gives macro definitions and expansions;
	 * KeepGoing keeps the AST of a file with errors usable. */
	rc = clang_parseTranslationUnit2(index, main, args, nargs, uf,
					 nunsaved,
					 CXTranslationUnit_DetailedPreprocessingRecord |
					 CXTranslationUnit_KeepGoing | extra, &tu);
	free(uf);
	if (rc != CXError_Success || !tu) {
		snprintf(err, errlen, "%s: clang_parseTranslationUnit2 failed "
			 "(CXErrorCode %d)", main, (int)rc);
		return NULL;
	}
	return tu;
}

struct includes {
	char ***v;
	int *n;
};

static void add_include(CXFile f, CXSourceLocation *stack, unsigned int depth,
			CXClientData data)
{
	struct includes *inc = data;

	(void)stack;
	(void)depth;
	*VEC_PUSH(*inc->v, *inc->n) = cx_take(clang_getFileName(f));
}

void cl_inclusions(CXTranslationUnit tu, char ***v, int *n)
{
	struct includes inc = { v, n };

	clang_getInclusions(tu, add_include, &inc);
}

void cl_summarise(CXTranslationUnit tu, const char *const *wanted, int nwanted,
		  struct cl_unit *u, double t0)
{
	add_error(u, tu);
	/* what the facts rest on: the pre-image cache checks these files */
	cl_inclusions(tu, &u->includes, &u->nincludes);
	u->seen = xcalloc(nwanted, sizeof(*u->seen));
	walk_unit(tu, wanted, nwanted, u);
	u->seconds = cl_now() - t0;
}

int cl_parse(const char *main, const char *const *args, int nargs,
	     const struct cl_unsaved *unsaved, int nunsaved,
	     const char *const *wanted, int nwanted, bool skip_headers,
	     struct cl_unit *u, char *err, size_t errlen)
{
	double t0 = cl_now();
	CXIndex index = clang_createIndex(0, 0);
	CXTranslationUnit tu = parse_tu(index, main, args, nargs, unsaved,
					nunsaved, skip_headers ? SKIP_HEADER_BODIES : 0,
					err, errlen);

	memset(u, 0, sizeof(*u));
	if (!tu) {
		clang_disposeIndex(index);
		return -1;
	}
	cl_summarise(tu, wanted, nwanted, u, t0);
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	return 0;
}

/*
 * Both images of one translation unit, the post-image by reparsing the
 * pre-image's unit: libclang then reuses the precompiled preamble (the
 * #include lines at the top), so the post-image costs only the main file
 * (measured on fs/proc/base.c: 1.3 s, then 0.07 s).  With @skip_headers
 * the bodies of functions in the preamble (the headers' inline functions)
 * are not parsed either, which halves the first parse; the caller asks
 * for it only when no patched file lies in the preamble.
 */
int cl_parse_pair(const char *main, const char *const *args, int nargs,
		  const struct cl_unsaved *unsaved, int nunsaved,
		  const char *const *wanted, int nwanted, bool skip_headers,
		  struct cl_unit *pre, struct cl_unit *post,
		  char *err, size_t errlen)
{
	unsigned int opts = CXTranslationUnit_PrecompiledPreamble |
			    CXTranslationUnit_CreatePreambleOnFirstParse;
	CXIndex index = clang_createIndex(0, 0);
	struct CXUnsavedFile *uf;
	CXTranslationUnit tu;
	double t0 = cl_now();
	int rc;

	if (skip_headers)
		opts |= SKIP_HEADER_BODIES;
	memset(pre, 0, sizeof(*pre));
	memset(post, 0, sizeof(*post));
	tu = parse_tu(index, main, args, nargs, NULL, 0, opts, err, errlen);
	if (!tu) {
		clang_disposeIndex(index);
		return -1;
	}
	cl_summarise(tu, wanted, nwanted, pre, t0);
	t0 = cl_now();
	uf = cl_unsaved_files(unsaved, nunsaved, 0);
	rc = clang_reparseTranslationUnit(tu, nunsaved, uf,
					  clang_defaultReparseOptions(tu));
	free(uf);
	if (rc)
		snprintf(err, errlen, "%s: clang_reparseTranslationUnit failed (%d)",
			 main, rc);
	else
		cl_summarise(tu, wanted, nwanted, post, t0);
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	return rc ? -1 : 0;
}

static void free_uses(struct cl_use *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].def_file);
		free(v[i].lock);
		free(v[i].spelled);
	}
	free(v);
}

static void free_def(struct cl_def *d)
{
	for (int i = 0; i < d->nmembers; i++) {
		free(d->members[i].name);
		free(d->members[i].type);
	}
	for (int i = 0; i < d->nlocals; i++) {
		free(d->locals[i].name);
		free(d->locals[i].type);
		free(d->locals[i].macro);
	}
	free_uses(d->calls, d->ncalls);
	free_uses(d->writes, d->nwrites);
	free_uses(d->keys, d->nkeys);
	free_uses(d->scalls, d->nscalls);
	free_uses(d->fields, d->nfields);
	free_uses(d->states, d->nstates);
	free_uses(d->macros, d->nmacros);
	free(d->members);
	free(d->locals);
	free(d->name);
	free(d->section);
	free(d->sig);
	free(d->macro);
	free(d->sleep_call);
}

void cl_unit_free(struct cl_unit *u)
{
	for (int i = 0; i < u->ndefs; i++)
		free_def(&u->defs[i]);
	free(u->defs);
	for (int i = 0; i < u->nexports; i++)
		free(u->exports[i].name);
	free(u->exports);
	for (int i = 0; i < u->nincludes; i++)
		free(u->includes[i]);
	free(u->includes);
	free(u->seen);
	free(u->error);
	memset(u, 0, sizeof(*u));
}
