/*
 * The rules table, generated from rules/rules.def, and the driver that
 * runs every rule over the change model of one patch.  A rule runs when one
 * of its tiers ran (the patch tier always does, but not for `kpcheck
 * objdiff`); a rule whose own facts are absent finds nothing.
 */
#include <stdio.h>
#include <string.h>
#include "analyzer/model/objfacts.h"
#include "rules-explain.h"
#include "rules/rules.h"

#define P TIERBIT(TIER_PATCH)
#define S TIERBIT(TIER_SOURCE)
#define O TIERBIT(TIER_OBJECT)
#define NOTE SEV_NOTE
#define WARNING SEV_WARNING
#define ERROR SEV_ERROR

const struct kp_rule_info rule_table[RULE_COUNT] = {
#define RULE(e, fn, id_, sev, tiers_, summary_) \
	[RULE_##e] = { .id = id_, .severity = sev, .tiers = tiers_, \
		       .summary = summary_, .explain = EXPLAIN_##fn, \
		       .check = CHECK_##fn },
#include "rules/rules.def"
#undef RULE
};

int rule_lookup(const char *id)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (!strcmp(rule_table[i].id, id))
			return i;
	return -1;
}

/* blast-radius: the functions a livepatch may replace before the fix is
 * better shipped in a kernel update */
#define BLAST_RADIUS_DEFAULT 50

int rule_default_threshold(int rule)
{
	return rule == RULE_BLAST_RADIUS ? BLAST_RADIUS_DEFAULT : 0;
}

int rule_threshold(const struct kp_options *opt, int rule)
{
	if (opt && rule >= 0 && rule < RULE_COUNT && opt->threshold[rule] > 0)
		return opt->threshold[rule];
	return rule_default_threshold(rule);
}

const char *rule_id(int rule)
{
	return rule >= 0 && rule < RULE_COUNT ? rule_table[rule].id : "?";
}

enum kp_severity rule_severity(int rule)
{
	return rule >= 0 && rule < RULE_COUNT ? rule_table[rule].severity : SEV_ERROR;
}

int rules_run(struct kp_ctx *ctx)
{
	unsigned int ran = ctx->model->tiers ? ctx->model->tiers : ~0u;
	int total = 0;

	for (int i = 0; i < RULE_COUNT; i++) {
		int n = 0;

		/* `kpcheck objdiff` has object facts only: the patch and
		 * source rules have nothing to read there */
		if (rule_table[i].check && (rule_table[i].tiers & ran))
			n = rule_table[i].check(ctx);

		if (n < 0)
			return -1;
		total += n;
	}
	return total;
}

struct kp_loc def_loc(const struct kp_file_model *fm, const struct kp_def *d)
{
	struct kp_loc loc = {
		.file = fm->file->path,
		.line = d->first_line,
		.col = d->first_col ? d->first_col : 1,
		.pre_image = d->first_line_old,
		.patch_line = d->patch_line,
		.symbol = d->name,
		.tier = d->tier,
	};

	if (d->first_line_old && fm->file->old_path)
		loc.file = fm->file->old_path;
	if (!loc.line)
		loc.col = 0;
	return loc;
}

struct kp_loc file_loc(const struct kp_file_model *fm)
{
	const struct kp_file *f = fm->file;
	struct kp_loc loc = {
		.file = f->path, .patch_line = f->patch_line,
		.symbol = f->path, .tier = TIER_PATCH,
	};

	for (int k = 0; k < f->nhunks; k++)
		for (int i = 0; i < f->hunks[k].nlines; i++) {
			const struct kp_line *ln = &f->hunks[k].lines[i];

			if (ln->kind == LINE_CONTEXT)
				continue;
			loc.pre_image = ln->kind == LINE_DEL;
			loc.line = loc.pre_image ? ln->old_no : ln->new_no;
			loc.col = 1;
			loc.patch_line = ln->patch_line;
			if (loc.pre_image && f->old_path)
				loc.file = f->old_path;
			return loc;
		}
	return loc;
}

struct kp_loc obj_loc(const struct kp_file_model *fm, const struct kp_def *d,
		      const struct kp_objref *ref, char *buf, size_t size)
{
	struct kp_loc loc = def_loc(fm, d);
	int n;

	loc.tier = TIER_OBJECT;
	if (loc.line > 0 || !d->obj || !ref || !ref->symbol)
		return loc;
	loc.file = d->obj->object;
	n = snprintf(buf, size, "%s%s", ref->symbol, ref->func ? "()" : "");
	if (ref->has_offset && ref->offset && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - n, "+%#lx", ref->offset);
	loc.where = buf;
	return loc;
}
