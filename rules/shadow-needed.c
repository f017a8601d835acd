/*
 * shadow-needed (warning): the patch adds per-object state (a new member
 * of a struct or union), which a livepatch must keep in a shadow
 * variable instead.
 *
 * Message: new state 'M' of struct S belongs in a shadow variable
 * Cause:   see data-layout: existing objects cannot grow.  A shadow
 *          variable is data the livepatch attaches to an existing object,
 *          keyed by <object address, id>, created on first use and freed
 *          with the object or when the livepatch is removed.
 * Fix:     the note carries a skeleton to start from: an id, a constructor
 *          that initializes the state, the klp_shadow_get_or_alloc() call
 *          at the use site, klp_shadow_free() where the object is freed
 *          and klp_shadow_free_all() in the post-unpatch callback.
 * Rework:  `kpcheck rework` writes the shadow variable: id, constructor,
 *          klp_shadow_get()/klp_shadow_get_or_alloc() at each use,
 *          klp_shadow_free() in the destructor (doc/rework.md).
 * Silence: -Wno-shadow-needed
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include "lib/util.h"
#include "rules/rules.h"

/* Type of a member from its declaration: "unsigned long foo;" -> "unsigned long". */
static char *member_type(const struct kp_member *m)
{
	const char *decl = m->decl ? m->decl : "int";
	const char *name = strstr(decl, m->name);
	size_t n = name ? (size_t)(name - decl) : strlen(decl);

	while (n && isspace((unsigned char)decl[n - 1]))
		n--;
	if (m->new_type)
		return xstrdup(m->new_type);
	return n ? xstrndup(decl, n) : xstrdup("int");
}

static char *upper(const char *s)
{
	char *u = xstrdup(s);

	for (char *p = u; *p; p++)
		*p = is_ident_char((unsigned char)*p) ? toupper((unsigned char)*p) : '_';
	return u;
}

static void skeleton(struct kp_ctx *ctx, const struct kp_def *d, const struct kp_member *m)
{
	char *type = member_type(m), *id = xasprintf("%s_%s", def_name(d), m->name);
	char *ID = upper(id);
	bool ptr = strchr(type, '*') != NULL;

	report_note(ctx, "shadow variable skeleton:\n"
		"#define SHADOW_%s 1\t/* unique id within this livepatch */\n"
		"\n"
		"static int %s_ctor(void *obj, void *shadow_data, void *ctor_data)\n"
		"{\n"
		"\t%s *%s = shadow_data;\n"
		"\n"
		"\t*%s = %s;\t/* the value a new object would start with */\n"
		"\treturn 0;\n"
		"}\n"
		"\n"
		"/* where the patched code used obj->%s: */\n"
		"%s *%s = klp_shadow_get_or_alloc(obj, SHADOW_%s, sizeof(*%s),\n"
		"\t\t\t\tGFP_ATOMIC, %s_ctor, NULL);\n"
		"\n"
		"/* where the object is freed: klp_shadow_free(obj, SHADOW_%s, NULL); */\n"
		"/* post-unpatch callback: klp_shadow_free_all(SHADOW_%s, NULL); */\n",
		ID, id, type, m->name, m->name, ptr ? "NULL" : "0", m->name,
		type, m->name, ID, m->name, id, ID, ID);
	free(type);
	free(id);
	free(ID);
}

int check_shadow_needed(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if ((d->kind != DEF_STRUCT && d->kind != DEF_UNION) ||
		    d->change != CHANGE_MODIFIED || d->cosmetic)
			continue;
		for (int i = 0; i < d->nmembers; i++) {
			const struct kp_member *m = &d->members[i];
			struct kp_loc loc = def_loc(fm, d);
			char sym[256];

			if (m->change != CHANGE_ADDED)
				continue;
			snprintf(sym, sizeof(sym), "%s.%s", def_name(d), m->name);
			loc.symbol = sym;
			loc.line = m->line;
			loc.col = m->col ? m->col : 1;
			loc.patch_line = m->patch_line;
			loc.pre_image = false;
			loc.file = fm->file->path;
			loc.tier = m->tier;
			if (!report(ctx, RULE_SHADOW_NEEDED, &loc,
				    "new state '%s' of %s %s belongs in a shadow variable",
				    m->name, d->kind == DEF_UNION ? "union" : "struct",
				    def_name(d)))
				continue;
			n++;
			skeleton(ctx, d, m);
		}
	}
	return n;
}
