/*
 * Internals of the libclang front end, shared by analyzer/clang*.c only:
 * the top-level walk, the function body walk and their small helpers.
 */
#ifndef KPCHECK_ANALYZER_SOURCE_CLANG_WALK_H
#define KPCHECK_ANALYZER_SOURCE_CLANG_WALK_H

#include <clang-c/Index.h>
#include <xxhash.h>
#include "analyzer/source/clang.h"

/* Summarise the definitions of @tu that lie in @wanted into @u. */
void walk_unit(CXTranslationUnit tu, const char *const *wanted, int nwanted,
	       struct cl_unit *u);

/* Summarise unit @tu parsed since @t0 (cl_now()) into @u: its first
 * error, the files it read, the definitions in @wanted. */
void cl_summarise(CXTranslationUnit tu, const char *const *wanted, int nwanted,
		  struct cl_unit *u, double t0);
/* Every file @tu read, appended to *@v. */
void cl_inclusions(CXTranslationUnit tu, char ***v, int *n);
/* @unsaved as libclang takes them, with @room more entries free. */
struct CXUnsavedFile *cl_unsaved_files(const struct cl_unsaved *unsaved, int nunsaved,
				       int room);
/* Monotonic seconds. */
double cl_now(void);

/* Append a definition of @c to @u with its name and extent. */
struct cl_def *new_def(struct cl_unit *u, CXCursor c, enum kp_def_kind kind,
		       int file);
/* Summarise a struct, union or enum definition @c into @u. */
void walk_type(CXTranslationUnit tu, CXCursor c, struct cl_unit *u, int file);

/* Walk the body of function @c into @d (calls, locals, writes, ...). */
void walk_body(CXTranslationUnit tu, CXCursor c, struct cl_def *d);

/* Roles members and globals play in the body of function @c, into
 * d->states (clang-state.c). */
void walk_state(CXTranslationUnit tu, CXCursor c, struct cl_def *d);

/* An expression's first child; the expression under parentheses and
 * implicit casts; is its type a pointer (clang-write.c). */
CXCursor cx_first_child(CXCursor c);
CXCursor cx_strip(CXCursor c);
bool cx_is_pointer(CXCursor c);
/* The operator of a binary (after its left operand @lhs) or unary
 * expression, as spelled, into @op. */
void cx_binary_op(CXTranslationUnit tu, CXCursor c, CXCursor lhs, char *op, size_t len);
void cx_unary_op(CXTranslationUnit tu, CXCursor c, char *op, size_t len);

/* If @c (an operator) writes global data, record it in d->writes. */
void body_write(CXTranslationUnit tu, CXCursor c, struct cl_def *d);
/* Where the symbol @ref is defined, and its attributes, into @u. */
void use_where(struct cl_use *u, CXCursor ref);

/* Sort call @c to @u->name as a lock, RCU or reference op (clang-pair.c)
 * and record what it acts on. */
void pair_call(CXTranslationUnit tu, CXCursor c, struct cl_use *u);
/* +1 when callee @name takes a reference, -1 when it drops one, else 0. */
int pair_ref_dir(const char *name);
/* "tag.member" for member access @c under its nearest named struct or
 * union, or NULL (malloc()ed). */
char *cx_member_name(CXCursor c);

/* The file text a cursor's extent covers, usable by clang_tokenize(). */
CXSourceRange file_range(CXTranslationUnit tu, CXSourceRange r);
/* Hash of the tokens of @range (comments never are tokens). */
uint64_t tokens_hash(CXTranslationUnit tu, CXSourceRange range, bool fnlike);
/* Attributes proved by the AST; *section gets the section name if any. */
unsigned int decl_attrs(CXCursor c, char **section);
/* The macro whose body made up the name of declaration @c, or NULL
 * when the name is written in the file (malloc()ed). */
char *decl_macro(CXTranslationUnit tu, CXCursor c);
/* Was @c's name made up by a macro a header under @dir defines? */
bool decl_from_helper(CXTranslationUnit tu, CXCursor c, const char *dir);
/* Hash of the records exported symbol @sym reaches (clang-abi.c). */
uint64_t export_abi_hash(CXCursor sym);
/* Expansion line of a cursor's location. */
int cursor_line(CXCursor c);
/* A malloc()ed copy of a CXString, disposing it. */
char *cx_take(CXString s);

#endif
