/*
 * The host table the plugins get (analyzer/plugin.h): every function of
 * the main program a plugin may call.  It is filled here, at the top,
 * because it reaches every layer (the model, kbuild, and for the object
 * tier's findings still reports/ and rules/), while the layers below only
 * see the table's type.
 */
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/kbuild/objbuild.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/model/tree.h"
#include "analyzer/plugin.h"
#include "kpcheck.h"
#include "reports/jsonutil.h"
#include "rules/findings.h"
#include "rules/rules.h"

static void add_fact(struct kp_def *def, enum kp_tier tier, const char *text)
{
	model_add_fact(def, tier, "%s", text);
}

static int add_finding(struct kp_ctx *ctx, int rule, int sev, const struct kp_loc *loc,
		       const char *message)
{
	return report_sev(ctx, rule, (enum kp_severity)sev, loc, "%s", message);
}

static void add_note(struct kp_ctx *ctx, const char *message)
{
	report_note(ctx, "%s", message);
}

static int default_severity(int rule)
{
	return rule_severity(rule);
}

static const char *sev_name(int sev)
{
	return severity_name((enum kp_severity)sev);
}

static const struct kp_host host = {
	.abi = KP_PLUGIN_ABI,
	.model_add_def = model_add_def,
	.model_find_def = model_find_def,
	.model_add_fact = add_fact,
	.model_add_member = model_add_member,
	.srcdef_get = srcdef_get,
	.srcref_add = srcref_add,
	.tree_read = tree_read,
	.kbuild_find_object = kbuild_find_object,
	.kbuild_command = kbuild_command,
	.kbuild_cmd_free = kbuild_cmd_free,
	.objbuild_open = objbuild_open,
	.objbuild_make = objbuild_make,
	.objbuild_path = objbuild_path,
	.objbuild_close = objbuild_close,
	.report_sev = add_finding,
	.report_note = add_note,
	.rule_id = rule_id,
	.rule_severity = default_severity,
	.severity_name = sev_name,
	.jstr = jstr,
	.jdump = jdump,
};

void host_register(void)
{
	plugin_set_host(&host);
}
