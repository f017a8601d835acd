/*
 * Lines the tree's .config leaves out (inactive.h).  Two kinds of branch
 * are read, both only when their condition is one CONFIG symbol:
 *
 *   #ifdef CONFIG_X, #ifndef, #if defined(CONFIG_X), #if IS_ENABLED(...),
 *   IS_BUILTIN(), IS_MODULE(), #if 0, with #elif/#else/#endif nesting:
 *   the preprocessor drops the lines of a false branch.
 *
 *   if (IS_ENABLED(CONFIG_X)) or if (!IS_ENABLED(CONFIG_X)) in C, whose
 *   body gcc drops as dead code when the condition is a constant false:
 *   the body is told by indentation (kernel style), so a line counts as
 *   inside only when such an `if` is the nearest line indented less than
 *   it, or the nearest one's, and so on out to column 0.
 *
 * Any other condition (&&, ||, a symbol that is not CONFIG_*) is taken as
 * possibly true: a line is inactive only when it is provably left out.
 * `#ifdef CONFIG_X` is false for X=m (kbuild defines CONFIG_X_MODULE).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/patch/inactive.h"
#include "lib/util.h"

enum tri { T_FALSE, T_TRUE, T_UNKNOWN };

#define MAX_NEST 64

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* "CONFIG_FOO" at @p: its value, 'y', 'm' or 0; -1 if not a CONFIG name. */
static int config_at(const char *tree, const char *p, const char *end, const char **after)
{
	char sym[128];
	size_t n = 0;

	if (end - p < 7 || strncmp(p, "CONFIG_", 7))
		return -1;
	while (p + n < end && is_ident_char((unsigned char)p[n]) && n < sizeof(sym) - 1) {
		sym[n] = p[n];
		n++;
	}
	sym[n] = 0;
	*after = p + n;
	if (str_ends(sym, "_MODULE")) {
		sym[n - 7] = 0;
		return kbuild_config(tree, sym) == 'm' ? 'y' : 0;
	}
	return kbuild_config(tree, sym);
}

/* One `NAME(CONFIG_X)` or `CONFIG_X` test, possibly negated, and nothing
 * after it but a comment. */
static enum tri eval(const char *tree, const char *p, const char *end, bool defined_test)
{
	static const char *const fns[] = { "IS_ENABLED", "IS_BUILTIN", "IS_MODULE", "defined" };
	bool neg = false, paren = false;
	int fn = defined_test ? 3 : -1, v;
	const char *after;

	p = skip_ws(p, end);
	if (p < end && *p == '!') {
		neg = true;
		p = skip_ws(p + 1, end);
	}
	if (p < end && (*p == '0' || *p == '1') && (p + 1 == end || !is_ident_char((unsigned char)p[1])))
		return (*p == '1') != neg ? T_TRUE : T_FALSE;
	for (int i = 0; fn < 0 && i < 4; i++)
		if (end - p > (long)strlen(fns[i]) && !strncmp(p, fns[i], strlen(fns[i])) &&
		    !is_ident_char((unsigned char)p[strlen(fns[i])])) {
			fn = i;
			p = skip_ws(p + strlen(fns[i]), end);
		}
	if (fn < 0)
		return T_UNKNOWN;
	if (p < end && *p == '(') {
		paren = true;
		p = skip_ws(p + 1, end);
	}
	v = config_at(tree, p, end, &after);
	if (v < 0)
		return T_UNKNOWN;
	p = skip_ws(after, end);
	if (paren) {
		if (p >= end || *p != ')')
			return T_UNKNOWN;
		p = skip_ws(p + 1, end);
	}
	if (p < end && !(p + 1 < end && p[0] == '/' && (p[1] == '*' || p[1] == '/')))
		return T_UNKNOWN;
	/* defined(X)/#ifdef: only =y defines CONFIG_X */
	if (fn == 0)
		v = v != 0;
	else if (fn == 2)
		v = v == 'm';
	else
		v = v == 'y';
	return (v != 0) != neg ? T_TRUE : T_FALSE;
}

struct frame {
	enum tri cur;		/* the branch we are in */
	bool any_true;		/* a branch before it was true */
	bool all_false;		/* every branch before it was false */
};

/* Apply one preprocessor line to the stack; returns the new depth. */
static int directive(const char *tree, const char *p, const char *end,
		     struct frame *st, int depth)
{
	const char *w = skip_ws(p + 1, end);
	size_t n = 0;

	while (w + n < end && isalpha((unsigned char)w[n]))
		n++;
	if ((n == 2 && !strncmp(w, "if", 2)) || (n == 5 && !strncmp(w, "ifdef", 5)) ||
	    (n == 6 && !strncmp(w, "ifndef", 6))) {
		enum tri t = n == 2 ? eval(tree, w + n, end, false) :
			     eval(tree, w + n, end, true);

		if (n == 6 && t != T_UNKNOWN)
			t = t == T_TRUE ? T_FALSE : T_TRUE;
		if (depth < MAX_NEST)
			st[depth] = (struct frame){ t, t == T_TRUE, t == T_FALSE };
		return depth + 1;
	}
	if (depth == 0 || depth > MAX_NEST)
		return n == 5 && !strncmp(w, "endif", 5) && depth ? depth - 1 : depth;
	if (n == 4 && !strncmp(w, "elif", 4)) {
		struct frame *f = &st[depth - 1];
		enum tri t = f->any_true ? T_FALSE : eval(tree, w + n, end, false);

		f->cur = f->all_false || t == T_FALSE ? t : T_UNKNOWN;
		f->any_true |= f->cur == T_TRUE;
		f->all_false &= f->cur == T_FALSE;
	} else if (n == 4 && !strncmp(w, "else", 4)) {
		struct frame *f = &st[depth - 1];

		f->cur = f->any_true ? T_FALSE : f->all_false ? T_TRUE : T_UNKNOWN;
	} else if (n == 5 && !strncmp(w, "endif", 5)) {
		return depth - 1;
	}
	return depth;
}

static bool frames_false(const struct frame *st, int depth)
{
	for (int i = 0; i < depth && i < MAX_NEST; i++)
		if (st[i].cur == T_FALSE)
			return true;
	return false;
}

static int indent_of(const char *p, const char *end)
{
	int n = 0;

	for (; p < end && (*p == '\t' || *p == ' '); p++)
		n += *p == '\t' ? 8 : 1;
	return p < end ? n : -1;	/* a blank line has none */
}

/* Is the line an `if (IS_ENABLED(CONFIG_X))` whose body is dead code? */
static bool dead_if(const char *tree, const char *p, const char *end)
{
	const char *q;

	p = skip_ws(p, end);
	if (end - p > 7 && !strncmp(p, "} else ", 7))
		p += 7;
	if (end - p < 4 || strncmp(p, "if", 2))
		return false;
	p = skip_ws(p + 2, end);
	if (p >= end || *p != '(')
		return false;
	/* the condition ends at the last ')' before an optional '{' */
	q = end;
	while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '{'))
		q--;
	if (q <= p + 1 || q[-1] != ')')
		return false;
	return eval(tree, p + 1, q - 1, false) == T_FALSE;
}

struct line_ref {
	const char *p, *end;
};

bool *inactive_lines(const char *tree, const char *text, size_t len, int *nlines)
{
	struct line_ref *ls = NULL;
	struct frame st[MAX_NEST];
	int n = 0, depth = 0;
	bool *out;

	for (const char *p = text, *e = text + len; p < e; ) {
		const char *nl = memchr(p, '\n', e - p);
		struct line_ref *l = VEC_PUSH(ls, n);

		l->p = p;
		l->end = nl ? nl : e;
		p = nl ? nl + 1 : e;
	}
	out = xcalloc(n + 2, sizeof(bool));
	for (int i = 0; i < n; i++) {
		const char *p = skip_ws(ls[i].p, ls[i].end);
		bool is_directive = p < ls[i].end && *p == '#';

		out[i + 1] = !is_directive && frames_false(st, depth);
		if (is_directive)
			depth = directive(tree, p, ls[i].end, st, depth);
	}
	/* C-level dead branches: walk out through the enclosing lines */
	for (int i = 0; i < n; i++) {
		int ind = indent_of(ls[i].p, ls[i].end);

		for (int k = i - 1; !out[i + 1] && ind > 0 && k >= 0; k--) {
			int ki = indent_of(ls[k].p, ls[k].end);

			if (ki < 0 || ki >= ind)
				continue;
			if (dead_if(tree, ls[k].p, ls[k].end))
				out[i + 1] = true;
			ind = ki;
		}
	}
	free(ls);
	*nlines = n;
	return out;
}
