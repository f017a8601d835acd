/*
 * What genksyms sees of an exported symbol.  With CONFIG_MODVERSIONS each
 * EXPORT_SYMBOL's CRC covers its declaration with every struct, union
 * and enum it reaches expanded, as far as the translation unit defines
 * them: a struct only declared stays "struct foo;".  So a new #include
 * changes a CRC exactly when it completes a type some export reaches
 * (kpatch's symvers-disagreement case: <linux/blktrace_api.h> in
 * drivers/base/core.c).  This hashes, per export, the names of the
 * records it reaches and whether each is complete; the pre- and
 * post-image hashes differ when the CRC would.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

struct reach {
	XXH3_state_t *st;
	char **seen;		/* record names already hashed */
	int nseen;
};

static void reach_type(struct reach *r, CXType t);

static enum CXVisitorResult field_cb(CXCursor c, CXClientData data)
{
	reach_type(data, clang_getCursorType(c));
	return CXVisit_Continue;
}

static bool seen_before(struct reach *r, const char *name)
{
	for (int i = 0; i < r->nseen; i++)
		if (!strcmp(r->seen[i], name))
			return true;
	*VEC_PUSH(r->seen, r->nseen) = xstrdup(name);
	return false;
}

static void reach_record(struct reach *r, CXType t)
{
	CXCursor decl = clang_getTypeDeclaration(t);
	bool complete = !clang_Cursor_isNull(clang_getCursorDefinition(decl));
	char *name = cx_take(clang_getTypeSpelling(t));

	bool anon = strstr(name, "(unnamed") || strstr(name, "(anonymous");

	/* an anonymous record is hashed where it sits, by its members: its
	 * spelling names a file and line, which genksyms never sees */
	if (!anon && seen_before(r, name)) {
		free(name);
		return;
	}
	XXH3_64bits_update(r->st, anon ? "" : name, anon ? 1 : strlen(name) + 1);
	XXH3_64bits_update(r->st, complete ? "{" : ";", 1);
	free(name);
	if (complete && clang_getCursorKind(decl) != CXCursor_EnumDecl)
		clang_Type_visitFields(t, field_cb, r);
}

static void reach_type(struct reach *r, CXType t)
{
	t = clang_getCanonicalType(t);
	switch (t.kind) {
	case CXType_Pointer:
		reach_type(r, clang_getPointeeType(t));
		break;
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_VariableArray:
		reach_type(r, clang_getArrayElementType(t));
		break;
	case CXType_FunctionProto:
	case CXType_FunctionNoProto:
		reach_type(r, clang_getResultType(t));
		for (int i = 0; i < clang_getNumArgTypes(t); i++)
			reach_type(r, clang_getArgType(t, (unsigned int)i));
		break;
	case CXType_Record:
	case CXType_Enum:
		reach_record(r, t);
		break;
	default:
		break;
	}
}

uint64_t export_abi_hash(CXCursor sym)
{
	struct reach r = { .st = XXH3_createState() };
	uint64_t h;

	if (!r.st)
		return 0;
	XXH3_64bits_reset(r.st);
	reach_type(&r, clang_getCursorType(sym));
	h = XXH3_64bits_digest(r.st);
	XXH3_freeState(r.st);
	for (int i = 0; i < r.nseen; i++)
		free(r.seen[i]);
	free(r.seen);
	return h;
}
