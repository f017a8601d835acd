/*
 * A member added to a struct in live use: objects made before the load
 * have no room for it, so the struct stays as it was and the member
 * lives in a shadow variable (the kernel's klp_shadow_* API): a
 * generated id, a constructor, reads through klp_shadow_get() (an object
 * with no shadow yet reads zero, as a zeroed new member would), writes
 * through klp_shadow_get_or_alloc(), and klp_shadow_free() at the top
 * of the struct's destructor, found in the tree by name (free_S, S_free,
 * destroy_S, ... taking a struct S *), else, for a struct of a .c file,
 * before that file's frees of it; the builder frees what is left when
 * the patch is removed.  Uses are rewritten in the lines the fix added
 * only: the member did not exist before, so no other line names it.  A
 * member no line of the fix names is dropped.  A retyped member:
 * refused (live objects hold the old type).  No destructor found, a
 * bit-field or an array member: review.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "lib/run.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rework/rework.h"
#include "rework/text.h"

/* The shadow API's header, hidden from genksyms: a new #include in a file
 * that exports symbols would change their CRCs (modversions). */
static const char klp_include[] =
	"#ifndef __GENKSYMS__ /* kpcheck rework: the exports' CRCs stay */\n"
	"#include <linux/livepatch.h>\n#endif\n";

struct member {
	const char *sname, *mname;
	char *type;		/* as declared, without the name */
	char *fn;		/* klp_S_m */
	char *id;		/* KLP_SHADOW_S_M */
	unsigned long idval;
};

/* "S.m" of the finding. */
static bool split(const char *sym, char **s, char **m)
{
	const char *dot = sym ? strrchr(sym, '.') : NULL;

	if (!dot)
		return false;
	*s = xstrndup(sym, dot - sym);
	*m = xstrdup(dot + 1);
	return true;
}

/* The member's type: clang's spelling, else the declaration minus the
 * name; NULL for a bit-field or an array. */
static char *member_type(const struct kp_member *m)
{
	char *t, *at;

	if (m->new_type)
		return strchr(m->new_type, '[') ? NULL : xstrdup(m->new_type);
	if (!m->decl || strchr(m->decl, ':') || strchr(m->decl, '['))
		return NULL;
	t = xstrdup(m->decl);
	at = t + strlen(t);
	while (at > t && strchr("; \t", at[-1]))
		*--at = 0;
	at = strstr(t, m->name);
	if (!at)
		return free(t), NULL;
	*at = 0;
	while (at > t && strchr(" \t", at[-1]))
		*--at = 0;
	return t;
}

/* A stable id from the names: FNV-1a of "S.m", 31 bits. */
static unsigned long make_id(const char *s, const char *m)
{
	unsigned long h = 2166136261u;
	char *k = xasprintf("%s.%s", s, m);

	for (const char *p = k; *p; p++)
		h = ((h ^ (unsigned char)*p) * 16777619u) & 0xffffffffu;
	free(k);
	return h & 0x7fffffffu;
}

static char *upper(const char *s)
{
	char *u = xstrdup(s);

	for (char *p = u; *p; p++)
		*p = *p >= 'a' && *p <= 'z' ? *p - 32 : *p;
	return u;
}

static char *helpers(const struct member *mb)
{
	return xasprintf(
		"\n/*\n * kpcheck rework: '%s' added to struct %s lives in a shadow variable;\n"
		" * an object with none yet reads zero, and a write whose allocation\n"
		" * fails goes to a sink (the state keeps its default).  The struct\n"
		" * may be defined below, in this file.\n */\n"
		"struct %s;\n#define %s 0x%lxUL\n\n"
		"static int %s_ctor(void *obj, void *shadow_data, void *ctor_data)\n{\n"
		"\tmemset(shadow_data, 0, sizeof(%s));\n\treturn 0;\n}\n\n"
		"static %s %s_get(const struct %s *obj)\n{\n"
		"\t%s *p = klp_shadow_get((void *)obj, %s);\n\t%s zero;\n\n"
		"\tif (p)\n\t\treturn *p;\n\tmemset(&zero, 0, sizeof(zero));\n\treturn zero;\n}\n\n"
		"static %s *%s(const struct %s *obj)\n{\n\tstatic %s sink;\n"
		"\t%s *p = klp_shadow_get_or_alloc((void *)obj, %s, sizeof(*p),\n"
		"\t\t\t\t\t GFP_ATOMIC, %s_ctor, NULL);\n\n"
		"\treturn p ? p : &sink;\n}\n",
		mb->mname, mb->sname, mb->sname, mb->id, mb->idval, mb->fn, mb->type,
		mb->type, mb->fn, mb->sname, mb->type, mb->id, mb->type,
		mb->type, mb->fn, mb->sname, mb->type, mb->type, mb->id, mb->fn);
}

/* Start of the object expression that ends just before @end ("->"). */
static size_t object_start(const char *s, size_t end)
{
	size_t i = end;

	for (;;) {
		while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
			i--;
		if (i > 0 && (s[i - 1] == ')' || s[i - 1] == ']')) {
			int depth = 0;

			do {
				i--;
				depth += (s[i] == ')' || s[i] == ']') - (s[i] == '(' || s[i] == '[');
			} while (i > 0 && depth);
			if (i > 0 && is_ident_char(s[i - 1]))
				continue;	/* a call or an index: its name */
		} else {
			while (i > 0 && is_ident_char(s[i - 1]))
				i--;
		}
		if (i >= 2 && s[i - 2] == '-' && s[i - 1] == '>')
			i -= 2;
		else if (i >= 1 && s[i - 1] == '.')
			i -= 1;
		else
			return i;
	}
}

static bool is_write(const char *s, size_t start, size_t after)
{
	static const char *const ops[] = { "++", "--", "+=", "-=", "*=", "/=", "%=",
					   "|=", "&=", "^=", "<<=", ">>=" };
	size_t b = start;

	while (s[after] == ' ' || s[after] == '\t')
		after++;
	if (s[after] == '=' && s[after + 1] != '=')
		return true;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strncmp(s + after, ops[i], strlen(ops[i])))
			return true;
	while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	return (b >= 2 && (!strncmp(s + b - 2, "++", 2) || !strncmp(s + b - 2, "--", 2))) ||
	       (b >= 1 && s[b - 1] == '&' && (b < 2 || s[b - 2] != '&'));
}

/* Rewrite the uses of the member in line @line of @rf; the count. */
static int rewrite_line(struct rw_file *rf, int line, const struct member *mb)
{
	size_t at = text_line_off(rf->text, rf->len, line);
	int n = 0;

	while ((at = text_find_ident(rf->text, rf->len, at, mb->mname, false)) != (size_t)-1 &&
	       text_line_at(rf->text, at) == line) {
		bool arrow = at >= 2 && rf->text[at - 2] == '-' && rf->text[at - 1] == '>';
		bool dot = at >= 1 && rf->text[at - 1] == '.';
		size_t op = at - (arrow ? 2 : 1), start, end = at + strlen(mb->mname);
		char *obj, *with;

		if (!arrow && !dot) {
			at = end;
			continue;
		}
		start = object_start(rf->text, op);
		obj = xstrndup(rf->text + start, op - start);
		with = is_write(rf->text, start, end) ?
		       xasprintf("(*%s(%s%s))", mb->fn, dot ? "&" : "", obj) :
		       xasprintf("%s_get(%s%s)", mb->fn, dot ? "&" : "", obj);
		text_replace(&rf->text, &rf->len, start, end - start, with);
		at = start + strlen(with);
		free(obj);
		free(with);
		n++;
	}
	return n;
}

/* The uses in the lines the fix added to file @i of the patch. */
static int rewrite_uses(struct rework *rw, struct kp_ctx *ctx, const struct member *mb,
			int *files)
{
	int total = 0;

	for (int i = 0; i < ctx->patch->nfiles; i++) {
		const struct kp_file *f = &ctx->patch->files[i];
		struct rw_file *rf;
		int n = 0;

		if (!f->new_path || !str_ends(f->new_path, ".c"))
			continue;
		rf = rw_file_get(rw, f->new_path);
		for (int h = 0; rf->text && h < f->nhunks; h++)
			for (int l = 0; l < f->hunks[h].nlines; l++)
				if (f->hunks[h].lines[l].kind == LINE_ADD)
					n += rewrite_line(rf, f->hunks[h].lines[l].new_no, mb);
		if (n) {
			char *h = helpers(mb);

			rw_prelude_add(rf, klp_include);
			rw_prelude_add(rf, h);
			free(h);
			(*files)++;
		}
		total += n;
	}
	return total;
}

/* Does a line the fix added, other than the struct's own (@d in @file),
 * name @m (as a member or otherwise)? */
static bool named_by_fix(const struct kp_ctx *ctx, const char *file, const struct kp_def *d,
			 const char *m)
{
	for (int i = 0; i < ctx->patch->nfiles; i++) {
		const struct kp_file *f = &ctx->patch->files[i];
		bool here = f->new_path && !strcmp(f->new_path, file);

		for (int h = 0; h < f->nhunks; h++)
			for (int l = 0; l < f->hunks[h].nlines; l++) {
				const struct kp_line *ln = &f->hunks[h].lines[l];
				char *t;
				bool hit;

				if (ln->kind != LINE_ADD || (here && ln->new_no >= d->new_start &&
							     ln->new_no <= d->new_end))
					continue;
				t = xstrndup(ln->text, ln->len);
				hit = text_find_ident(t, strlen(t), 0, m, false) != (size_t)-1;
				free(t);
				if (hit)
					return true;
			}
	}
	return false;
}

/* Names a destructor of struct @s may have. */
static char *destructor_names(const char *s)
{
	char *stems[3] = { xstrdup(s), NULL, NULL }, *alt = xstrdup(""), *t;
	const char *u = strchr(s, '_'), *last = strrchr(s, '_');

	if (str_ends(s, "_struct") || str_ends(s, "_info"))
		stems[1] = xstrndup(s, last - s);
	if (u && u != last)
		stems[2] = xasprintf("%.*s%s", (int)(u - s), s, last);
	for (int i = 0; i < 3; i++) {
		if (!stems[i])
			continue;
		t = xasprintf("%s%sfree_%s|%s_free|__%s_free|__free_%s|%s_free_rcu|destroy_%s|"
			      "%s_destroy", alt, *alt ? "|" : "", stems[i], stems[i], stems[i],
			      stems[i], stems[i], stems[i], stems[i]);
		free(alt);
		alt = t;
		free(stems[i]);
	}
	return alt;
}

/* "path:line:definition" of the struct's destructor in the tree. */
static char *find_destructor(const char *tree, const char *s)
{
	char *names = destructor_names(s), *line = NULL, *found = NULL, *inl = NULL;
	char *re = xasprintf("^[a-z][^;(=]*[ *](%s)\\((const )?struct %s \\*[a-z_]+\\)$", names, s);
	char *argv[] = { "grep", "-rnE", "--include=*.c", "--exclude-dir=arch",
			 "--exclude-dir=tools", re, ".", NULL };
	struct run_job j = { .argv = argv, .dir = tree };
	FILE *f = run_read(&j);
	size_t cap = 0;

	/* A static inline of a .c file only when no other: the callers it is
	 * inlined into are carried with it. */
	while (f && getline(&line, &cap, f) > 0)
		if (!found && !strstr(line, "inline "))
			found = xstrdup(line + 2);	/* past "./" */
		else if (!inl && strstr(line, "static inline "))
			inl = xstrdup(line + 2);
	if (f)
		run_close(&j, f, false);
	if (!found)
		found = inl;
	else
		free(inl);
	run_release(&j);
	free(line);
	free(names);
	free(re);
	return found;
}

/* klp_shadow_free() first thing in the destructor; its name, or NULL. */
static char *free_in_destructor(struct rework *rw, const struct member *mb)
{
	char *hit = find_destructor(rw->tree, mb->sname), *colon, *name = NULL;
	struct rw_file *rf;
	int line;

	if (!hit || !(colon = strchr(hit, ':')))
		return free(hit), NULL;
	*colon = 0;
	line = atoi(colon + 1);
	rf = rw_file_get(rw, hit);
	if (rf->text) {
		size_t at = text_line_off(rf->text, rf->len, line), open;
		char *decl = text_lines(rf->text, rf->len, line, line);
		char *par = strchr(decl, '('), *star = strrchr(decl, '*'), *sp;
		char *param = xstrndup(star + 1, strcspn(star + 1, ")"));
		char *stmt, *def = xasprintf("#define %s 0x%lxUL\n", mb->id, mb->idval);

		*par = 0;
		sp = strrchr(decl, ' ');
		name = xstrdup(sp ? sp + 1 : decl);
		free(decl);
		open = strchr(rf->text + at, '{') - rf->text;
		stmt = xasprintf("\tklp_shadow_free(%s, %s, NULL); /* kpcheck rework: "
				 "the shadow '%s' goes with the object */\n", param, mb->id,
				 mb->mname);
		text_replace(&rf->text, &rf->len, text_line_off(rf->text, rf->len,
				text_line_at(rf->text, open) + 1), 0, stmt);
		rw_prelude_add(rf, klp_include);
		rw_prelude_add(rf, def);
		free(param);
		free(stmt);
		free(def);
	}
	free(hit);
	return name;
}

/* The names the file gives a struct @s pointer ("struct S *name"). */
static bool is_s_pointer(const char *t, const char *s, const char *name)
{
	char *decl = xasprintf("struct %s *%s", s, name);
	bool yes = false;

	for (const char *at = t; !yes && (at = strstr(at, decl)); at++)
		yes = !is_ident_char(at[strlen(decl)]) && (at == t || !is_ident_char(at[-1])) &&
		      !text_in_comment(t, at - t);
	free(decl);
	return yes;
}

/* Is line @line's statement the whole body of an if/else/for/while
 * without braces?  The line above ends in ')' or is "else". */
static bool braceless_body(const char *t, size_t len, int line, char **above)
{
	char *prev = line > 1 ? text_lines(t, len, line - 1, line - 1) : xstrdup("");
	size_t n = strlen(prev);

	while (n && strchr(" \t\n", prev[n - 1]))
		prev[--n] = 0;
	if ((n && prev[n - 1] == ')') || (n >= 4 && !strcmp(prev + n - 4, "else"))) {
		*above = prev;
		return true;
	}
	free(prev);
	return false;
}

/*
 * Does the function around @at allocate @obj itself (a constructor's
 * error path) and not use the member?  Such an object never had a
 * shadow: its free is left alone.
 */
static bool own_allocation(const char *t, size_t len, size_t at, const char *obj,
			   const struct member *mb)
{
	static const char *const allocs[] = { "kmalloc(", "kzalloc(", "kcalloc(", "kvmalloc(",
					      "kvzalloc(", "kmem_cache_alloc(", "kmem_cache_zalloc(" };
	size_t open = at, end;
	char *body;
	bool own = false;

	while (open > 0 && !(t[open] == '{' && t[open - 1] == '\n'))
		open--;
	if (!open)
		return false;
	end = text_match(t, len, open);
	body = xstrndup(t + open, (end > open ? end : len) - open);
	for (size_t i = 0; !own && i < sizeof(allocs) / sizeof(allocs[0]); i++) {
		char *a = xasprintf("%s = %s", obj, allocs[i]);

		own = strstr(body, a) != NULL;
		free(a);
	}
	own = own && !strstr(body, mb->fn);
	free(body);
	return own;
}

/* klp_shadow_free() before line @line, braces added when the line is
 * the body of a braceless if/else/loop. */
static void free_before(struct rw_file *rf, int line, const char *obj, const struct member *mb)
{
	char *above = NULL, *ind, *stmt, *cur = text_lines(rf->text, rf->len, line, line);

	ind = xstrndup(cur, strspn(cur, " \t"));
	stmt = xasprintf("%sklp_shadow_free(%s, %s, NULL); /* kpcheck rework: the shadow "
			 "'%s' goes with the object */\n", ind, obj, mb->id, mb->mname);
	if (braceless_body(rf->text, rf->len, line, &above)) {
		char *outer = xstrndup(above, strspn(above, " \t"));
		char *with = xasprintf("%s {\n%s%s%s}\n", above, stmt, cur, outer);

		text_replace_lines(&rf->text, &rf->len, line - 1, line, with);
		free(outer);
		free(with);
	} else {
		text_replace(&rf->text, &rf->len, text_line_off(rf->text, rf->len, line), 0, stmt);
	}
	free(above);
	free(stmt);
	free(ind);
	free(cur);
}

/*
 * The object a free's arguments @args (the second for kmem_cache_free(),
 * @second) free when it is a struct @s: a name the file declares as
 * "struct S *name", or container_of(..., struct S, ...); else NULL.
 */
static char *freed_object(const char *t, const char *args, bool second, const char *s)
{
	char *cont = xasprintf("struct %s,", s), *arg = NULL;
	const char *a = args;
	size_t n;
	int depth = 0;

	if (second) {
		for (; *a && (depth || *a != ','); a++)
			depth += (*a == '(') - (*a == ')');
		a += !!*a;
	}
	a += strspn(a, " \t\n");
	for (n = 0, depth = 0; a[n] && (depth || a[n] != ','); n++)
		depth += (a[n] == '(') - (a[n] == ')');
	while (n && strchr(" \t\n", a[n - 1]))
		n--;
	arg = xstrndup(a, n);
	if (!(strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n &&
	      n && is_s_pointer(t, s, arg)) &&
	    !(!strncmp(arg, "container_of(", 13) && strstr(arg, cont)))
		arg = (free(arg), NULL);
	free(cont);
	return arg;
}

/* Does line @line continue a macro (it or the line above ends in '\\')? */
static bool in_macro(const char *t, size_t len, int line)
{
	bool in = false;

	for (int l = line > 1 ? line - 1 : line; l <= line && !in; l++) {
		char *x = text_lines(t, len, l, l);
		size_t n = strlen(x);

		while (n && strchr(" \t\n", x[n - 1]))
			n--;
		in = n && x[n - 1] == '\\';
		free(x);
	}
	return in;
}

/*
 * A struct defined in a .c file is freed in that file only: every
 * kfree(), kvfree(), kfree_rcu() or kmem_cache_free() of a pointer the
 * file declares as "struct S *name", or of container_of(..., struct S,
 * ...), gets klp_shadow_free() before it; none when a free is in a
 * macro body or there are more than 63.
 * Bottom up, so that the lines above keep their numbers.  The count.
 */
static int free_at_sites(struct rework *rw, const char *file, const struct member *mb)
{
	static const char *const frees[] = { "kfree", "kvfree", "kfree_sensitive", "kfree_rcu",
					     "kmem_cache_free" };
	struct rw_file *rf = rw_file_get(rw, file);
	int lines[64], n = 0, done = 0;
	char *objs[64];
	bool unsure = false;

	for (size_t k = 0; rf->text && k < sizeof(frees) / sizeof(frees[0]); k++)
		for (size_t at = 0; !unsure &&
		     (at = text_find_ident(rf->text, rf->len, at, frees[k], true)) != (size_t)-1;) {
			size_t open = strchr(rf->text + at, '(') - rf->text, close;
			char *args = NULL, *arg;

			close = text_match(rf->text, rf->len, open);
			args = xstrndup(rf->text + open + 1, close - open - 2);
			arg = freed_object(rf->text, args, k == 4, mb->sname);
			if (arg && !own_allocation(rf->text, rf->len, at, arg, mb)) {
				lines[n] = text_line_at(rf->text, at);
				objs[n++] = arg;
				/* A free in a macro body takes no line; too many
				 * sites: the engineer places them (review). */
				unsure = n == 64 || in_macro(rf->text, rf->len, lines[n - 1]);
			} else {
				free(arg);
			}
			free(args);
			at = close;
		}
	while (unsure && n)
		free(objs[--n]);
	/* Bottom up: the sites are in no order across the free functions. */
	while (n) {
		int hi = 0;

		for (int i = 1; i < n; i++)
			hi = lines[i] > lines[hi] ? i : hi;
		free_before(rf, lines[hi], objs[hi], mb);
		free(objs[hi]);
		lines[hi] = lines[--n];
		objs[hi] = objs[n];
		done++;
	}
	if (done) {
		char *def = xasprintf("#define %s 0x%lxUL\n", mb->id, mb->idval);

		rw_prelude_add(rf, klp_include);
		rw_prelude_add(rf, def);
		free(def);
	}
	return done;
}

static struct kp_def *struct_of(struct kp_ctx *ctx, const struct kp_finding *f,
				const char *s)
{
	for (int i = 0; i < ctx->model->nfiles; i++) {
		struct kp_file_model *fm = &ctx->model->files[i];

		if (strcmp(fm->file->path, f->file))
			continue;
		for (int k = 0; k < fm->ndefs; k++)
			if ((fm->defs[k].kind == DEF_STRUCT || fm->defs[k].kind == DEF_UNION) &&
			    fm->defs[k].name && !strcmp(fm->defs[k].name, s))
				return &fm->defs[k];
	}
	return NULL;
}

/* Only members added or removed: a retyped or moved one is another
 * rework.  A removed member is kept (the struct stays as it was): the
 * fix's code no longer names it, the old code still may. */
static bool only_added(const struct kp_def *d)
{
	int changed = 0;

	for (int i = 0; i < d->nmembers; i++) {
		if (d->members[i].change == CHANGE_MODIFIED)
			return false;
		changed += d->members[i].change != CHANGE_NONE;
	}
	return changed > 0 && d->old_start && d->new_start;
}

static const struct rw_answer *done_before(const struct rework *rw, const char *s)
{
	char *key = xasprintf("struct %s ", s);
	const struct rw_answer *a = NULL;

	for (int i = 0; i < rw->nanswers && !a; i++)
		if (strstr(rw->answers[i].how, key) && (!strcmp(rw->answers[i].rule, "data-layout") ||
							 !strcmp(rw->answers[i].rule, "shadow-needed")))
			a = &rw->answers[i];
	free(key);
	return a;
}

static void one_member(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f,
		       const struct kp_def *d, const char *s, const struct kp_member *m)
{
	struct member mb = { .sname = s, .mname = m->name, .type = member_type(m) };
	char *S = upper(s), *M = upper(m->name), *dtor = NULL;
	int files = 0, uses = 0, sites = 0;

	mb.fn = xasprintf("klp_%s_%s", s, m->name);
	mb.id = xasprintf("KLP_SHADOW_%s_%s", S, M);
	mb.idval = make_id(s, m->name);
	if (mb.type) {
		uses = rewrite_uses(rw, ctx, &mb, &files);
		dtor = uses ? free_in_destructor(rw, &mb) : NULL;
		if (uses && !dtor && str_ends(f->file, ".c") && (sites = free_at_sites(rw, f->file, &mb)))
			dtor = sites == 1 ? xasprintf("free of struct %s in %s", s, f->file) :
			       xasprintf("%d frees of struct %s in %s", sites, s, f->file);
	}
	if (!uses && !named_by_fix(ctx, f->file, d, m->name))
		rw_answer(rw, f, RW_ANSWERED, "struct %s as it was: '%s' is dropped, no line of the "
			  "fix reads or writes it", s, m->name);
	else if (!mb.type)
		rw_answer(rw, f, RW_REVIEW, "struct %s as it was, but '%s' is a bit-field or "
			  "an array: kpcheck rework: TODO", s, m->name);
	else if (!dtor)
		rw_answer(rw, f, RW_REVIEW, "struct %s as it was, '%s' in shadow variable %s "
			  "(%d uses in %d files), but no destructor of struct %s found: "
			  "kpcheck rework: TODO: klp_shadow_free(obj, %s, NULL) where it is freed",
			  s, m->name, mb.id, uses, files, s, mb.id);
	else
		rw_answer(rw, f, RW_ANSWERED, "struct %s as it was, '%s' in shadow variable %s: "
			  "%d use%s in %d file%s through %s_get()/%s(), freed %s%s%s", s,
			  m->name, mb.id, uses, uses == 1 ? "" : "s", files, files == 1 ? "" : "s",
			  mb.fn, mb.fn, sites ? "before the " : "in ", dtor, sites ? "" : "()");
	free(S);
	free(M);
	free(dtor);
	free(mb.type);
	free(mb.fn);
	free(mb.id);
}

/* A member whose type changes (live objects hold the old type): the
 * finding's own @name first, else the first. */
static const struct kp_member *retyped(const struct kp_def *d, const char *name)
{
	const struct kp_member *first = NULL;

	for (int i = 0; i < d->nmembers; i++) {
		const struct kp_member *m = &d->members[i];

		if (m->change == CHANGE_MODIFIED &&
		    (m->old_size != m->new_size ||
		     (m->old_type && m->new_type && strcmp(m->old_type, m->new_type)))) {
			if (!strcmp(m->name, name))
				return m;
			first = first ? first : m;
		}
	}
	return first;
}

int rw_shadow(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	char *s = NULL, *m = NULL;
	struct kp_def *d;
	struct rw_file *rf;
	const struct rw_answer *prev;
	const struct kp_member *rt;
	int r = 0;

	if (!split(f->loc.symbol, &s, &m) || !(d = struct_of(ctx, f, s)))
		goto out;
	if ((rt = retyped(d, m))) {
		rw_answer(rw, f, RW_REFUSED, "struct %s is not reworked: a member retyped in live "
			  "objects ('%s'), which no shadow variable can stand for: ship in a "
			  "kernel update", s, rt->name);
		r = 1;
		goto out;
	}
	if (!only_added(d))
		goto out;
	r = 1;
	if ((prev = done_before(rw, s))) {
		rw_answer(rw, f, prev->outcome, "with the shadow variables of struct %s", s);
		goto out;
	}
	/* The uses first, at the post-image's line numbers; the struct's
	 * old lines last (uses follow the definition). */
	for (int i = 0; i < d->nmembers; i++)
		if (d->members[i].change == CHANGE_ADDED)
			one_member(rw, ctx, f, d, s, &d->members[i]);
		else if (d->members[i].change == CHANGE_DELETED)
			rw_answer(rw, f, RW_ANSWERED, "struct %s as it was: '%s', which the fix "
				  "removes, is kept and no longer used", s, d->members[i].name);
	rf = rw_file_get(rw, f->file);
	if (rf->pre) {
		char *old = text_lines(rf->pre, rf->pre_len, d->old_start, d->old_end);

		text_replace_lines(&rf->text, &rf->len, d->new_start, d->new_end, old);
		free(old);
	}
out:
	free(s);
	free(m);
	return r;
}
