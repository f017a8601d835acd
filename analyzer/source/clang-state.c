/*
 * The roles struct members and globals play in a function body, for the
 * existing-state rule: who sets a member up (assigns it, allocates it,
 * takes a reference into it, hands it to an init call) and who depends
 * on it (reads, tests, dereferences, frees or puts it).  A member is
 * named "tag.member" under its nearest named struct or union, as the
 * layout diff names it; a global by its name.  One entry per name and
 * role, at the first line it plays that role.
 *
 * The walk carries down the role an expression's value plays in its
 * parent until it reaches the member or variable it ends in: the base of
 * '->' or the operand of '*' is dereferenced, the first argument of a
 * free call is freed, the left side of '=' is set up; parentheses and
 * casts keep the role.  The callee's name sorts a call (allocation, free,
 * get, put, init), as clang-pair.c does for locks.  libclang 14 has no
 * operator kinds: operators are read from the tokens (clang-write.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

struct state_walk {
	CXTranslationUnit tu;
	struct cl_def *d;
};

static void visit(struct state_walk *w, CXCursor c, unsigned int role);

char *cx_member_name(CXCursor c)
{
	CXCursor field = clang_getCursorReferenced(c), rec;
	char *member, *tag = NULL, *name;

	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return NULL;
	rec = clang_getCursorSemanticParent(field);
	while (clang_getCursorKind(rec) == CXCursor_StructDecl ||
	       clang_getCursorKind(rec) == CXCursor_UnionDecl) {
		tag = cx_take(clang_getCursorSpelling(rec));
		if (*tag && !clang_Cursor_isAnonymous(rec))
			break;
		free(tag);
		tag = NULL;
		rec = clang_getCursorSemanticParent(rec);
	}
	if (!tag)
		return NULL;
	member = cx_take(clang_getCursorSpelling(field));
	name = xasprintf("%s.%s", tag, member);
	free(member);
	free(tag);
	return name;
}

static void record(struct state_walk *w, const char *name, CXCursor c,
		   unsigned int role)
{
	for (unsigned int bit = 1; bit <= role; bit <<= 1) {
		bool seen = false;
		struct cl_use *u;

		if (!(role & bit))
			continue;
		for (int i = 0; i < w->d->nstates && !seen; i++)
			seen = w->d->states[i].role == bit &&
			       !strcmp(w->d->states[i].name, name);
		if (seen)
			continue;
		u = VEC_PUSH(w->d->states, w->d->nstates);
		u->name = xstrdup(name);
		u->line = cursor_line(c);
		u->role = bit;
	}
}

struct role_walk {
	struct state_walk *w;
	unsigned int role;
};

static enum CXChildVisitResult visit_cb(CXCursor c, CXCursor parent,
					CXClientData data)
{
	struct role_walk *r = data;

	(void)parent;
	visit(r->w, c, r->role);
	return CXChildVisit_Continue;
}

/* Every child of @c plays @role. */
static void visit_all(struct state_walk *w, CXCursor c, unsigned int role)
{
	struct role_walk r = { w, role };

	clang_visitChildren(c, visit_cb, &r);
}

/* The first @max children of @c into @v; returns how many there are. */
struct kids {
	CXCursor *v;
	int n, max;
};

static enum CXChildVisitResult kids_cb(CXCursor c, CXCursor parent, CXClientData data)
{
	struct kids *k = data;

	(void)parent;
	if (k->n < k->max)
		k->v[k->n] = c;
	k->n++;
	return CXChildVisit_Continue;
}

static int children(CXCursor c, CXCursor *v, int max)
{
	struct kids k = { v, 0, max };

	clang_visitChildren(c, kids_cb, &k);
	return k.n;
}

static char *callee_name(CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);

	if (clang_getCursorKind(ref) != CXCursor_FunctionDecl)
		return NULL;
	return cx_take(clang_getCursorSpelling(ref));
}

static bool name_has(const char *n, const char *word)
{
	char *low = xstrdup(n);
	bool r;

	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	r = strstr(low, word) != NULL;
	free(low);
	return r;
}

/* What a call does to its first argument, by the callee's name. */
static unsigned int call_role(const char *n)
{
	int ref = pair_ref_dir(n);

	if (name_has(n, "free") || name_has(n, "destroy"))
		return STATE_FREE;
	if (ref)
		return ref > 0 ? STATE_GET : STATE_PUT;
	if (name_has(n, "init") || str_ends(n, "_set") || name_has(n, "setup"))
		return STATE_INIT;
	return 0;
}

static CXCursor uncast(CXCursor c)
{
	c = cx_strip(c);
	while (clang_getCursorKind(c) == CXCursor_CStyleCastExpr) {
		CXCursor v[2];
		int n = children(c, v, 2);

		/* (T *)x: a type reference may come before the operand */
		if (!n)
			break;
		c = cx_strip(v[n > 2 ? 1 : n - 1]);
	}
	return c;
}

/* What the value '=' assigns is: a fresh allocation, a reference. */
static unsigned int value_role(CXCursor rhs)
{
	char *n;
	unsigned int r = 0;

	rhs = uncast(rhs);
	if (clang_getCursorKind(rhs) != CXCursor_CallExpr || !(n = callee_name(rhs)))
		return 0;
	if ((name_has(n, "alloc") || name_has(n, "create") || name_has(n, "dup") ||
	     name_has(n, "asprintf")) && !name_has(n, "free"))
		r = STATE_ALLOC;
	else if (pair_ref_dir(n) > 0)
		r = STATE_GET;
	free(n);
	return r;
}

static void on_binary(struct state_walk *w, CXCursor c)
{
	CXCursor v[2];
	char op[8];

	if (children(c, v, 2) != 2)
		return;
	cx_binary_op(w->tu, c, v[0], op, sizeof(op));
	if (clang_getCursorKind(c) == CXCursor_BinaryOperator && !strcmp(op, "=")) {
		visit(w, v[0], STATE_INIT | value_role(v[1]));
		visit(w, v[1], STATE_READ);
		return;
	}
	if (!strcmp(op, "&&") || !strcmp(op, "||") || !strcmp(op, "==") ||
	    !strcmp(op, "!=")) {
		visit(w, v[0], STATE_TEST);
		visit(w, v[1], STATE_TEST);
		return;
	}
	visit(w, v[0], STATE_READ);
	visit(w, v[1], STATE_READ);
}

static void on_unary(struct state_walk *w, CXCursor c, unsigned int role)
{
	CXCursor v[1];
	char op[8];

	if (children(c, v, 1) != 1)
		return;
	cx_unary_op(w->tu, c, op, sizeof(op));
	if (!strcmp(op, "*") && clang_getCursorKind(uncast(v[0])) == CXCursor_UnaryOperator) {
		/* *&x (READ_ONCE(), WRITE_ONCE()) reads or writes x itself */
		visit(w, uncast(v[0]), role);
		return;
	}
	if (!strcmp(op, "*"))
		role = STATE_DEREF;
	else if (!strcmp(op, "!"))
		role = STATE_TEST;
	else if (strcmp(op, "&"))
		role = STATE_READ;
	visit(w, v[0], role);
}

/*
 * A call: the callee's name says what it does to its first argument
 * (kmem_cache_free() frees its second); a helper that names nothing
 * (spinlock_check() inside spin_lock_init()) passes on the role its own
 * value plays.  A member called through is dereferenced.
 */
static void on_call(struct state_walk *w, CXCursor c, unsigned int role)
{
	char *n = callee_name(c);
	unsigned int own = n ? call_role(n) : 0;
	int nargs = clang_Cursor_getNumArguments(c), target = 0;
	CXCursor callee;

	if (n && str_ends(n, "cache_free"))
		target = 1;
	if (!own && (role & (STATE_INIT | STATE_FREE | STATE_GET | STATE_PUT |
			     STATE_TEST)))
		own = role;
	if (!n && children(c, &callee, 1) >= 1)
		visit(w, callee, STATE_DEREF);
	for (int i = 0; i < nargs; i++)
		visit(w, clang_Cursor_getArgument(c, i),
		      i == target && own ? own : STATE_READ);
	free(n);
}

/* The condition of an if, while or ?: is tested; the rest is read. */
static void on_cond(struct state_walk *w, CXCursor c)
{
	CXCursor v[3];
	int n = children(c, v, 3);

	for (int i = 0; i < n && i < 3; i++)
		visit(w, v[i], i ? STATE_READ : STATE_TEST);
}

static void on_global(struct state_walk *w, CXCursor c, unsigned int role)
{
	CXCursor ref = clang_getCursorReferenced(c);
	char *name;

	if (!role || clang_getCursorKind(ref) != CXCursor_VarDecl ||
	    !clang_Cursor_hasVarDeclGlobalStorage(ref))
		return;
	name = cx_take(clang_getCursorSpelling(ref));
	record(w, name, c, role);
	free(name);
}

/* p->m: m plays @role; p is dereferenced when it is a pointer, while the
 * struct s of p->s.m is only a way to m. */
static void on_member(struct state_walk *w, CXCursor c, unsigned int role)
{
	char *name = role ? cx_member_name(c) : NULL;
	CXCursor base;

	if (name)
		record(w, name, c, role);
	free(name);
	if (children(c, &base, 1) >= 1)
		visit(w, base, cx_is_pointer(cx_strip(base)) ? STATE_DEREF : 0);
}

static void visit(struct state_walk *w, CXCursor c, unsigned int role)
{
	switch (clang_getCursorKind(c)) {
	case CXCursor_MemberRefExpr:
		on_member(w, c, role);
		return;
	case CXCursor_DeclRefExpr:
		on_global(w, c, role);
		return;
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:
	case CXCursor_CStyleCastExpr:
		visit_all(w, c, role);
		return;
	case CXCursor_UnaryExpr:
		return;		/* sizeof, alignof: not evaluated */
	case CXCursor_ArraySubscriptExpr: {
		CXCursor v[2];

		if (children(c, v, 2) == 2) {
			visit(w, v[0], cx_is_pointer(cx_strip(v[0])) ? STATE_DEREF : 0);
			visit(w, v[1], STATE_READ);
		}
		return;
	}
	case CXCursor_UnaryOperator:
		on_unary(w, c, role);
		return;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		on_binary(w, c);
		return;
	case CXCursor_CallExpr:
		on_call(w, c, role);
		return;
	case CXCursor_IfStmt:
	case CXCursor_WhileStmt:
	case CXCursor_ConditionalOperator:
		on_cond(w, c);
		return;
	default:
		visit_all(w, c, STATE_READ);
		return;
	}
}

void walk_state(CXTranslationUnit tu, CXCursor c, struct cl_def *d)
{
	struct state_walk w = { tu, d };

	visit_all(&w, c, STATE_READ);
}
