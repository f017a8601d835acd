/*
 * Patch-tier member facts: which struct/union members or enum constants
 * the changed lines of a type definition add, remove or retype.  Only the
 * declaration text is known here (no offsets); the source and object
 * tiers replace these facts with measured layouts.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/patch/members.h"
#include "lib/util.h"

/* The line without comments and surrounding white space. */
static char *code_of(const char *text, int len)
{
	char *s = xstrndup(text, len), *c;

	if ((c = strstr(s, "//")))
		*c = 0;
	if ((c = strstr(s, "/*")))
		*c = 0;
	while (*s && isspace((unsigned char)s[strlen(s) - 1]))
		s[strlen(s) - 1] = 0;
	return s;
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* "int (*fn)(int);" -> fn, "u8 x[4] : 2;" -> x, "atomic_t cnt;" -> cnt */
static char *member_name(const char *code)
{
	const char *fp = strstr(code, "(*"), *end, *p;
	size_t n;

	if (fp) {
		p = skip_space(fp + 2);
		for (n = 0; is_ident_char((unsigned char)p[n]); n++)
			;
		return n ? xstrndup(p, n) : NULL;
	}
	end = code + strcspn(code, ";:[");
	while (end > code && !is_ident_char((unsigned char)end[-1]))
		end--;
	/* trailing attributes such as __aligned(8) or __randomize_layout */
	p = end;
	while (p > code && is_ident_char((unsigned char)p[-1]))
		p--;
	return end > p && !isdigit((unsigned char)*p) ? xstrndup(p, end - p) : NULL;
}

static char *enum_name(const char *code)
{
	const char *p = skip_space(code);
	size_t n = 0;

	while (is_ident_char((unsigned char)p[n]))
		n++;
	return n ? xstrndup(p, n) : NULL;
}

/* A member declaration line of a struct/union body, or NULL. */
static char *parse_member(enum kp_def_kind kind, const char *code)
{
	const char *p = skip_space(code);
	size_t len = strlen(p);

	if (!len || p[0] == '#' || p[0] == '}' || p[0] == '{')
		return NULL;
	if (kind == DEF_ENUM)
		return p[len - 1] == ',' || is_ident_char((unsigned char)p[len - 1]) ||
		       strchr(p, '=') ? enum_name(p) : NULL;
	if (p[len - 1] != ';')
		return NULL;
	return member_name(p);
}

static struct kp_member *find_member(struct kp_def *d, const char *name)
{
	for (int i = 0; i < d->nmembers; i++)
		if (!strcmp(d->members[i].name, name))
			return &d->members[i];
	return NULL;
}

static bool in_def(const struct kp_def *d, const struct kp_line *ln)
{
	if (ln->kind == LINE_DEL)
		return ln->old_no >= d->old_start && ln->old_no <= d->old_end;
	return ln->new_no >= d->new_start && ln->new_no <= d->new_end;
}

static void add_fact(struct kp_def *d, const struct kp_line *ln, char *name,
		     const char *code)
{
	struct kp_member *m = find_member(d, name);

	if (m) {
		/* removed and added again: retyped or moved, unless only a
		 * comment on the line changed */
		m->change = strcmp(m->decl, skip_space(code)) ? CHANGE_MODIFIED :
			    CHANGE_NONE;
		if (ln->kind == LINE_ADD) {
			m->line = ln->new_no;
			m->patch_line = ln->patch_line;
		}
		free(name);
		return;
	}
	m = model_add_member(d, name);
	free(name);
	m->tier = TIER_PATCH;
	m->change = ln->kind == LINE_ADD ? CHANGE_ADDED : CHANGE_DELETED;
	m->decl = xstrdup(skip_space(code));
	m->line = ln->kind == LINE_ADD ? ln->new_no : ln->old_no;
	m->col = (int)(skip_space(ln->text) - ln->text) + 1;
	m->patch_line = ln->patch_line;
}

/* An enum constant added or removed before others renumbers them. */
static void mark_renumbering(struct kp_def *d, const struct kp_hunk *h, int i)
{
	struct kp_member *m = &d->members[d->nmembers - 1];

	for (int k = i + 1; k < h->nlines; k++) {
		const struct kp_line *ln = &h->lines[k];
		char *code, *name;

		if (ln->kind != LINE_CONTEXT || !in_def(d, ln))
			continue;
		code = code_of(ln->text, ln->len);
		name = parse_member(DEF_ENUM, code);
		free(code);
		if (name && strcmp(name, m->name))
			m->renumbers = true;
		free(name);
		if (m->renumbers)
			return;
	}
}

static void scan_def(struct kp_file_model *fm, struct kp_def *d)
{
	const struct kp_file *f = fm->file;

	for (int k = 0; k < f->nhunks; k++)
		for (int i = 0; i < f->hunks[k].nlines; i++) {
			const struct kp_line *ln = &f->hunks[k].lines[i];
			char *code, *name;
			int before = d->nmembers;

			if (ln->kind == LINE_CONTEXT || !in_def(d, ln))
				continue;
			code = code_of(ln->text, ln->len);
			name = parse_member(d->kind, code);
			if (name)
				add_fact(d, ln, name, code);
			free(code);
			if (d->kind == DEF_ENUM && d->nmembers > before)
				mark_renumbering(d, &f->hunks[k], i);
		}
}

void members_from_patch(struct kp_file_model *fm)
{
	for (int i = 0; i < fm->ndefs; i++) {
		struct kp_def *d = &fm->defs[i];

		if ((d->kind == DEF_STRUCT || d->kind == DEF_UNION ||
		     d->kind == DEF_ENUM) && d->change == CHANGE_MODIFIED &&
		    !d->cosmetic)
			scan_def(fm, d);
	}
}
