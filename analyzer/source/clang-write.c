/*
 * Writes to global data inside a function body: the left operand of an
 * assignment (=, op=) or of ++/--, followed down through '.', array
 * subscripts, parentheses and implicit casts to the global variable it
 * names.  A '->' or a subscript of a pointer ends the walk: writing
 * through a pointer stored in a global does not write the global.
 * libclang 14 has no operator-kind query (clang_getCursorBinaryOperatorKind
 * came in LLVM 17), so the operator is read from the tokens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

static enum CXChildVisitResult first_cb(CXCursor c, CXCursor parent,
					CXClientData data)
{
	(void)parent;
	*(CXCursor *)data = c;
	return CXChildVisit_Break;
}

CXCursor cx_first_child(CXCursor c)
{
	CXCursor r = clang_getNullCursor();

	clang_visitChildren(c, first_cb, &r);
	return r;
}

CXCursor cx_strip(CXCursor c)
{
	for (int i = 0; i < 16; i++) {
		enum CXCursorKind k = clang_getCursorKind(c);

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
			break;
		c = cx_first_child(c);
	}
	return c;
}

bool cx_is_pointer(CXCursor c)
{
	return clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_Pointer;
}

/* The global variable an lvalue designates, or a null cursor. */
static CXCursor lvalue_global(CXCursor c)
{
	for (int i = 0; i < 32 && !clang_Cursor_isNull(c); i++) {
		CXCursor ref;

		c = cx_strip(c);
		switch (clang_getCursorKind(c)) {
		case CXCursor_DeclRefExpr:
			ref = clang_getCursorReferenced(c);
			if (clang_getCursorKind(ref) == CXCursor_VarDecl &&
			    clang_Cursor_hasVarDeclGlobalStorage(ref))
				return ref;
			return clang_getNullCursor();
		case CXCursor_MemberRefExpr:
		case CXCursor_ArraySubscriptExpr:
			c = cx_strip(cx_first_child(c));
			if (cx_is_pointer(c))
				return clang_getNullCursor();
			break;
		default:
			return clang_getNullCursor();
		}
	}
	return clang_getNullCursor();
}

static bool token_is(CXTranslationUnit tu, CXToken t, const char *const *ops)
{
	CXString s = clang_getTokenSpelling(tu, t);
	const char *p = clang_getCString(s);
	bool r = false;

	for (int i = 0; ops[i] && !r; i++)
		r = !strcmp(p, ops[i]);
	clang_disposeString(s);
	return r;
}

/* The spelling of binary operator @c, the first token after its left
 * operand @lhs, into @op ("" when unknown). */
void cx_binary_op(CXTranslationUnit tu, CXCursor c, CXCursor lhs, char *op, size_t len)
{
	unsigned int n, lhs_end, off;
	CXToken *t;

	*op = 0;
	clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(lhs)),
				   NULL, NULL, NULL, &lhs_end);
	clang_tokenize(tu, file_range(tu, clang_getCursorExtent(c)), &t, &n);
	for (unsigned int i = 0; i < n; i++) {
		clang_getExpansionLocation(clang_getTokenLocation(tu, t[i]),
					   NULL, NULL, NULL, &off);
		if (off >= lhs_end) {
			CXString s = clang_getTokenSpelling(tu, t[i]);

			snprintf(op, len, "%s", clang_getCString(s));
			clang_disposeString(s);
			break;
		}
	}
	clang_disposeTokens(tu, t, n);
}

/* The spelling of unary operator @c: its first token, or its last for a
 * postfix ++/--, into @op. */
void cx_unary_op(CXTranslationUnit tu, CXCursor c, char *op, size_t len)
{
	static const char *const incdec[] = { "++", "--", NULL };
	unsigned int n;
	CXToken *t;

	*op = 0;
	clang_tokenize(tu, file_range(tu, clang_getCursorExtent(c)), &t, &n);
	if (n) {
		CXToken last = t[n - 1];
		CXString s = clang_getTokenSpelling(tu, token_is(tu, last, incdec) ? last : t[0]);

		snprintf(op, len, "%s", clang_getCString(s));
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, t, n);
}

/* Does operator @c assign to its first operand? */
static bool assigns(CXTranslationUnit tu, CXCursor c, CXCursor lhs)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	char op[8];

	if (k == CXCursor_CompoundAssignOperator)
		return true;
	if (k == CXCursor_UnaryOperator) {
		cx_unary_op(tu, c, op, sizeof(op));
		return !strcmp(op, "++") || !strcmp(op, "--");
	}
	cx_binary_op(tu, c, lhs, op, sizeof(op));
	return k == CXCursor_BinaryOperator && !strcmp(op, "=");
}

void body_write(CXTranslationUnit tu, CXCursor c, struct cl_def *d)
{
	CXCursor lhs = cx_first_child(c), var;
	struct cl_use *u;
	char *name;

	if (clang_Cursor_isNull(lhs) || !assigns(tu, c, lhs))
		return;
	var = lvalue_global(lhs);
	if (clang_Cursor_isNull(var))
		return;
	name = cx_take(clang_getCursorSpelling(var));
	for (int i = 0; i < d->nwrites; i++)
		if (!strcmp(d->writes[i].name, name)) {
			free(name);
			return;
		}
	u = VEC_PUSH(d->writes, d->nwrites);
	u->name = name;
	u->line = cursor_line(c);
	use_where(u, var);
}
