/*
 * `kpcheck objdiff ORIG.o PATCHED.o`: the object tier on its own, for any
 * pair of x86_64 kernel objects (with or without DWARF).  It prints one
 * line per function the livepatch must carry, then the findings in
 * objtool's style ("fs/pipe.o: error: pipe_read()+0x1c4: ... [rule]").
 * Exit codes follow kpcheck's: 0 carriable, 1 not, 2 bad input, 3 nothing
 * changed.
 */
#include <stdio.h>
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "analyzer/object/objtier.h"
#include "reports/jsonutil.h"
#include "rules/rules.h"

static void print_where(FILE *out, const struct od_finding *f)
{
	if (!f->symbol)
		return;
	fprintf(out, "%s%s", f->symbol, f->func ? "()" : "");
	if (f->has_offset && f->offset)
		fprintf(out, "+%#lx", f->offset);
	fputs(": ", out);
}

int objdiff_print_text(FILE *out, const struct od_result *r)
{
	for (int i = 0; i < r->nfuncs; i++)
		fprintf(out, "%s function: %s\n",
			r->funcs[i].status == OD_NEW ? "new" : "changed", r->funcs[i].name);
	for (int i = 0; i < r->nfindings; i++) {
		const struct od_finding *f = &r->findings[i];

		fprintf(out, "%s: %s: ", r->object, severity_name(f->severity));
		print_where(out, f);
		fprintf(out, "%s [%s]\n", f->message, rule_id(f->rule));
		if (f->note) {
			fprintf(out, "%s: note: ", r->object);
			print_where(out, f);
			fprintf(out, "%s\n", f->note);
		}
	}
	return ferror(out) ? -1 : 0;
}

static json_t *finding_json(const struct od_finding *f)
{
	json_t *j = json_object();

	json_object_set_new(j, "rule", json_string(rule_id(f->rule)));
	json_object_set_new(j, "severity", json_string(severity_name(f->severity)));
	json_object_set_new(j, "symbol", jstr(f->symbol));
	json_object_set_new(j, "offset", f->has_offset ? json_integer(f->offset) : json_null());
	json_object_set_new(j, "message", jstr(f->message));
	json_object_set_new(j, "note", jstr(f->note));
	return j;
}

int objdiff_print_json(FILE *out, const struct od_result *r)
{
	json_t *root = json_object(), *fn = json_array(), *lo = json_array(),
	       *fi = json_array();

	for (int i = 0; i < r->nfuncs; i++) {
		json_t *j = json_object();

		json_object_set_new(j, "name", jstr(r->funcs[i].name));
		json_object_set_new(j, "change", json_string(r->funcs[i].status == OD_NEW ?
							      "new" : "changed"));
		if (r->funcs[i].s->parent)	/* a .cold/.part piece of this function */
			json_object_set_new(j, "part_of", jstr(r->funcs[i].s->parent->sym->name));
		json_array_append_new(fn, j);
	}
	for (int i = 0; i < r->nline_only; i++)
		json_array_append_new(lo, jstr(r->line_only[i].name));
	for (int i = 0; i < r->nfindings; i++)
		json_array_append_new(fi, finding_json(&r->findings[i]));
	json_object_set_new(root, "object", jstr(r->object));
	json_object_set_new(root, "functions", fn);
	json_object_set_new(root, "line_only", lo);
	json_object_set_new(root, "findings", fi);
	json_object_set_new(root, "exit", json_integer(objdiff_exit_code(r)));
	return jdump(out, root);
}

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "kpcheck objdiff: %s\n", why);
	fprintf(stderr, "usage: kpcheck objdiff [-f|--format text|json] ORIG.o PATCHED.o\n");
	return 2;
}

/* Options before, between or after the two objects. */
static int parse_args(int argc, char **argv, const char **format, const char *obj[2])
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
			if (++i == argc)
				return usage("--format needs text or json");
			*format = argv[i];
		} else if (!strncmp(a, "--format=", 9)) {
			*format = a + 9;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(NULL);
			return 1;
		} else if (a[0] == '-' && a[1]) {
			return usage("unknown option");
		} else if (n < 2) {
			obj[n++] = a;
		} else {
			return usage("too many arguments");
		}
	}
	if (strcmp(*format, "text") && strcmp(*format, "json"))
		return usage("--format must be text or json");
	return n == 2 ? 0 : usage("needs two objects");
}

int kp_objdiff_main(int argc, char **argv)
{
	const char *format = "text", *obj[2] = { NULL, NULL };
	struct od_result r;
	char err[1024];
	int rc = parse_args(argc, argv, &format, obj);

	if (rc)
		return rc == 1 ? 0 : rc;
	if (objdiff_run(&r, obj[0], obj[1], err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		objdiff_free(&r);
		return 2;
	}
	rc = objdiff_exit_code(&r);
	if ((!strcmp(format, "json") ? objdiff_print_json(stdout, &r) :
	     objdiff_print_text(stdout, &r)) || fflush(stdout)) {
		fprintf(stderr, "kpcheck: objdiff: cannot write the output\n");
		rc = 2;
	}
	objdiff_free(&r);
	return rc;
}
