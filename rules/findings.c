/*
 * Finding collection.  Severity overrides apply here, once, so rules and
 * formats never think about them; duplicates (same rule, file and symbol)
 * are dropped so a rule can report freely from several facts.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "rules/findings.h"
#include "rules/rules.h"

const char *severity_name(enum kp_severity sev)
{
	static const char *const names[] = { "ignore", "note", "warning", "error" };

	return sev <= SEV_ERROR ? names[sev] : "?";
}

int severity_parse(const char *s, enum kp_severity *sev)
{
	for (int i = SEV_IGNORE; i <= SEV_ERROR; i++)
		if (!strcmp(s, severity_name(i))) {
			*sev = i;
			return 0;
		}
	return -1;
}

static enum kp_severity effective(const struct kp_ctx *ctx, int rule,
				  enum kp_severity sev)
{
	if (ctx->opt->severity_set[rule])
		sev = ctx->opt->severity[rule];
	if (ctx->opt->werror && sev == SEV_WARNING)
		sev = SEV_ERROR;
	return sev;
}

static bool same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static bool duplicate(const struct kp_ctx *ctx, int rule, const struct kp_loc *loc)
{
	const struct kp_report *r = ctx->report;
	int patch = ctx->patch ? ctx->patch->index : 0;

	if (!loc->symbol)
		return false;
	for (int i = 0; i < r->nfindings; i++) {
		const struct kp_finding *f = &r->findings[i];

		if (f->rule == rule && f->patch == patch && same(f->file, loc->file) &&
		    same(f->symbol, loc->symbol))
			return true;
	}
	return false;
}

/* The patch line @loc names, or else its file's line in the image it
 * names, as long as the hunks hold it. */
static const struct kp_line *loc_line(const struct kp_ctx *ctx, const struct kp_loc *loc)
{
	const struct kp_patch *p = ctx->patch;

	for (int i = 0; p && i < p->nfiles; i++)
		for (int h = 0; h < p->files[i].nhunks; h++)
			for (int l = 0; l < p->files[i].hunks[h].nlines; l++) {
				const struct kp_line *ln = &p->files[i].hunks[h].lines[l];
				int no = loc->pre_image ? ln->old_no : ln->new_no;

				if (loc->patch_line ? ln->patch_line == loc->patch_line :
				    loc->line > 0 && no == loc->line &&
				    same(p->files[i].path, loc->file))
					return ln;
			}
	return NULL;
}

/* The text of that line, without its line end. */
static char *loc_text(const struct kp_ctx *ctx, const struct kp_loc *loc)
{
	const struct kp_line *ln = loc_line(ctx, loc);
	int len = ln ? ln->len : 0;

	if (!ln)
		return NULL;
	while (len > 0 && ln->text[len - 1] == '\r')
		len--;
	return xstrndup(ln->text, len);
}

static int vreport(struct kp_ctx *ctx, int rule, enum kp_severity sev,
		   const struct kp_loc *loc, const char *fmt, va_list ap)
{
	struct kp_finding *f;

	ctx->last = NULL;
	if (sev == SEV_IGNORE || duplicate(ctx, rule, loc))
		return 0;
	f = VEC_PUSH(ctx->report->findings, ctx->report->nfindings);
	f->rule = rule;
	f->severity = sev;
	f->loc = *loc;
	f->file = loc->file ? xstrdup(loc->file) : NULL;
	f->symbol = loc->symbol ? xstrdup(loc->symbol) : NULL;
	f->where = loc->where ? xstrdup(loc->where) : NULL;
	f->loc.file = f->file;
	f->loc.symbol = f->symbol;
	f->loc.where = f->where;
	f->patch = ctx->patch ? ctx->patch->index : 0;
	f->order = ctx->report->nfindings;
	f->message = xvasprintf(fmt, ap);
	f->text = loc_text(ctx, loc);
	ctx->last = f;
	return 1;
}

int report(struct kp_ctx *ctx, int rule, const struct kp_loc *loc,
	   const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vreport(ctx, rule, effective(ctx, rule, rule_table[rule].severity),
		    loc, fmt, ap);
	va_end(ap);
	return r;
}

int report_sev(struct kp_ctx *ctx, int rule, enum kp_severity sev,
	       const struct kp_loc *loc, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vreport(ctx, rule, effective(ctx, rule, sev), loc, fmt, ap);
	va_end(ap);
	return r;
}

void report_note(struct kp_ctx *ctx, const char *fmt, ...)
{
	struct kp_finding *f = ctx->last;
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	*(char **)VEC_PUSH(f->notes, f->nnotes) = xvasprintf(fmt, ap);
	va_end(ap);
}

void report_notice(struct kp_ctx *ctx, const char *file, int line,
		   const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	report_notice_hook(ctx, file, line, msg);
	free(msg);
}

void report_notice_hook(struct kp_ctx *ctx, const char *file, int line,
			const char *message)
{
	struct kp_notice *n = VEC_PUSH(ctx->report->notices, ctx->report->nnotices);

	n->file = file ? xstrdup(file) : NULL;
	n->line = line;
	n->patch = ctx->patch ? ctx->patch->index : 0;
	n->message = xstrdup(message);
}

/* Line order within a file; an object-tier place without a line comes
 * after the lines, since it is where the compiler, not the text, moved. */
static long line_key(const struct kp_finding *f)
{
	return f->loc.line > 0 || !f->where ? f->loc.line : 0x7fffffffL;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct kp_finding *x = a, *y = b;
	long lx = line_key(x), ly = line_key(y);

	if (x->patch != y->patch)
		return x->patch - y->patch;
	if (x->file_rank != y->file_rank)
		return x->file_rank - y->file_rank;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x->order - y->order;
}

/* fs/pipe.o is reported with fs/pipe.c, the file it was built from. */
static bool same_file(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b || !strcmp(a, b))
		return a == b || (a && b);
	la = strlen(a);
	lb = strlen(b);
	if (la != lb || la < 2 || strncmp(a, b, la - 1) || a[la - 2] != '.')
		return false;
	return strchr("co", a[la - 1]) && strchr("co", b[lb - 1]);
}

/* Files appear in the order they were first reported on (the patch's
 * order, since rules walk files that way), findings by line within one,
 * whatever tier proved them: the report reads like the patch. */
void report_sort(struct kp_report *r)
{
	for (int i = 0; i < r->nfindings; i++) {
		struct kp_finding *f = &r->findings[i];

		f->file_rank = i;
		for (int j = 0; j < i; j++)
			if (r->findings[j].patch == f->patch &&
			    same_file(r->findings[j].file, f->file)) {
				f->file_rank = r->findings[j].file_rank;
				break;
			}
	}
	/* qsort() wants a non-NULL array, even of zero elements */
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof(*r->findings), cmp_finding);
}

void report_free(struct kp_report *r)
{
	for (int i = 0; i < r->nfindings; i++) {
		struct kp_finding *f = &r->findings[i];

		for (int j = 0; j < f->nnotes; j++)
			free(f->notes[j]);
		free(f->notes);
		free(f->file);
		free(f->symbol);
		free(f->where);
		free(f->message);
		free(f->text);
	}
	for (int i = 0; i < r->nnotices; i++) {
		free(r->notices[i].file);
		free(r->notices[i].message);
	}
	free(r->findings);
	free(r->notices);
	memset(r, 0, sizeof(*r));
}
