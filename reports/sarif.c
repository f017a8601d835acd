/*
 * SARIF 2.1.0 for code-scanning dashboards.  Every rule of the catalogue
 * is listed in tool.driver.rules (so ruleIndex is the rules.def order);
 * a finding's first location is the source position and its related
 * location the line of the patch, the fix notes go into the message.
 * An object-tier finding without a source line points at the object, with
 * "symbol()+0xoff" as its logical location.
 */
#include <string.h>
#include "lib/util.h"
#include "reports/jsonutil.h"
#include "reports/output.h"
#include "rules/rules.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const char *level(enum kp_severity sev)
{
	return sev == SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning" : "note";
}

static json_t *rules_json(void)
{
	json_t *a = json_array();

	for (int i = 0; i < RULE_COUNT; i++) {
		const struct kp_rule_info *r = &rule_table[i];

		json_array_append_new(a, json_pack("{s:s, s:{s:s}, s:{s:o}, s:{s:s}}",
			"id", r->id, "shortDescription", "text", r->summary,
			"help", "text", jstr(r->explain ? r->explain : r->summary),
			"defaultConfiguration", "level", level(r->severity)));
	}
	return a;
}

static json_t *region(int line, int col)
{
	if (col > 0)
		return json_pack("{s:i, s:i}", "startLine", line, "startColumn", col);
	return json_pack("{s:i}", "startLine", line);
}

static json_t *location(const char *uri, int line, int col)
{
	json_t *phys = json_pack("{s:{s:o}}", "artifactLocation", "uri", jstr(uri));

	if (line > 0)
		json_object_set_new(phys, "region", region(line, col));
	return json_pack("{s:o}", "physicalLocation", phys);
}

/* An object-tier place ("pipe_read()+0x1c4") as the logical location. */
static json_t *object_place(json_t *loc, const struct kp_finding *f)
{
	json_t *l;

	if (!f->where)
		return loc;
	l = json_pack("{s:s, s:s}", "fullyQualifiedName", f->where,
		      "kind", strstr(f->where, "()") ? "function" : "variable");
	if (f->symbol)
		json_object_set_new(l, "name", json_string(f->symbol));
	json_object_set_new(loc, "logicalLocations", json_pack("[o]", l));
	return loc;
}

static char *message_text(const struct kp_finding *f)
{
	char *msg = xstrdup(f->message);

	for (int i = 0; i < f->nnotes; i++) {
		char *m = xasprintf("%s\nfix: %s", msg, f->notes[i]);

		free(msg);
		msg = m;
	}
	return msg;
}

static json_t *result_json(const struct kp_result *r, const struct kp_finding *f)
{
	char *msg = message_text(f);
	json_t *res = json_pack("{s:s, s:i, s:s, s:{s:o}}", "ruleId",
				rule_table[f->rule].id, "ruleIndex", f->rule,
				"level", level(f->severity), "message", "text", jstr(msg));
	json_t *locs = json_array();

	free(msg);
	if (f->file)
		json_array_append_new(locs, object_place(location(f->file, f->loc.line,
								  f->loc.col), f));
	json_object_set_new(res, "locations", locs);
	if (f->loc.patch_line > 0 && r->input) {
		json_t *rel = location(r->input, f->loc.patch_line, 0);

		json_object_set_new(rel, "id", json_integer(0));
		json_object_set_new(rel, "message", json_pack("{s:s}", "text", "line in the patch"));
		json_object_set_new(res, "relatedLocations", json_pack("[o]", rel));
	}
	json_object_set_new(res, "properties", json_pack("{s:s, s:i}",
		"tier", tier_name(f->loc.tier), "patch", f->patch));
	return res;
}

int output_sarif(FILE *out, const struct kp_result *r)
{
	json_t *results = json_array(), *run, *root;

	for (int i = 0; i < r->report->nfindings; i++) {
		const struct kp_finding *f = &r->report->findings[i];

		json_array_append_new(results, result_json(r, f));
	}
	run = json_pack("{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:[{s:b, s:i}]}",
		"tool", "driver", "name", "kpcheck", "version", KPCHECK_VERSION,
		"informationUri", "https://www.kernel.org/doc/html/latest/livepatch/",
		"rules", rules_json(),
		"results", results,
		"invocations", "executionSuccessful", 1, "exitCode", result_exit_code(r));
	root = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA,
			 "version", "2.1.0", "runs", run);
	return root ? jdump(out, root) : -1;
}
