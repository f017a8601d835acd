/*
 * The object tier's findings still go straight to reports/ (objmodel.c,
 * objfind.c) and `kpcheck objdiff` prints them itself (objmain.c), until
 * rules/ judges the object tier's facts: these forward the calls they
 * make through the host table (analyzer/plugin.h), like plugin-host.c.
 * This file goes when that move is done.
 */
#include <stdlib.h>
#include "analyzer/plugin.h"
#include "lib/util.h"
#include "reports/jsonutil.h"
#include "rules/rules.h"

int report_sev(struct kp_ctx *ctx, int rule, enum kp_severity sev,
	       const struct kp_loc *loc, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int r;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	r = kp_host->report_sev(ctx, rule, sev, loc, msg);
	free(msg);
	return r;
}

void report_note(struct kp_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	kp_host->report_note(ctx, msg);
	free(msg);
}

const char *rule_id(int rule)
{
	return kp_host->rule_id(rule);
}

enum kp_severity rule_severity(int rule)
{
	return kp_host->rule_severity(rule);
}

const char *severity_name(enum kp_severity sev)
{
	return kp_host->severity_name(sev);
}

json_t *jstr(const char *s)
{
	return kp_host->jstr(s);
}

int jdump(FILE *out, json_t *root)
{
	return kp_host->jdump(out, root);
}
