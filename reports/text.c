/*
 * Compiler-style text: "file:line:col: severity: message [rule-id]" and
 * the fix as "note:" lines at the same position, the way gcc prints a
 * diagnostic and its notes.  Object-tier findings name an object instead
 * of a source file and put "symbol()+0xoff" before the message, objtool's
 * way ("fs/pipe.o: error: pipe_read()+0x1c4: ...").  A verdict line always ends the report.
 */
#include <string.h>
#include "reports/output.h"
#include "rules/rules.h"

static void position(FILE *out, const struct kp_loc *loc)
{
	if (!loc->file)
		fputs("kpcheck: ", out);
	else if (loc->line > 0 && loc->col > 0)
		fprintf(out, "%s:%d:%d: ", loc->file, loc->line, loc->col);
	else if (loc->line > 0)
		fprintf(out, "%s:%d: ", loc->file, loc->line);
	else
		fprintf(out, "%s: ", loc->file);
}

static void finding(FILE *out, const struct kp_finding *f)
{
	position(out, &f->loc);
	fprintf(out, "%s: %s%s%s [%s]\n", severity_name(f->severity),
		f->where ? f->where : "", f->where ? ": " : "", f->message,
		rule_table[f->rule].id);
	for (int i = 0; i < f->nnotes; i++) {
		const char *note = f->notes[i];

		/* multi-line notes (code skeletons) are indented under it */
		position(out, &f->loc);
		fputs("note: ", out);
		if (f->where)
			fprintf(out, "%s: ", f->where);
		for (const char *p = note; *p; p++) {
			fputc(*p, out);
			if (*p == '\n' && p[1])
				fputs("    ", out);
		}
		if (note[0] && note[strlen(note) - 1] != '\n')
			fputc('\n', out);
	}
}

static void notices(FILE *out, const struct kp_report *rep, int patch)
{
	for (int i = 0; i < rep->nnotices; i++) {
		const struct kp_notice *n = &rep->notices[i];
		struct kp_loc loc = { .file = n->file, .line = n->line };

		if (n->patch != patch)
			continue;
		position(out, &loc);
		fprintf(out, "note: %s\n", n->message);
	}
}

static void patch_section(FILE *out, const struct kp_result *r, int i)
{
	const struct kp_verdict *v = &r->verdicts[i];
	char buf[256];

	if (r->nverdicts > 1)
		fprintf(out, "[%d/%d] %s\n", v->patch, r->nverdicts,
			v->subject ? v->subject : "(no subject)");
	notices(out, r->report, v->patch);
	for (int k = 0; k < r->report->nfindings; k++)
		if (r->report->findings[k].patch == v->patch)
			finding(out, &r->report->findings[k]);
	if (r->nverdicts > 1) {
		verdict_text(v, buf, sizeof(buf));
		fprintf(out, "verdict for %d/%d: %s\n", v->patch, r->nverdicts, buf);
	}
}

int output_text(FILE *out, const struct kp_result *r)
{
	struct kp_verdict all;
	char buf[256];

	notices(out, r->report, 0);
	for (int i = 0; i < r->nverdicts; i++)
		patch_section(out, r, i);
	for (int i = 0; i < r->noverlaps; i++) {
		const struct kp_overlap *o = &r->overlaps[i];

		fprintf(out, "%s: note: '%s' is changed by patches %d and %d: "
			"build the livepatches cumulatively (each one replacing "
			"the previous) or as one\n",
			o->file, o->function, o->first, o->second);
	}
	series_verdict(r, &all);
	verdict_text(&all, buf, sizeof(buf));
	if (r->nverdicts > 1)
		fprintf(out, "verdict: series of %d patches: %s\n", r->nverdicts, buf);
	else
		fprintf(out, "verdict: %s\n", buf);
	return ferror(out) ? -1 : 0;
}
