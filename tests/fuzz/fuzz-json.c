/*
 * libFuzzer target: the JSON and SARIF writers' escaping.  Every string a
 * report carries from the patch (messages, notes, file names, symbols,
 * subjects, the input name) gets arbitrary bytes from the input, split at
 * NUL bytes since they are C strings.  Both documents must parse back
 * with jansson, and every string must come back as the original with
 * ill-formed UTF-8 repaired: each byte that does not start a well-formed
 * sequence (RFC 3629: no overlongs, no surrogates, nothing above
 * U+10FFFF) becomes U+FFFD, everything else is kept byte for byte.  The
 * oracle below is written independently of reports/jsonutil.c.  The text
 * report gets the same strings and must still end with its verdict line.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "reports/output.h"
#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFIELDS 12

/* Length of the well-formed sequence at @s (Unicode table 3-7), or 0. */
static size_t wellformed(const unsigned char *s, size_t left)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n > left || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

static char *expected(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = xmalloc(len * 3 + 1);

	for (size_t i = 0; i < len;) {
		size_t n = wellformed((const unsigned char *)s + i, len - i);

		if (n) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	out[o] = 0;
	return out;
}

/* The input's NUL-separated fields; missing ones are empty. */
struct fields {
	char *buf;
	const char *f[NFIELDS];
};

static void split_fields(struct fields *fs, const uint8_t *data, size_t size)
{
	size_t at = 0;

	fs->buf = xmalloc(size + 1);
	memcpy(fs->buf, data, size);
	fs->buf[size] = 0;
	for (int i = 0; i < NFIELDS; i++) {
		fs->f[i] = at <= size ? fs->buf + at : "";
		at += strlen(fs->buf + (at <= size ? at : size)) + 1;
	}
}

struct doc {
	struct kp_report report;
	struct kp_result result;
	struct kp_verdict verdict;
	struct kp_function function;
	struct kp_overlap overlap;
	struct kp_notice notice;
	char *notes[2];
};

static void build(struct doc *d, const struct fields *fs, uint8_t knobs)
{
	struct kp_finding *f;

	memset(d, 0, sizeof(*d));
	f = VEC_PUSH(d->report.findings, d->report.nfindings);
	f->rule = knobs % RULE_COUNT;
	f->severity = SEV_NOTE + knobs % 3;
	f->message = (char *)fs->f[0];
	f->file = (char *)fs->f[1];
	f->symbol = knobs & 0x80 ? NULL : (char *)fs->f[2];
	d->notes[0] = (char *)fs->f[3];
	d->notes[1] = (char *)fs->f[4];
	f->notes = d->notes;
	f->nnotes = 2;
	f->loc = (struct kp_loc){ .file = f->file, .line = 7, .col = knobs & 0x40 ? 0 : 3,
				  .patch_line = 12, .symbol = f->symbol };
	f->patch = 1;
	d->notice = (struct kp_notice){ .file = (char *)fs->f[5], .line = 3, .patch = 1,
					.message = (char *)fs->f[6] };
	d->report.notices = &d->notice;
	d->report.nnotices = 1;
	d->verdict = (struct kp_verdict){ .patch = 1, .subject = fs->f[7], .errors = 1 };
	d->function = (struct kp_function){ .patch = 1, .file = (char *)fs->f[8],
					    .name = (char *)fs->f[9], .object = (char *)fs->f[10] };
	d->overlap = (struct kp_overlap){ .file = (char *)fs->f[8],
					  .function = (char *)fs->f[9], .first = 1, .second = 2 };
	d->result = (struct kp_result){
		.input = fs->f[11], .report = &d->report,
		.verdicts = &d->verdict, .nverdicts = 1,
		.functions = &d->function, .nfunctions = 1,
		.overlaps = &d->overlap, .noverlaps = 1,
	};
}

static void same(json_t *j, const char *want)
{
	char *e = expected(want);

	if (!json_is_string(j) || strcmp(json_string_value(j), e) != 0) {
		fprintf(stderr, "string not preserved: got '%s', want '%s'\n",
			json_is_string(j) ? json_string_value(j) : "(not a string)", e);
		abort();
	}
	free(e);
}

/*
 * A SARIF URI carries the path's bytes percent-encoded (RFC 3986), not the
 * repaired text: decode it and compare with the raw bytes.  An absolute
 * path is relative to FSROOT, a patch name to PATCHDIR (its base name).
 */
static void same_uri(json_t *j, const char *raw, bool base_name)
{
	const char *u = json_is_string(j) ? json_string_value(j) : "";
	char *dec = xmalloc(strlen(u) + 1), *o = dec;

	if (base_name && strrchr(raw, '/'))
		raw = strrchr(raw, '/') + 1;
	while (*raw == '/')
		raw++;
	for (; *u; u++) {
		unsigned int byte;

		if (*u == '%' && sscanf(u + 1, "%2x", &byte) == 1) {
			*o++ = (char)byte;
			u += 2;
		} else {
			*o++ = *u;
		}
	}
	*o = 0;
	if (strcmp(dec, raw) != 0) {
		fprintf(stderr, "uri not preserved: got '%s', want '%s'\n", dec, raw);
		abort();
	}
	free(dec);
}

typedef int (*writer)(FILE *, const struct kp_result *);

/* Run a writer into memory; the returned text is NUL-terminated. */
static char *render(writer w, const struct kp_result *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out || w(out, r) != 0)
		abort();
	fclose(out);
	return text;
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *root = json_loads(text, 0, &e);

	if (!root) {
		fprintf(stderr, "output is not JSON: %s at line %d\n%s\n", e.text, e.line, text);
		abort();
	}
	return root;
}

static void check_json(const struct doc *d)
{
	const struct kp_finding *f = &d->report.findings[0];
	char *text = render(output_json, &d->result);
	json_t *root = parse(text), *jf = json_array_get(json_object_get(root, "findings"), 0);
	json_t *jp = json_array_get(json_object_get(root, "patches"), 0);
	json_t *fn = json_array_get(json_object_get(jp, "functions"), 0);
	json_t *no = json_array_get(json_object_get(root, "notices"), 0);
	json_t *ov = json_array_get(json_object_get(root, "overlaps"), 0);

	same(json_object_get(root, "input"), d->result.input);
	same(json_object_get(jf, "message"), f->message);
	same(json_object_get(jf, "file"), f->file);
	if (f->symbol)
		same(json_object_get(jf, "symbol"), f->symbol);
	else if (!json_is_null(json_object_get(jf, "symbol")))
		abort();
	same(json_array_get(json_object_get(jf, "notes"), 1), f->notes[1]);
	same(json_object_get(jp, "subject"), d->verdict.subject);
	same(json_object_get(fn, "name"), d->function.name);
	same(json_object_get(fn, "object"), d->function.object);
	same(json_object_get(no, "file"), d->notice.file);
	same(json_object_get(no, "message"), d->notice.message);
	same(json_object_get(ov, "function"), d->overlap.function);
	json_decref(root);
	free(text);
}

static void check_sarif(const struct doc *d)
{
	const struct kp_finding *f = &d->report.findings[0];
	char *text = render(output_sarif, &d->result);
	json_t *root = parse(text);
	json_t *res = json_array_get(json_object_get(json_array_get(
		json_object_get(root, "runs"), 0), "results"), 0);
	json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0),
				       "physicalLocation");
	json_t *rel = json_object_get(json_array_get(json_object_get(res, "relatedLocations"), 0),
				      "physicalLocation");
	char *msg = xasprintf("%s\nfix: %s\nfix: %s", f->message, f->notes[0], f->notes[1]);

	same(json_object_get(json_object_get(res, "message"), "text"), msg);
	same_uri(json_object_get(json_object_get(phys, "artifactLocation"), "uri"), f->file, false);
	if (strcmp(d->result.input, "<stdin>") != 0)
		same_uri(json_object_get(json_object_get(rel, "artifactLocation"), "uri"),
			 d->result.input, true);
	free(msg);
	json_decref(root);
	free(text);
}

static void check_text(const struct doc *d)
{
	char *text = render(output_text, &d->result), *last = NULL;

	/* the strings may hold "verdict: " lines of their own: take the last */
	for (char *p = strstr(text, "\nverdict: "); p; p = strstr(p + 1, "\nverdict: "))
		last = p;
	if (!last || strchr(last + 1, '\n') != text + strlen(text) - 1)
		abort();
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fields fs;
	struct doc d;

	if (size < 1)
		return 0;
	split_fields(&fs, data + 1, size - 1);
	build(&d, &fs, data[0]);
	check_json(&d);
	check_sarif(&d);
	check_text(&d);
	free(d.report.findings);
	free(fs.buf);
	return 0;
}
