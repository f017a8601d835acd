/*
 * SARIF 2.1.0 for code-scanning dashboards.  Every rule of the catalogue
 * is listed in tool.driver.rules (so ruleIndex is the rules.def order);
 * a finding's first location is the source position and its related
 * location the line of the patch, the fix notes go into the message.
 * An object-tier finding without a source line points at the object, with
 * "symbol()+0xoff" as its logical location.
 *
 * Every artifactLocation is a relative URI reference resolved against a
 * uriBaseId, as GitHub code scanning and the SARIF validator want:
 * SRCROOT is the kernel tree (-C, or the current directory when there is
 * none: a patch's paths are relative to the tree root it applies to),
 * PATCHDIR the folder of the patch, FSROOT "/" for the odd absolute path
 * (an object given to objdiff).  run.originalUriBaseIds gives each its
 * file:// URI, ending in '/'.  Paths are percent-encoded byte by byte
 * (RFC 3986), so a name that is not UTF-8 still makes a valid URI.
 *
 * For code scanning, which follows a finding from run to run: each result
 * has partialFingerprints["kpcheckFinding/v1"], a hash of the rule, the
 * file, the function and the line's text with its blanks squeezed, never
 * of a line number, so lines added above it leave it the same finding.
 * Each rule's help is its `kpcheck explain` text, and its helpUri the
 * manual page's RULES section; automationDetails.id names the run
 * ("kpcheck/" and the time and process: the category is "kpcheck/").
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>
#include "lib/util.h"
#include "reports/jsonutil.h"
#include "reports/output.h"
#include "rules/rules.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define RULES_HELP_URI "man:kpcheck(1)#RULES"
#define FINGERPRINT_KEY "kpcheckFinding/v1"

static const char *level(enum kp_severity sev)
{
	return sev == SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning" : "note";
}

static json_t *rules_json(void)
{
	json_t *a = json_array();

	for (int i = 0; i < RULE_COUNT; i++) {
		const struct kp_rule_info *r = &rule_table[i];

		json_array_append_new(a, json_pack("{s:s, s:{s:s}, s:{s:o}, s:s, s:{s:s}}",
			"id", r->id, "shortDescription", "text", r->summary,
			"help", "text", jstr(r->explain ? r->explain : r->summary),
			"helpUri", RULES_HELP_URI,
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

/* @path percent-encoded, '/' kept: a URI reference, relative or not. */
static char *uri_escape(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(path) * 3 + 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*o++ = (char)*p;
			continue;
		}
		*o++ = '%';
		*o++ = hex[*p >> 4];
		*o++ = hex[*p & 15];
	}
	*o = 0;
	return out;
}

/* {"uri": "fs/proc/base.c", "uriBaseId": "SRCROOT"}; an absolute path
 * goes under FSROOT. */
static json_t *artifact(const char *path, const char *base)
{
	char *uri;
	json_t *a;

	if (path[0] == '/') {
		while (path[0] == '/')
			path++;
		base = "FSROOT";
	}
	uri = uri_escape(path);
	a = json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", base);
	free(uri);
	return a;
}

static json_t *location(const char *path, const char *base, int line, int col)
{
	json_t *phys = json_pack("{s:o}", "artifactLocation", artifact(path, base));

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

/* "file:///abs/dir/" for directory @dir (made absolute), or NULL. */
static char *dir_uri(const char *dir)
{
	char abs[PATH_MAX], *esc, *uri;

	if (!realpath(dir, abs))
		return NULL;
	esc = uri_escape(abs);
	uri = xasprintf("file://%s%s", esc, str_ends(esc, "/") ? "" : "/");
	free(esc);
	return uri;
}

static void add_base(json_t *bases, const char *id, const char *dir,
		     const char *what)
{
	char *uri = dir_uri(dir);

	if (!uri)
		return;
	json_object_set_new(bases, id, json_pack("{s:s, s:{s:s}}", "uri", uri,
				"description", "text", what));
	free(uri);
}

/* The patch's folder, or NULL when it came from stdin or is several. */
static char *patch_dir(const struct kp_result *r)
{
	const char *slash;

	if (!r->input || !strcmp(r->input, "<stdin>"))
		return NULL;
	slash = strrchr(r->input, '/');
	return slash ? xstrndup(r->input, slash - r->input + (slash == r->input)) :
		       xstrdup(".");
}

static json_t *base_ids(const struct kp_result *r)
{
	json_t *bases = json_object();
	const char *tree = r->opt ? r->opt->tree : NULL;
	char *pd = patch_dir(r);

	add_base(bases, "SRCROOT", tree ? tree : ".", tree ?
		 "the kernel tree (-C)" : "the current directory, taken as the "
		 "root of the kernel tree the patch applies to");
	if (pd)
		add_base(bases, "PATCHDIR", pd, "the folder of the patch");
	add_base(bases, "FSROOT", "/", "the file system root");
	free(pd);
	return bases;
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

/* Each part ends in a NUL, so ("ab", "c") and ("a", "bc") differ. */
static void hash_part(XXH3_state_t *st, const char *s)
{
	s = s ? s : "";
	XXH3_128bits_update(st, s, strlen(s) + 1);
}

/* A line with runs of blanks as one space, none at the ends: reindenting
 * it does not make it another finding. */
static void hash_squeezed(XXH3_state_t *st, const char *s)
{
	char *out = xstrdup(s ? s : ""), *o = out;

	for (const char *p = s ? s : ""; *p; p++) {
		if (*p != ' ' && *p != '\t')
			*o++ = *p;
		else if (o > out && o[-1] != ' ')
			*o++ = ' ';
	}
	if (o > out && o[-1] == ' ')
		o--;
	*o = 0;
	hash_part(st, out);
	free(out);
}

/* {"kpcheckFinding/v1": "<32 hex digits>"}; without the line's text (an
 * object-tier place, a file-level finding) the place stands for it. */
static json_t *fingerprint(const struct kp_finding *f)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h;
	char hex[33];

	if (!st)
		return json_object();
	XXH3_128bits_reset(st);
	hash_part(st, rule_table[f->rule].id);
	hash_part(st, f->file);
	hash_part(st, f->symbol);
	hash_squeezed(st, f->text ? f->text : f->where);
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	snprintf(hex, sizeof(hex), "%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
	return json_pack("{s:s}", FINGERPRINT_KEY, hex);
}

/* "kpcheck/20261207T064500Z-1234": one id per run, one category. */
static char *run_id(void)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	return xasprintf("kpcheck/%s-%ld", stamp, (long)getpid());
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
		json_array_append_new(locs, object_place(location(f->file, "SRCROOT",
								  f->loc.line, f->loc.col), f));
	json_object_set_new(res, "locations", locs);
	json_object_set_new(res, "partialFingerprints", fingerprint(f));
	if (f->loc.patch_line > 0 && r->input && strcmp(r->input, "<stdin>")) {
		const char *base = strrchr(r->input, '/');
		json_t *rel = location(base ? base + 1 : r->input, "PATCHDIR",
				       f->loc.patch_line, 0);

		json_object_set_new(rel, "id", json_integer(0));
		json_object_set_new(rel, "message", json_pack("{s:s}", "text", "line in the patch"));
		json_object_set_new(res, "relatedLocations", json_pack("[o]", rel));
	}
	json_object_set_new(res, "properties", json_pack("{s:s, s:i}",
		"tier", tier_name(f->loc.tier), "patch", f->patch));
	return res;
}

/* The functions the livepatch carries, as in the JSON report: a run's
 * property bag, since SARIF has no place of its own for them. */
static json_t *functions_json(const struct kp_result *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->nfunctions; i++) {
		const struct kp_function *fn = &r->functions[i];

		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:i, s:o}",
			"name", jstr(fn->name), "file", jstr(fn->file),
			"object", jstr(fn->object), "patch", fn->patch,
			"expands", jstr(fn->via)));
	}
	return a;
}

int output_sarif(FILE *out, const struct kp_result *r)
{
	json_t *results = json_array(), *run, *root;
	char *id = run_id();

	for (int i = 0; i < r->report->nfindings; i++) {
		const struct kp_finding *f = &r->report->findings[i];

		json_array_append_new(results, result_json(r, f));
	}
	run = json_pack("{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:o, s:[{s:b, s:i}]}",
		"tool", "driver", "name", "kpcheck", "version", KPCHECK_VERSION,
		"informationUri", "https://www.kernel.org/doc/html/latest/livepatch/",
		"rules", rules_json(),
		"originalUriBaseIds", base_ids(r),
		"results", results,
		"invocations", "executionSuccessful", 1, "exitCode", result_exit_code(r));
	if (run) {
		json_object_set_new(run, "properties", json_pack("{s:o}", "functions",
								 functions_json(r)));
		json_object_set_new(run, "automationDetails", json_pack("{s:s}", "id", id));
	}
	free(id);
	root = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA,
			 "version", "2.1.0", "runs", run);
	return root ? jdump(out, root) : -1;
}
