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

void verdict_text(const struct kp_verdict *v, char *buf, size_t size)
{
	char c[64], fn[64];

	counts(v, c, sizeof(c));
	snprintf(fn, sizeof(fn), "%d function%s to replace", v->functions,
		 v->functions == 1 ? "" : "s");
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
}

int result_exit_code(const struct kp_result *r)
{
	struct kp_verdict v;

	series_verdict(r, &v);
	if (v.errors)
		return 1;
	return v.nothing ? 3 : 0;
}
