/*
 * Which ops table slot names a changed function: `.init = foo_net_init`
 * in the initializer of a variable of the patched files (a struct
 * pernet_operations, a driver's ops, a proto).  A slot is how the kernel
 * finds a creation or teardown path that no name tells: the existing-state
 * rule reads it.  The initializer's text is matched, designators as
 * written; a table outside the patched files is not seen.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "analyzer/source/srctier.h"
#include "lib/util.h"

/* The text of lines @start..@end (1-based) of @text, as a pointer and length. */
static const char *lines_of(const char *text, size_t len, int start, int end,
			    size_t *n)
{
	const char *p = text, *e = text + len, *s = NULL;

	for (int line = 1; p < e && line <= end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));

		if (line == start)
			s = p;
		p = nl ? nl + 1 : e;
	}
	*n = s ? (size_t)(p - s) : 0;
	return s;
}

/* The designator of a `.slot = @fn` in @t (@n bytes) into @slot, or false. */
static bool slot_naming(const char *t, size_t n, const char *fn, char *slot, size_t len)
{
	size_t fl = strlen(fn);

	for (const char *p = t; p + fl <= t + n; p++) {
		const char *q = p, *d;

		if (memcmp(p, fn, fl) || (p > t && (isalnum((unsigned char)p[-1]) ||
		    p[-1] == '_')) || (p + fl < t + n && (isalnum((unsigned char)p[fl]) ||
		    p[fl] == '_')))
			continue;
		while (q > t && isspace((unsigned char)q[-1]))
			q--;
		if (q == t || q[-1] != '=')
			continue;
		q--;
		while (q > t && isspace((unsigned char)q[-1]))
			q--;
		d = q;
		while (d > t && (isalnum((unsigned char)d[-1]) || d[-1] == '_'))
			d--;
		if (d == q || d == t || d[-1] != '.')
			continue;
		snprintf(slot, len, "%.*s", (int)(q - d), d);
		return true;
	}
	return false;
}

void srcops_slot(struct src_run *r, struct kp_def *d)
{
	char slot[64];

	for (int i = 0; i < r->nfiles; i++) {
		const struct cl_unit *u = r->files[i].post;
		const struct kp_file_model *fm = r->files[i].fm;

		for (int k = 0; u && fm->post && k < u->ndefs; k++) {
			const struct cl_def *v = &u->defs[k];
			size_t n;
			const char *t;

			if (v->file != i || v->kind != DEF_VARIABLE)
				continue;
			t = lines_of(fm->post, fm->post_len, v->start, v->end, &n);
			if (t && slot_naming(t, n, d->name, slot, sizeof(slot))) {
				srcdef_get(d)->ops_field = xstrdup(slot);
				d->src->ops_table = xstrdup(v->name);
				return;
			}
		}
	}
}
