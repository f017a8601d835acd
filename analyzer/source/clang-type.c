/*
 * Struct, union and enum layouts as clang computes them for the tree's
 * configuration: every member with its type, offset and size in bits
 * (clang_Cursor_getOffsetOfField, clang_Type_getSizeOf), anonymous
 * struct/union members flattened into their parent with the offset added,
 * as C lets code name them; enum constants with their values.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

struct fields {
	struct cl_def *d;
	long base;		/* bit offset of the record being visited */
	int depth;
};

static long field_size(CXCursor f)
{
	long long sz;

	if (clang_Cursor_isBitField(f))
		return clang_getFieldDeclBitWidth(f);
	sz = clang_Type_getSizeOf(clang_getCursorType(f));
	return sz < 0 ? -1 : (long)sz * 8;
}

/* "union (unnamed at /tree/include/linux/fs.h:1131:2)" names a line,
 * which moves with any edit above it: keep only "union (unnamed)". */
static char *type_name(CXType t)
{
	char *s = cx_take(clang_getTypeSpelling(t)), *p;

	if ((p = strstr(s, " at ")) && (strstr(s, "(unnamed") || strstr(s, "(anonymous"))) {
		char *close = strchr(p, ')');

		memmove(p, close ? close : p + strlen(p), strlen(close ? close : p) + 1);
	}
	return s;
}

static enum CXVisitorResult visit_field(CXCursor f, CXClientData data)
{
	struct fields *fs = data;
	long long off = clang_Cursor_getOffsetOfField(f);
	CXType t = clang_getCursorType(f);
	CXCursor decl = clang_getTypeDeclaration(t);
	struct cl_member *m;

	if (clang_Cursor_isAnonymousRecordDecl(decl) && fs->depth < 8) {
		struct fields inner = { fs->d, fs->base + (off < 0 ? 0 : off),
					fs->depth + 1 };

		clang_Type_visitFields(t, visit_field, &inner);
		return CXVisit_Continue;
	}
	m = VEC_PUSH(fs->d->members, fs->d->nmembers);
	m->name = cx_take(clang_getCursorSpelling(f));
	m->type = type_name(t);
	m->offset = off < 0 ? -1 : fs->base + (long)off;
	m->size = field_size(f);
	m->line = cursor_line(f);
	return CXVisit_Continue;
}

static enum CXChildVisitResult visit_enum(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct cl_def *d = data;
	struct cl_member *m;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	m = VEC_PUSH(d->members, d->nmembers);
	m->name = cx_take(clang_getCursorSpelling(c));
	m->value = (long)clang_getEnumConstantDeclValue(c);
	m->offset = m->size = -1;
	m->line = cursor_line(c);
	return CXChildVisit_Continue;
}

static enum kp_def_kind type_kind(CXCursor c)
{
	switch (clang_getCursorKind(c)) {
	case CXCursor_UnionDecl:
		return DEF_UNION;
	case CXCursor_EnumDecl:
		return DEF_ENUM;
	default:
		return DEF_STRUCT;
	}
}

void walk_type(CXTranslationUnit tu, CXCursor c, struct cl_unit *u, int file)
{
	struct cl_def *d;

	/* forward declarations carry no layout; anonymous types are members
	 * of a named one or of a typedef, and are seen through it */
	if (!clang_isCursorDefinition(c) || clang_Cursor_isAnonymous(c))
		return;
	d = new_def(u, c, type_kind(c), file);
	d->hash = tokens_hash(tu, clang_getCursorExtent(c), false);
	if (d->kind == DEF_ENUM) {
		clang_visitChildren(c, visit_enum, d);
	} else {
		struct fields fs = { d, 0, 0 };
		long long sz = clang_Type_getSizeOf(clang_getCursorType(c));

		clang_Type_visitFields(clang_getCursorType(c), visit_field, &fs);
		d->sig = xasprintf("%lld", sz < 0 ? -1 : sz * 8);
	}
}
