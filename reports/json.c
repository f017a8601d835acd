/*
 * JSON report.  The schema (doc/json-schema.md) is stable: fields are
 * only ever added.  It carries the same findings as the text report plus
 * the patch line of each and the list of functions the livepatch carries.
 */
#include "reports/jsonutil.h"
#include "reports/output.h"
#include "rules/rules.h"

#define KPCHECK_JSON_SCHEMA 1

static const char *status(const struct kp_verdict *v)
{
	return v->errors ? "not-eligible" : v->nothing ? "nothing-to-patch" : "eligible";
}

static json_t *verdict_json(const struct kp_verdict *v)
{
	char text[256];

	verdict_text(v, text, sizeof(text));
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:b, s:i, s:o}",
			 "status", status(v), "errors", v->errors, "warnings", v->warnings,
			 "notes", v->notes, "functions", v->functions,
			 "files", v->files, "modules", v->modules, "vmlinux", v->vmlinux,
			 "header_functions", v->spread, "text", jstr(text));
}

static json_t *finding_json(const struct kp_result *r, const struct kp_finding *f)
{
	json_t *notes = json_array();

	for (int i = 0; i < f->nnotes; i++)
		json_array_append_new(notes, jstr(f->notes[i]));
	return json_pack("{s:s, s:s, s:o, s:o, s:i, s:i, s:s, s:o, s:o, s:o, s:s, s:{s:i, s:o, s:i}, s:o}",
			 "rule", rule_table[f->rule].id,
			 "severity", severity_name(f->severity),
			 "message", jstr(f->message),
			 "file", jstr(f->file),
			 "line", f->loc.line, "column", f->loc.col,
			 "image", f->loc.pre_image ? "pre" : "post",
			 "symbol", jstr(f->symbol),
			 "where", jstr(f->where),
			 "source", jstr(f->text),
			 "tier", tier_name(f->loc.tier),
			 "patch", "index", f->patch, "input", jstr(r->input),
			 "line", f->loc.patch_line,
			 "notes", notes);
}

static json_t *functions_json(const struct kp_result *r, int patch)
{
	json_t *a = json_array();

	for (int i = 0; i < r->nfunctions; i++) {
		const struct kp_function *fn = &r->functions[i];

		if (fn->patch != patch)
			continue;
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:s, s:s, s:o}",
			"name", jstr(fn->name), "file", jstr(fn->file),
			"object", jstr(fn->object),
			"change", fn->added ? "new" : "changed",
			"tier", tier_name(fn->tier),
			"expands", jstr(fn->via)));
	}
	return a;
}

static json_t *patches_json(const struct kp_result *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->nverdicts; i++) {
		const struct kp_verdict *v = &r->verdicts[i];

		json_array_append_new(a, json_pack("{s:i, s:o, s:o, s:o}",
			"index", v->patch, "subject", jstr(v->subject),
			"verdict", verdict_json(v),
			"functions", functions_json(r, v->patch)));
	}
	return a;
}

static json_t *notices_json(const struct kp_result *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->report->nnotices; i++) {
		const struct kp_notice *n = &r->report->notices[i];

		json_array_append_new(a, json_pack("{s:o, s:i, s:i, s:o}",
			"file", jstr(n->file), "line", n->line,
			"patch", n->patch, "message", jstr(n->message)));
	}
	return a;
}

static json_t *overlaps_json(const struct kp_result *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->noverlaps; i++)
		json_array_append_new(a, json_pack("{s:o, s:o, s:[i, i]}",
			"file", jstr(r->overlaps[i].file),
			"function", jstr(r->overlaps[i].function),
			"patches", r->overlaps[i].first, r->overlaps[i].second));
	return a;
}

int output_json(FILE *out, const struct kp_result *r)
{
	struct kp_verdict all;
	json_t *findings = json_array(), *root;

	for (int i = 0; i < r->report->nfindings; i++)
		json_array_append_new(findings, finding_json(r, &r->report->findings[i]));
	series_verdict(r, &all);
	root = json_pack("{s:i, s:{s:s, s:s}, s:o, s:i, s:o, s:o, s:o, s:o, s:o}",
			 "schema", KPCHECK_JSON_SCHEMA,
			 "tool", "name", "kpcheck", "version", KPCHECK_VERSION,
			 "input", jstr(r->input),
			 "exit_code", result_exit_code(r),
			 "verdict", verdict_json(&all),
			 "patches", patches_json(r),
			 "findings", findings,
			 "notices", notices_json(r),
			 "overlaps", overlaps_json(r));
	return root ? jdump(out, root) : -1;
}
