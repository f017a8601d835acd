/*
 * The libclang front end: the only code of kpcheck that sees a CXCursor.
 * It parses one translation unit (a .c file of the tree, with the patched
 * files' post-images given as unsaved files when asked) and summarises the
 * top-level definitions found in a set of "wanted" files (the files the
 * patch touches) as plain C data: extents, token hashes, attributes,
 * layouts, signatures, initializers, static locals, calls and the uses the
 * source-tier rules look for.  The translation unit is disposed before
 * cl_parse() returns, so a summary costs no libclang memory.
 */
#ifndef KPCHECK_ANALYZER_SOURCE_CLANG_H
#define KPCHECK_ANALYZER_SOURCE_CLANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "analyzer/model/model.h"
#include "analyzer/model/srcfacts.h"

/* A file given to clang in memory instead of the one on disk. */
/* Where the livepatch tools' helper headers (analyzer/model/lphelpers.h)
 * are given to clang: a directory that exists nowhere. */
#define LP_HELPER_DIR "/.kpcheck-livepatch-helpers"

struct cl_unsaved {
	const char *path;	/* absolute */
	const char *text;
	size_t len;
};

struct cl_member {
	char *name;
	char *type;
	long offset, size;	/* bits, -1 when clang cannot tell */
	long value;		/* enum constants */
	int line;
};

struct cl_local {
	char *name;
	char *type;
	uint64_t init;		/* hash of the declaration's tokens */
	int line;
	char *macro;		/* the macro that made it up, NULL if written */
};

/* A call, or a use of some global symbol, inside a function. */
struct cl_use {
	char *name;
	int line;
	unsigned int attrs;	/* of the symbol used (writes, keys) */
	char *def_file;		/* where the symbol is defined, if in the TU */
	int def_line;
	enum kp_pair_kind pair;	/* calls: lock, RCU or reference op (clang-pair.c) */
	int pair_dir;		/* +1 takes, -1 releases */
	unsigned int role;	/* states: one enum kp_state_role bit */
	char *lock;		/* its first argument as written, or NULL */
	char *spelled;		/* the callee as written at the call */
};

struct cl_def {
	enum kp_def_kind kind;
	char *name;
	int file;		/* index in the wanted files */
	int start, end;		/* lines of the extent */
	unsigned int start_off, end_off;
	uint64_t hash;		/* tokens, with the macros it expands folded in */
	unsigned int attrs;	/* enum kp_attr */
	char *section;		/* __attribute__((section)) or NULL */
	char *sig;		/* function type or variable type */
	char *macro;		/* the macro whose body named it, NULL if written */
	bool helper_made;	/* that macro is a livepatch tool's helper's */
	struct cl_member *members;
	int nmembers;
	struct cl_local *locals;
	int nlocals;
	struct cl_use *calls, *writes, *keys, *scalls, *macros;
	int ncalls, nwrites, nkeys, nscalls, nmacros;
	struct cl_use *fields;	/* struct members used, "tag.member" */
	int nfields;
	struct cl_use *states;	/* members ("tag.member") and globals by role */
	int nstates;
	char *sleep_call;	/* sleeping call inside a loop */
	int sleep_line;
	bool kthread_loop;	/* loops on kthread_should_stop() */
};

/* An EXPORT_SYMBOL of a wanted file and what genksyms sees of it. */
struct cl_export {
	char *name;
	int file;
	uint64_t abi;		/* records it reaches, and which are complete */
};

struct cl_unit {
	struct cl_def *defs;
	int ndefs;
	struct cl_export *exports;
	int nexports;
	bool *seen;		/* per wanted file: part of this TU */
	char *error;		/* clang's first error, "file:line: message" */
	double seconds;		/* parse time */
	char **includes;	/* every file the unit read, main file first */
	int nincludes;
};

/*
 * Parse @main (absolute) with @args and summarise the definitions that
 * lie in @wanted (absolute paths).  Returns 0, or -1 with @err set when
 * libclang gives no translation unit; compile errors do not fail the
 * parse but leave the first one in unit->error.
 */
int cl_parse(const char *main, const char *const *args, int nargs,
	     const struct cl_unsaved *unsaved, int nunsaved,
	     const char *const *wanted, int nwanted, bool skip_headers,
	     struct cl_unit *unit, char *err, size_t errlen);
/* The pre-image (files on disk) and the post-image (@unsaved) of one
 * unit, the second by reparsing the first (see clang.c). */
int cl_parse_pair(const char *main, const char *const *args, int nargs,
		  const struct cl_unsaved *unsaved, int nunsaved,
		  const char *const *wanted, int nwanted, bool skip_headers,
		  struct cl_unit *pre, struct cl_unit *post,
		  char *err, size_t errlen);
void cl_unit_free(struct cl_unit *unit);

#endif
