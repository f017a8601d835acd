/*
 * Verdicts and exit codes (DESIGN.md): 0 eligible, 1 not eligible as it
 * stands (error findings), 3 nothing to patch.  A series is as bad as its
 * worst patch, and nothing to patch only when every patch is.
 */
#include <stdio.h>
#include <string.h>
#include "reports/output.h"

static int plural(char *buf, size_t size, int n, const char *what, bool comma)
{
	return snprintf(buf, size, "%s%d %s%s", comma ? ", " : "", n, what,
			n == 1 ? "" : "s");
}

static void counts(const struct kp_verdict *v, char *buf, size_t size)
{
	int n = 0;

	buf[0] = 0;
	if (v->errors)
		n += plural(buf + n, size - n, v->errors, "error", false);
	if (v->warnings && (size_t)n < size)
		n += plural(buf + n, size - n, v->warnings, "warning", n > 0);
}

/* "3 functions to replace"; a header change set adds where they are:
 * "214 functions to replace in 86 files (vmlinux and 3 modules)". */
static void where(const struct kp_verdict *v, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%d function%s to replace", v->functions,
			 v->functions == 1 ? "" : "s");

	if (!v->spread || (size_t)n >= size)
		return;
	n += snprintf(buf + n, size - n, " in %d file%s (", v->files, v->files == 1 ? "" : "s");
	if (v->vmlinux && (size_t)n < size)
		n += snprintf(buf + n, size - n, "vmlinux%s", v->modules ? " and " : "");
	if (v->modules && (size_t)n < size)
		n += snprintf(buf + n, size - n, "%d module%s", v->modules,
			      v->modules == 1 ? "" : "s");
	if ((size_t)n < size)
		snprintf(buf + n, size - n, ")");
}

void verdict_spread(const struct kp_result *r, int patch, struct kp_verdict *v)
{
	v->spread = v->files = v->modules = 0;
	v->vmlinux = false;
	for (int i = 0; i < r->nfunctions; i++) {
		const struct kp_function *f = &r->functions[i];
		bool file_seen = false, obj_seen = false;

		if (patch && f->patch != patch)
			continue;
		v->spread += f->via != NULL;
		for (int j = 0; j < i; j++) {
			const struct kp_function *g = &r->functions[j];

			if (patch && g->patch != patch)
				continue;
			file_seen |= !strcmp(f->file, g->file);
			obj_seen |= f->object && g->object && !strcmp(f->object, g->object);
		}
		v->files += !file_seen;
		if (f->object && !obj_seen) {
			if (!strcmp(f->object, "vmlinux"))
				v->vmlinux = true;
			else
				v->modules++;
		}
	}
}

void verdict_text(const struct kp_verdict *v, char *buf, size_t size)
{
	char c[64], fn[64];

	counts(v, c, sizeof(c));
	where(v, fn, sizeof(fn));
	if (v->errors)
		snprintf(buf, size, "not eligible (%s) — %s", c, fn);
	else if (v->nothing)
		snprintf(buf, size, "nothing to patch (no functional change)");
	else if (v->warnings)
		snprintf(buf, size, "eligible (%s) — %s", c, fn);
	else
		snprintf(buf, size, "eligible — %s", fn);
}

void series_verdict(const struct kp_result *r, struct kp_verdict *out)
{
	memset(out, 0, sizeof(*out));
	out->nothing = r->nverdicts > 0;
	for (int i = 0; i < r->nverdicts; i++) {
		const struct kp_verdict *v = &r->verdicts[i];

		out->errors += v->errors;
		out->warnings += v->warnings;
		out->notes += v->notes;
		out->nothing &= v->nothing;
	}
	/* a function changed by several patches is replaced once */
	for (int i = 0; i < r->nfunctions; i++) {
		bool seen = false;

		for (int j = 0; j < i && !seen; j++)
			seen = !strcmp(r->functions[i].name, r->functions[j].name) &&
			       !strcmp(r->functions[i].file, r->functions[j].file);
		out->functions += !seen;
	}
	verdict_spread(r, 0, out);
}

int result_exit_code(const struct kp_result *r)
{
	struct kp_verdict v;

	series_verdict(r, &v);
	if (v.errors)
		return 1;
	return v.nothing ? 3 : 0;
}
