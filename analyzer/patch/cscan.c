/*
 * Tolerant C scanner.  It walks characters once, tracking block comments,
 * string and character literals, preprocessor lines (with continuations)
 * and brace depth.  At depth 0 it collects the declaration head; a '{' or
 * ';' there ends the head, which is then classified (function, type,
 * variable, prototype, export).  Kernel style helps a lot: top-level
 * definitions start in column 0 and end with a '}' in column 0, which is
 * what makes fragments tractable.  Unbalanced input never fails: depth is
 * clamped and an unexpected '}' closes the definition the fragment started
 * in.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/patch/cscan.h"
#include "lib/util.h"

#define HEAD_MAX 1024

struct scanner {
	struct cscan *cs;
	const char *const *lines;
	const int *lens;
	int n;
	int depth;
	bool in_comment;
	char head[HEAD_MAX];	/* normalized tokens of the current head */
	int head_len;
	int head_start;		/* line of the first head token, -1 none */
	int cur_def;		/* def the braces belong to, -1 none */
	const char *enclosing;	/* hunk header of a fragment, or NULL */
	int tail_def;		/* type/variable awaiting its ';' */
	char *nbuf;		/* normalized text of the current line */
	int nlen, ncap;
};

static const struct {
	const char *word;
	unsigned int attr;
} attr_words[] = {
	{ "static", ATTR_STATIC }, { "inline", ATTR_INLINE },
	{ "__inline", ATTR_INLINE }, { "__inline__", ATTR_INLINE },
	{ "__always_inline", ATTR_ALWAYS_INLINE | ATTR_INLINE },
	{ "__init", ATTR_INIT }, { "__exit", ATTR_EXIT },
	{ "__initdata", ATTR_INITDATA }, { "__initconst", ATTR_INITDATA },
	{ "__exitdata", ATTR_INITDATA }, { "__init_refok", 0 },
	{ "notrace", ATTR_NOTRACE }, { "noinstr", ATTR_NOINSTR },
	{ "__ro_after_init", ATTR_RO_AFTER_INIT },
	{ "__read_mostly", ATTR_READ_MOSTLY }, { "const", ATTR_CONST },
	{ "extern", ATTR_EXTERN }, { "asmlinkage", ATTR_ASMLINKAGE },
};

/* Macros that look like calls in a head but only decorate it. */
static const char *const attr_macros[] = {
	"__attribute__", "__attribute", "__printf", "__scanf", "__section",
	"__aligned", "__must_hold", "__acquires", "__releases", "__cond_acquires",
	"__alloc_size", "__diagnose_as", "__nonstring", "__counted_by",
	"__visible", "__weak", NULL,
};

/* Words a C head can put before '(' that never name a function. */
static bool is_keyword(const char *w, size_t len)
{
	static const char *const kw[] = {
		"if", "for", "while", "switch", "return", "sizeof", "do", "else",
		"case", "default", "goto", "typeof", "__typeof__", "__typeof",
		"_Generic", "_Static_assert", "asm", "__asm__", "__asm", "volatile",
		"__volatile__", "alignof", "_Alignof", "__alignof__", "defined", NULL,
	};

	for (int i = 0; kw[i]; i++)
		if (strlen(kw[i]) == len && !strncmp(w, kw[i], len))
			return true;
	return false;
}

static bool is_attr_macro(const char *w, size_t len)
{
	for (int i = 0; attr_macros[i]; i++)
		if (strlen(attr_macros[i]) == len && !strncmp(w, attr_macros[i], len))
			return true;
	return false;
}

static bool is_attr_word(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof(attr_words) / sizeof(attr_words[0]); i++)
		if (strlen(attr_words[i].word) == len && !strncmp(w, attr_words[i].word, len))
			return attr_words[i].attr != ATTR_STATIC && attr_words[i].attr != ATTR_CONST;
	return is_attr_macro(w, len);
}

static unsigned int head_attrs(const char *head)
{
	unsigned int a = 0;
	size_t len = strlen(head);

	for (size_t i = 0; i < sizeof(attr_words) / sizeof(attr_words[0]); i++)
		if (has_word(head, len, attr_words[i].word))
			a |= attr_words[i].attr;
	if (strstr(head, ".init.text") || strstr(head, "__section(\".init"))
		a |= ATTR_INIT;
	return a;
}

static bool all_caps(const char *w, size_t len)
{
	bool upper = false;

	for (size_t i = 0; i < len; i++) {
		if (islower((unsigned char)w[i]))
			return false;
		upper |= isupper((unsigned char)w[i]);
	}
	return upper;
}

/* The identifier that ends right before @p (skipping spaces). */
static const char *ident_before(const char *head, const char *p, size_t *len)
{
	const char *e = p;

	while (e > head && e[-1] == ' ')
		e--;
	p = e;
	while (p > head && is_ident_char((unsigned char)p[-1]))
		p--;
	*len = e - p;
	return *len && !isdigit((unsigned char)*p) ? p : NULL;
}

/* First identifier after @p. */
static const char *ident_after(const char *p, size_t *len)
{
	while (*p && !is_ident_char((unsigned char)*p))
		p++;
	*len = 0;
	while (is_ident_char((unsigned char)p[*len]))
		(*len)++;
	return *len ? p : NULL;
}

/* Find the top-level '(' that opens a parameter list or a macro call. */
static const char *call_paren(const char *head, const char **name, size_t *nlen)
{
	int depth = 0;

	for (const char *p = head; *p; p++) {
		if (*p == '(' && depth++ == 0) {
			const char *w = ident_before(head, p, nlen);

			if (w && !is_attr_macro(w, *nlen)) {
				*name = w;
				return p;
			}
		} else if (*p == ')' && depth > 0) {
			depth--;
		}
	}
	return NULL;
}

static const char *top_level_char(const char *head, char c)
{
	int depth = 0;

	for (const char *p = head; *p; p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == ']') && depth > 0)
			depth--;
		else if (*p == c && depth == 0)
			return p;
	}
	return NULL;
}

static void set_name(struct cscan_def *d, const char *w, size_t len)
{
	free(d->name);
	d->name = w ? xstrndup(w, len) : NULL;
}

/* NAME(arg, ...) { ... }: a macro that defines a function named by arg. */
static void classify_macro_def(const char *paren, const char *w, size_t len,
			       struct cscan_def *d)
{
	size_t alen;
	const char *arg = ident_after(paren + 1, &alen);

	set_name(d, arg, alen);
	/* the livepatch tools' patchable forms define the same syscall */
	if (len >= 19 && !strncmp(w, "KLP_SYSCALL_DEFINE", 18)) {
		d->attrs |= ATTR_LP_SYSCALL;
		w += 4;
		len -= 4;
	} else if (len >= 22 && !strncmp(w, "KPATCH_SYSCALL_DEFINE", 21)) {
		d->attrs |= ATTR_LP_SYSCALL;
		w += 7;
		len -= 7;
	}
	if ((len >= 15 && !strncmp(w, "SYSCALL_DEFINE", 14)) ||
	    (len >= 22 && !strncmp(w, "COMPAT_SYSCALL_DEFINE", 21))) {
		d->attrs |= ATTR_SYSCALL;
		d->syscall = arg ? xstrndup(arg, alen) : NULL;
		if (arg) {
			free(d->name);
			d->name = xasprintf("%ssys_%.*s", w[0] == 'C' ? "compat_" : "",
					    (int)alen, arg);
		}
	}
}

static const char *skip_group_back(const char *head, const char *p,
				   char open, char close)
{
	int depth = 0;

	while (p > head) {
		p--;
		if (*p == close)
			depth++;
		else if (*p == open && --depth == 0)
			return p;
	}
	return p;
}

/* Walk back from '=' over "[N]", attributes and "__aligned(8)" to the name. */
static void classify_variable(const char *head, const char *eq, struct cscan_def *d)
{
	const char *p = eq, *w = NULL;
	size_t len = 0;

	d->kind = DEF_VARIABLE;
	while (p > head) {
		while (p > head && p[-1] == ' ')
			p--;
		if (p > head && p[-1] == ']') {
			p = skip_group_back(head, p, '[', ']');
			continue;
		}
		if (p > head && p[-1] == ')') {
			p = skip_group_back(head, p, '(', ')');
			w = ident_before(head, p, &len);
			if (w)
				p = w;
			continue;
		}
		w = ident_before(head, p, &len);
		if (!w)
			break;
		if (strncmp(w, "__", 2) != 0 || len < 3)
			break;
		p = w;	/* an attribute such as __initdata or __read_mostly */
		w = NULL;
	}
	set_name(d, w, len);
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* After "struct NAME": a '*' or a name that is no __attribute. */
static bool declarator_follows(const char *p)
{
	if (*p == '*')
		return true;
	return (isalpha((unsigned char)*p) || *p == '_') && strncmp(p, "__", 2) != 0;
}

static bool classify_type(const char *head, struct cscan_def *d)
{
	static const struct { const char *kw; enum kp_def_kind kind; } types[] = {
		{ "struct", DEF_STRUCT }, { "union", DEF_UNION }, { "enum", DEF_ENUM },
	};
	size_t hl = strlen(head);

	for (int i = 0; i < 3; i++) {
		const char *p = strstr(head, types[i].kw);
		size_t len;

		if (!p || !has_word(head, hl, types[i].kw))
			continue;
		d->kind = types[i].kind;
		const char *w = ident_after(p + strlen(types[i].kw), &len);

		while (w && !strncmp(w, "__", 2) && len > 2 && head_attrs(w) == 0 &&
		       (!strncmp(w, "__packed", len) || !strncmp(w, "__randomize_layout", len)))
			w = ident_after(w + len, &len);
		/* "static struct foo *lookup_(" (a hunk header git cut short)
		 * declares a function or pointer returning the type, "static
		 * struct proto x __ro_after_init;" a variable of the type */
		if (w && declarator_follows(skip_blanks(w + len))) {
			const char *v = skip_blanks(w + len);
			size_t vlen;

			/* a variable of the type ("static struct ctl_table
			 * kern_panic_table[] = {", the hunk header's cut) */
			d->kind = DEF_OTHER;
			if (*v == '*' || !(v = ident_after(v, &vlen)))
				return false;
			d->kind = DEF_VARIABLE;
			set_name(d, v, vlen);
			return true;
		}
		set_name(d, w, len);
		return true;
	}
	return false;
}

void cscan_classify_head(const char *head, struct cscan_def *d)
{
	const char *w = NULL, *paren, *eq = top_level_char(head, '=');
	size_t len = 0;

	d->kind = DEF_OTHER;
	d->attrs |= head_attrs(head);
	paren = call_paren(head, &w, &len);
	if (eq && (!paren || paren > eq)) {
		classify_variable(head, eq, d);
	} else if (paren) {
		d->kind = DEF_FUNCTION;
		if (is_keyword(w, len))
			set_name(d, NULL, 0);	/* a statement: the caller knows better */
		else if (all_caps(w, len))
			classify_macro_def(paren, w, len, d);
		else
			set_name(d, w, len);
	} else if (!classify_type(head, d) && has_word(head, strlen(head), "typedef")) {
		d->kind = DEF_TYPEDEF;
	}
}

/* A head that ended with ';' instead of '{'. */
static void classify_decl(const char *head, struct cscan_def *d)
{
	static const char *const exports[] = {
		"EXPORT_SYMBOL", "EXPORT_SYMBOL_GPL", "EXPORT_SYMBOL_NS",
		"EXPORT_SYMBOL_NS_GPL", "EXPORT_PER_CPU_SYMBOL",
		"EXPORT_PER_CPU_SYMBOL_GPL", NULL,
	};
	size_t len;
	const char *w = ident_after(head, &len);

	for (int i = 0; w && exports[i]; i++) {
		if (strlen(exports[i]) == len && !strncmp(w, exports[i], len)) {
			d->kind = DEF_EXPORT;
			w = ident_after(w + len, &len);
			set_name(d, w, len);
			return;
		}
	}
	cscan_classify_head(head, d);
	if (d->kind == DEF_FUNCTION && !(d->attrs & ATTR_SYSCALL)) {
		const char *p = call_paren(head, &w, &len);

		/* "DEFINE_MUTEX(m);" defines data; "int f(void);" declares */
		d->kind = all_caps(w, len) && p ? DEF_VARIABLE : DEF_PROTOTYPE;
		if (d->kind == DEF_VARIABLE)
			classify_macro_def(p, w, len, d);
	} else if (d->kind == DEF_OTHER || d->kind == DEF_TYPEDEF) {
		const char *e = head + strlen(head);

		if (d->kind == DEF_OTHER)
			d->kind = DEF_VARIABLE;
		w = ident_before(head, e, &len);
		/* "static struct proto x __ro_after_init;": the name is
		 * before the attribute words */
		while (w && w > head && is_attr_word(w, len))
			w = ident_before(head, w, &len);
		set_name(d, w, len);
	}
}

static void norm_put(struct scanner *s, char c)
{
	if (s->nlen + 2 > s->ncap) {
		s->ncap = s->ncap ? s->ncap * 2 : 128;
		s->nbuf = xrealloc(s->nbuf, s->ncap);
	}
	/* collapse runs of white space; drop it at the start */
	if (c == ' ' && (s->nlen == 0 || s->nbuf[s->nlen - 1] == ' '))
		return;
	s->nbuf[s->nlen++] = c;
}

static void head_put(struct scanner *s, int line, char c)
{
	if (c == ' ' && (s->head_len == 0 || s->head[s->head_len - 1] == ' '))
		return;
	if (s->head_start < 0)
		s->head_start = line;
	if (s->head_len < HEAD_MAX - 1)
		s->head[s->head_len++] = c;
}

static int new_def(struct scanner *s, int start)
{
	struct cscan_def *d = VEC_PUSH(s->cs->defs, s->cs->ndefs);

	d->start = start;
	d->end = start;
	return s->cs->ndefs - 1;
}

static void own(struct scanner *s, int from, int to, int def)
{
	for (int i = from; i <= to && i < s->n; i++)
		if (s->cs->owner[i] < 0)
			s->cs->owner[i] = def;
}

static void end_head(struct scanner *s)
{
	s->head_len = 0;
	s->head[0] = 0;
	s->head_start = -1;
}

static void open_brace(struct scanner *s, int line)
{
	if (s->depth++ != 0)
		return;
	s->head[s->head_len] = 0;
	s->cur_def = new_def(s, s->head_start >= 0 ? s->head_start : line);
	cscan_classify_head(s->head, &s->cs->defs[s->cur_def]);
	/* "if (x) {" read as a head: the fragment began inside a function,
	 * the one git named in the hunk header */
	if (s->cs->defs[s->cur_def].kind == DEF_FUNCTION &&
	    !s->cs->defs[s->cur_def].name && s->enclosing)
		cscan_classify_head(s->enclosing, &s->cs->defs[s->cur_def]);
	end_head(s);
}

static void close_brace(struct scanner *s, int line)
{
	struct cscan_def *d;

	if (s->depth == 0) {
		/* a fragment that started inside a definition we did not see */
		s->cur_def = new_def(s, 0);
		s->depth = 1;
	}
	if (--s->depth != 0 || s->cur_def < 0)
		return;
	d = &s->cs->defs[s->cur_def];
	d->end = line;
	own(s, d->start, line, s->cur_def);
	if (d->kind != DEF_FUNCTION)
		s->tail_def = s->cur_def;
	s->cur_def = -1;
}

static void semicolon(struct scanner *s, int line)
{
	int def;

	if (s->depth != 0)
		return;
	if (s->tail_def >= 0) {
		s->cs->defs[s->tail_def].end = line;
		own(s, s->cs->defs[s->tail_def].start, line, s->tail_def);
		s->tail_def = -1;
		end_head(s);
		return;
	}
	if (s->head_start < 0)
		return;
	s->head[s->head_len] = 0;
	def = new_def(s, s->head_start);
	classify_decl(s->head, &s->cs->defs[def]);
	s->cs->defs[def].end = line;
	own(s, s->head_start, line, def);
	end_head(s);
}

/* "<linux/foo.h>" or "foo.h" with its delimiters. */
static char *include_target(const char *p)
{
	const char *end = NULL;

	if (*p == '<')
		end = strchr(p, '>');
	else if (*p == '"')
		end = strchr(p + 1, '"');
	if (!end)
		return xstrndup(p, strcspn(p, " \t"));
	return xstrndup(p, end - p + 1);
}

/* A preprocessor line (already joined with its continuations). */
static void directive(struct scanner *s, int first, int last)
{
	/* lines are counted, not NUL-terminated (a tree file's lines point
	 * into the whole text): read a terminated copy of the first one */
	char *copy = xstrndup(s->lines[first], s->lens[first]);
	const char *l = copy;
	size_t len;
	const char *w;
	int def;

	while (*l == ' ' || *l == '\t' || *l == '#')
		l++;
	w = ident_after(l, &len);
	if (!w || (strncmp(w, "define", len) && strncmp(w, "include", len))) {
		free(copy);
		return;
	}
	def = new_def(s, first);
	s->cs->defs[def].end = last;
	if (!strncmp(w, "define", len)) {
		s->cs->defs[def].kind = DEF_MACRO;
		w = ident_after(w + len, &len);
		set_name(&s->cs->defs[def], w, len);
	} else {
		const char *p = w + len;

		s->cs->defs[def].kind = DEF_INCLUDE;
		while (*p == ' ' || *p == '\t')
			p++;
		s->cs->defs[def].include = include_target(p);
		set_name(&s->cs->defs[def], s->cs->defs[def].include,
			 strlen(s->cs->defs[def].include));
	}
	own(s, first, last, def);
	free(copy);
}

static void norm_end_line(struct scanner *s, int line)
{
	while (s->nlen && s->nbuf[s->nlen - 1] == ' ')
		s->nlen--;
	s->cs->norm[line] = xstrndup(s->nbuf ? s->nbuf : "", s->nlen);
	s->nlen = 0;
}

/* Skip a string or character literal starting at l[i]; returns the end. */
static int skip_literal(struct scanner *s, int line, const char *l, int len, int i)
{
	char q = l[i];
	int j = i + 1;

	while (j < len && l[j] != q)
		j += l[j] == '\\' ? 2 : 1;
	if (j > len)
		j = len;
	for (int k = i; k <= j && k < len; k++)
		norm_put(s, l[k]);
	if (s->depth == 0) {
		head_put(s, line, q);
		head_put(s, line, q);
	}
	return j + 1;
}

static void scan_char(struct scanner *s, int line, char c)
{
	norm_put(s, c == '\t' ? ' ' : c);
	if (c == '{') {
		open_brace(s, line);
	} else if (c == '}') {
		close_brace(s, line);
	} else if (c == ';') {
		semicolon(s, line);
	} else if (s->depth == 0) {
		head_put(s, line, c == '\t' ? ' ' : c);
	}
}

static void scan_line(struct scanner *s, int line)
{
	const char *l = s->lines[line];
	int len = s->lens[line], i = 0;

	while (i < len) {
		if (s->in_comment) {
			const char *e = memmem(l + i, len - i, "*/", 2);

			i = e ? (int)(e - l) + 2 : len;
			s->in_comment = !e;
			norm_put(s, ' ');
		} else if (l[i] == '/' && i + 1 < len && l[i + 1] == '*') {
			s->in_comment = true;
			i += 2;
		} else if (l[i] == '/' && i + 1 < len && l[i + 1] == '/') {
			break;
		} else if (l[i] == '"' || l[i] == '\'') {
			i = skip_literal(s, line, l, len, i);
		} else {
			scan_char(s, line, l[i++]);
		}
	}
	if (s->depth == 0)
		head_put(s, line, ' ');
	norm_put(s, ' ');
}

static bool is_directive(const char *l, int len)
{
	int i = 0;

	while (i < len && (l[i] == ' ' || l[i] == '\t'))
		i++;
	return i < len && l[i] == '#';
}

/* Join continuation lines; returns the last line of the directive. */
static int scan_directive(struct scanner *s, int line)
{
	int last = line;

	while (last + 1 < s->n && s->lens[last] > 0 &&
	       s->lines[last][s->lens[last] - 1] == '\\')
		last++;
	directive(s, line, last);
	for (int i = line; i <= last; i++) {
		for (int k = 0; k < s->lens[i]; k++)
			norm_put(s, s->lines[i][k] == '\t' ? ' ' : s->lines[i][k]);
		norm_end_line(s, i);
	}
	return last;
}

static const char *const line_users[] = {
	"WARN", "WARN_ON", "WARN_ONCE", "WARN_ON_ONCE", "WARN_TAINT",
	"WARN_TAINT_ONCE", "WARN_RATELIMIT", "BUG", "BUG_ON", "__LINE__",
	"lockdep_assert_held", "might_sleep", NULL,
};

static void mark_line_users(struct scanner *s)
{
	for (int i = 0; i < s->n; i++) {
		int o = s->cs->owner[i];

		if (o < 0 || s->cs->defs[o].uses_line)
			continue;
		for (int k = 0; line_users[k]; k++)
			if (has_word(s->lines[i], s->lens[i], line_users[k]))
				s->cs->defs[o].uses_line = true;
	}
}

/* Does the fragment open with a '{' whose head is above the hunk? */
static bool starts_with_brace(const struct scanner *s)
{
	for (int i = 0; i < s->n; i++) {
		int k = 0;

		while (k < s->lens[i] && isspace((unsigned char)s->lines[i][k]))
			k++;
		if (k < s->lens[i])
			return s->lines[i][k] == '{';
	}
	return false;
}

static void start_fragment(struct scanner *s, const struct cscan_start *st)
{
	s->in_comment = st->in_comment;
	s->enclosing = st->enclosing;
	if (st->depth <= 0 && st->enclosing && starts_with_brace(s)) {
		/* "enum pid_type" above, "{" as the hunk's first line */
		for (const char *p = st->enclosing; *p; p++)
			head_put(s, 0, *p == '\t' ? ' ' : *p);
		head_put(s, 0, ' ');
	}
	if (st->depth <= 0)
		return;
	s->cur_def = new_def(s, 0);
	s->depth = st->depth;
	if (st->enclosing)
		cscan_classify_head(st->enclosing, &s->cs->defs[s->cur_def]);
}

/* A definition left open runs to the last line; an empty fragment (a
 * hunk that only deletes, seen from the post-image) keeps end == start. */
static void run_to_end(struct scanner *s, int def)
{
	struct cscan_def *d = &s->cs->defs[def];

	d->end = s->n - 1 > d->start ? s->n - 1 : d->start;
	own(s, d->start, d->end, def);
}

static void finish(struct scanner *s)
{
	if (s->depth > 0 && s->cur_def >= 0)
		run_to_end(s, s->cur_def);
	if (s->tail_def >= 0)
		run_to_end(s, s->tail_def);
	mark_line_users(s);
}

void cscan_run(struct cscan *cs, const char *const *lines, const int *lens,
	       int n, const struct cscan_start *start)
{
	struct scanner s = {
		.cs = cs, .lines = lines, .lens = lens, .n = n,
		.head_start = -1, .cur_def = -1, .tail_def = -1,
	};

	memset(cs, 0, sizeof(*cs));
	cs->owner = xmalloc(sizeof(int) * (n ? n : 1));
	cs->norm = xcalloc(n ? n : 1, sizeof(char *));
	for (int i = 0; i < n; i++)
		cs->owner[i] = -1;
	if (start)
		start_fragment(&s, start);
	for (int i = 0; i < n; i++) {
		if (!s.in_comment && is_directive(lines[i], lens[i])) {
			i = scan_directive(&s, i);
			continue;
		}
		scan_line(&s, i);
		norm_end_line(&s, i);
	}
	finish(&s);
	free(s.nbuf);
}

void cscan_free(struct cscan *cs, int n)
{
	for (int i = 0; i < cs->ndefs; i++) {
		free(cs->defs[i].name);
		free(cs->defs[i].syscall);
		free(cs->defs[i].include);
	}
	for (int i = 0; i < n; i++)
		free(cs->norm[i]);
	free(cs->defs);
	free(cs->owner);
	free(cs->norm);
	memset(cs, 0, sizeof(*cs));
}
