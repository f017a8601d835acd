/*
 * Shadow variables the patch uses, so that the module frees them when it
 * is unpatched (no state outlives the code that reads it).  The ids are
 * read from the post-image of each patched file: the second argument of
 * every klp_shadow_alloc()/klp_shadow_get_or_alloc() call, a number or a
 * macro the file #defines to one.  Anything else (an enum, an expression)
 * is named in a notice and left to the patch's own callbacks.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"

/* The text of the argument at *p, up to its ',' or ')' at depth 0. */
static char *argument(const char **p)
{
	const char *s = *p;
	int depth = 0;

	for (; **p && (depth || (**p != ',' && **p != ')')); (*p)++)
		depth += (**p == '(') - (**p == ')');
	while (isspace((unsigned char)*s))
		s++;
	const char *e = *p;

	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(s, e - s);
}

/* A C integer constant, its suffix (U, L, UL, ...) allowed. */
static bool is_number(const char *s)
{
	char *end;

	strtoul(s, &end, 0);
	end += strspn(end, "uUlL");
	return *s && end != s && !*end;
}

/* The value of "#define NAME VALUE" in @text, or NULL. */
static char *define_value(const char *text, const char *name)
{
	char *pat = xasprintf("#define %s ", name), *v = NULL;
	const char *at = strstr(text, pat);

	if (at) {
		at += strlen(pat);
		while (*at == ' ' || *at == '\t')
			at++;
		v = xstrndup(at, strcspn(at, " \t\n/"));
		if (!is_number(v)) {
			free(v);
			v = NULL;
		}
	}
	free(pat);
	return v;
}

static void add_id(struct build_job *job, char *id)
{
	for (int i = 0; i < job->nshadows; i++)
		if (strtoul(job->shadows[i], NULL, 0) == strtoul(id, NULL, 0)) {
			free(id);
			return;
		}
	*VEC_PUSH(job->shadows, job->nshadows) = id;
}

static void scan(struct build_job *job, const char *path, const char *text)
{
	static const char *const calls[] = { "klp_shadow_alloc(", "klp_shadow_get_or_alloc(" };

	for (size_t c = 0; c < 2; c++)
		for (const char *p = strstr(text, calls[c]); p; p = strstr(p, calls[c])) {
			char *obj, *id, *v;

			p += strlen(calls[c]);
			obj = argument(&p);
			if (*p == ',')
				p++;
			id = argument(&p);
			v = is_number(id) ? xstrdup(id) : define_value(text, id);
			if (v)
				add_id(job, v);
			else
				fprintf(stderr, "kpcheck: %s: note: shadow id '%s' is not a number or a "
					"#define of one: free it in a post-unpatch callback\n", path, id);
			free(obj);
			free(id);
		}
}

void shadow_ids_find(struct build_job *job)
{
	const struct kp_overlay *o = &job->j.files;

	for (int i = 0; i < o->n; i++)
		if (o->texts[i] && str_ends(o->paths[i], ".c"))
			scan(job, o->paths[i], o->texts[i]);
}
