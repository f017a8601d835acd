/*
 * Function bodies, tokens and attributes.  A body is walked once for what
 * the source-tier rules need: calls (with lines), static locals, writes
 * to global data, static keys and static calls used, and whether a
 * sleeping call or kthread_should_stop() sits inside a loop.
 *
 * Attributes come from clang's own printing of the declaration
 * (CXPrintingPolicy_TerseOutput), the only place libclang 14 shows an
 * attribute's arguments: section names are what __init, __exit, noinstr
 * and __ro_after_init expand to, and the kernel's `inline` carries
 * no_instrument_function (notrace) since v5.x's compiler_types.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

struct body {
	CXTranslationUnit tu;
	struct cl_def *d;
	int loops;
	int in_branch;		/* inside arch_static_branch*(): a jump label */
	int branch_line;
	int inline_depth;	/* inside an inline callee's body */
};

/*
 * The range of file text a cursor covers.  An extent that starts in a
 * macro (`notrace int f(void)`, DEFINE_MUTEX(m)) has macro locations that
 * clang_tokenize() cannot use: map both ends to their expansion in the
 * file, and when the end lies inside the same macro invocation as the
 * start, take the rest of that line so the macro's arguments count.
 */
CXSourceRange file_range(CXTranslationUnit tu, CXSourceRange r)
{
	CXFile f, f2;
	unsigned int so, eo;
	CXSourceLocation s, e;

	clang_getExpansionLocation(clang_getRangeStart(r), &f, NULL, NULL, &so);
	clang_getExpansionLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &eo);
	if (!f || f != f2)
		return r;
	s = clang_getLocationForOffset(tu, f, so);
	if (eo <= so) {
		size_t len;
		const char *text = clang_getFileContents(tu, f, &len);

		eo = so;
		while (text && eo < len && text[eo] != '\n')
			eo++;
	}
	e = clang_getLocationForOffset(tu, f, eo);
	return clang_getRange(s, e);
}

uint64_t tokens_hash(CXTranslationUnit tu, CXSourceRange range, bool fnlike)
{
	/* one state per call: a thread-local one would leak when the parse
	 * threads end, and a definition's tokens dwarf the allocation */
	XXH3_state_t *st = XXH3_createState();
	CXToken *t;
	unsigned int n;
	char flag = fnlike;
	uint64_t h;

	if (!st)
		return 0;
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, &flag, 1);
	clang_tokenize(tu, file_range(tu, range), &t, &n);
	for (unsigned int i = 0; i < n; i++) {
		CXString s;
		const char *p;

		if (clang_getTokenKind(t[i]) == CXToken_Comment)
			continue;
		s = clang_getTokenSpelling(tu, t[i]);
		p = clang_getCString(s);
		XXH3_64bits_update(st, p, strlen(p) + 1);
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, t, n);
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return h;
}

static enum CXChildVisitResult find_attr(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	(void)parent;
	if (!clang_isAttribute(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	*(bool *)data = true;
	return CXChildVisit_Break;
}

static unsigned int section_attrs(const char *s)
{
	if (!strcmp(s, ".init.text"))
		return ATTR_INIT;
	if (!strcmp(s, ".exit.text"))
		return ATTR_EXIT;
	if (!strcmp(s, ".noinstr.text"))
		return ATTR_NOINSTR | ATTR_NOTRACE;
	if (str_starts(s, ".init.") || str_starts(s, ".exit."))
		return ATTR_INITDATA;
	if (!strcmp(s, ".data..ro_after_init"))
		return ATTR_RO_AFTER_INIT;
	if (!strcmp(s, ".data..read_mostly"))
		return ATTR_READ_MOSTLY;
	return 0;
}

/* Attributes from the printed declaration, e.g.
 * "static int f(int) __attribute__((section(".init.text")))". */
static unsigned int printed_attrs(CXCursor c, char **section)
{
	CXPrintingPolicy pol = clang_getCursorPrintingPolicy(c);
	unsigned int a = 0;
	char *txt, *p;

	clang_PrintingPolicy_setProperty(pol, CXPrintingPolicy_TerseOutput, 1);
	txt = cx_take(clang_getCursorPrettyPrinted(c, pol));
	clang_PrintingPolicy_dispose(pol);
	if (strstr(txt, "no_instrument_function"))
		a |= ATTR_NOTRACE;
	if (strstr(txt, "always_inline"))
		a |= ATTR_ALWAYS_INLINE;
	if ((p = strstr(txt, "section(\""))) {
		p += strlen("section(\"");
		*section = xstrndup(p, strcspn(p, "\""));
		a |= section_attrs(*section);
	}
	free(txt);
	return a;
}

unsigned int decl_attrs(CXCursor c, char **section)
{
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(c);
	unsigned int a = 0;
	bool has_attr = false;

	if (sc == CX_SC_Static)
		a |= ATTR_STATIC;
	if (sc == CX_SC_Extern)
		a |= ATTR_EXTERN;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
	    clang_Cursor_isFunctionInlined(c))
		a |= ATTR_INLINE;
	if (clang_getCursorKind(c) == CXCursor_VarDecl &&
	    clang_isConstQualifiedType(clang_getCursorType(c)))
		a |= ATTR_CONST;
	clang_visitChildren(c, find_attr, &has_attr);
	if (has_attr)
		a |= printed_attrs(c, section);
	return a;
}

static struct cl_use *add_use(struct cl_use **v, int *n, const char *name,
			      int line, bool unique)
{
	for (int i = 0; unique && i < *n; i++)
		if (!strcmp((*v)[i].name, name))
			return NULL;
	struct cl_use *u = VEC_PUSH(*v, *n);

	u->name = xstrdup(name);
	u->line = line;
	return u;
}

/* Where the symbol @ref is defined (or declared), as file and line. */
void use_where(struct cl_use *u, CXCursor ref)
{
	CXCursor def = clang_getCursorDefinition(ref);
	CXFile f;
	unsigned int line;
	char *section = NULL;

	if (clang_Cursor_isNull(def))
		def = ref;
	clang_getExpansionLocation(clang_getCursorLocation(def), &f, &line,
				   NULL, NULL);
	u->def_file = f ? cx_take(clang_getFileName(f)) : NULL;
	u->def_line = line;
	u->attrs = decl_attrs(def, &section);
	free(section);
}

static enum CXChildVisitResult first_child_cb(CXCursor c, CXCursor parent,
					      CXClientData data)
{
	(void)parent;
	*(CXCursor *)data = c;
	return CXChildVisit_Break;
}

static bool is_sleeper(const char *n)
{
	static const char *const names[] = {
		"schedule", "io_schedule", "msleep", "msleep_interruptible",
		"ssleep", "usleep_range_state", "freezable_schedule",
		"schedule_preempt_disabled", NULL,
	};

	for (int i = 0; names[i]; i++)
		if (!strcmp(n, names[i]))
			return true;
	return str_starts(n, "schedule_timeout") ||
	       str_starts(n, "schedule_hrtimeout") ||
	       str_starts(n, "io_schedule_timeout") ||
	       str_starts(n, "wait_for_completion");
}

static enum CXChildVisitResult find_sct(CXCursor c, CXCursor parent,
					CXClientData data)
{
	char **name = data;
	CXCursor ref;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	ref = clang_getCursorReferenced(c);
	*name = cx_take(clang_getCursorSpelling(ref));
	if (str_starts(*name, "__SCT__"))
		return CXChildVisit_Break;
	free(*name);
	*name = NULL;
	return CXChildVisit_Continue;
}

/* static_call(f)(args) calls through the trampoline __SCT__f: a call
 * whose callee expression names it.  static_call_update() only takes
 * the trampoline's address as an argument, and is no call site. */
static void static_call_site(struct body *b, CXCursor call, int line)
{
	CXCursor callee = clang_getNullCursor();
	char *name = NULL;

	clang_visitChildren(call, first_child_cb, &callee);
	if (clang_Cursor_isNull(callee))
		return;
	clang_visitChildren(callee, find_sct, &name);
	if (name)
		add_use(&b->d->scalls, &b->d->nscalls, name + 7, line, true);
	free(name);
}

static enum CXChildVisitResult visit_body(CXCursor c, CXCursor parent,
					  CXClientData data);
static void inline_callee_keys(struct body *b, CXCursor fn, int line);
static void on_ref(struct body *b, CXCursor c);

/* static_branch_likely(&k) and friends end in arch_static_branch*(&k.key):
 * each such call is a jump-label site naming key k. */
static void jump_label_site(struct body *b, CXCursor call, int line)
{
	b->in_branch++;
	b->branch_line = b->inline_depth ? b->branch_line : line;
	clang_visitChildren(call, visit_body, b);
	b->in_branch--;
}

static enum CXChildVisitResult keys_only(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct body *b = data;
	CXCursor ref;
	char *name;

	(void)parent;
	if (b->in_branch && clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		on_ref(b, c);
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	ref = clang_getCursorReferenced(c);
	name = cx_take(clang_getCursorSpelling(ref));
	if (str_starts(name, "arch_static_branch"))
		jump_label_site(b, c, b->branch_line);
	else if (clang_Cursor_isFunctionInlined(ref) && b->inline_depth < 3)
		inline_callee_keys(b, ref, b->branch_line);
	free(name);
	return CXChildVisit_Recurse;
}

/* An inline callee is compiled into the function: its jump labels are
 * the function's own (helpers like schedstat_enabled() hide them). */
static void inline_callee_keys(struct body *b, CXCursor fn, int line)
{
	CXCursor def = clang_getCursorDefinition(fn);
	struct body inner = *b;

	if (clang_Cursor_isNull(def))
		return;
	inner.inline_depth++;
	inner.branch_line = line;
	inner.loops = 0;
	clang_visitChildren(def, keys_only, &inner);
}

static void on_call(struct body *b, CXCursor c)
{
	CXCursor ref = clang_getCursorReferenced(c);
	char *name;
	int line = cursor_line(c);

	if (clang_getCursorKind(ref) != CXCursor_FunctionDecl) {
		static_call_site(b, c, line);
		return;
	}
	name = cx_take(clang_getCursorSpelling(ref));
	pair_call(b->tu, c, add_use(&b->d->calls, &b->d->ncalls, name, line, false));
	if (b->loops && is_sleeper(name) && !b->d->sleep_call) {
		b->d->sleep_call = xstrdup(name);
		b->d->sleep_line = line;
	}
	if (b->loops && !strcmp(name, "kthread_should_stop"))
		b->d->kthread_loop = true;
	if (str_starts(name, "arch_static_branch"))
		jump_label_site(b, c, line);
	else if (clang_Cursor_isFunctionInlined(ref) && b->inline_depth < 3)
		inline_callee_keys(b, ref, line);
	free(name);
}

static void on_ref(struct body *b, CXCursor c)
{
	CXCursor ref = clang_getCursorReferenced(c);
	enum CXCursorKind k = clang_getCursorKind(ref);
	char *name, *type;
	struct cl_use *u;

	if (k != CXCursor_VarDecl && k != CXCursor_FunctionDecl)
		return;
	name = cx_take(clang_getCursorSpelling(ref));
	type = cx_take(clang_getTypeSpelling(clang_getCursorType(ref)));
	if (b->in_branch && k == CXCursor_VarDecl &&
	    clang_Cursor_hasVarDeclGlobalStorage(ref) && strstr(type, "static_key") &&
	    (u = add_use(&b->d->keys, &b->d->nkeys, name, b->branch_line, true)))
		use_where(u, ref);
	free(type);
	free(name);
}

/* A member access (obj->m, obj.m), recorded as "tag.m" (cx_member_name). */
static void on_field(struct body *b, CXCursor c)
{
	char *name = cx_member_name(c);

	if (name)
		add_use(&b->d->fields, &b->d->nfields, name, cursor_line(c), true);
	free(name);
}

static void on_local(struct body *b, CXCursor c)
{
	struct cl_local *l;

	if (clang_Cursor_getStorageClass(c) != CX_SC_Static)
		return;
	l = VEC_PUSH(b->d->locals, b->d->nlocals);
	l->name = cx_take(clang_getCursorSpelling(c));
	l->type = cx_take(clang_getTypeSpelling(clang_getCursorType(c)));
	l->init = tokens_hash(b->tu, clang_getCursorExtent(c), false);
	l->line = cursor_line(c);
	l->macro = decl_macro(b->tu, c);
}

static enum CXChildVisitResult visit_body(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct body *b = data;

	if (b->inline_depth)
		return keys_only(c, parent, data);

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_ForStmt:
	case CXCursor_WhileStmt:
	case CXCursor_DoStmt:
		b->loops++;
		clang_visitChildren(c, visit_body, b);
		b->loops--;
		return CXChildVisit_Continue;
	case CXCursor_CallExpr:
		on_call(b, c);
		break;
	case CXCursor_DeclRefExpr:
		on_ref(b, c);
		break;
	case CXCursor_MemberRefExpr:
		on_field(b, c);
		break;
	case CXCursor_VarDecl:
		on_local(b, c);
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
	case CXCursor_UnaryOperator:
		body_write(b->tu, c, b->d);
		break;
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

void walk_body(CXTranslationUnit tu, CXCursor c, struct cl_def *d)
{
	struct body b = { .tu = tu, .d = d };

	clang_visitChildren(c, visit_body, &b);
	walk_state(tu, c, d);
}
