/*
 * data-layout (error): the patch changes the layout of a struct or union
 * (member added, removed, retyped, reordered) or renumbers an enum.
 *
 * Message: member 'M' added to struct S changes its layout
 * Cause:   objects of the old layout already exist in the running kernel
 *          (allocated, embedded, on stacks); a livepatch only replaces
 *          code, so patched functions would read the old objects with the
 *          new offsets, and unpatched functions the new fields with the old
 *          ones.  Renumbered enum constants change the meaning of values
 *          already stored.
 *          With -C TREE, a note names the patched functions that use the
 *          member: each would see the other layout.
 * Fix:     keep the type as it is.  New per-object state goes into a
 *          shadow variable attached to the object (klp_shadow_get_or_alloc,
 *          see shadow-needed); a new enum constant goes after all existing
 *          ones, or becomes a separate #define.
 *          A member added where no offset and no size changes (existing
 *          padding, spare bitfield bits; the source tier measures both
 *          layouts) is a warning: old objects hold there what those
 *          bytes held, zero for zeroed allocations, which the new code
 *          must take as the member's value.
 * Rework:  `kpcheck rework` keeps the type and moves an added member
 *          into a shadow variable, freed in the destructor it finds in the
 *          tree; none found, a bit-field or an array: needs review
 *          (doc/rework.md).
 * Silence: --rule data-layout=ignore, only if no object of the type
 *          exists yet when the livepatch loads.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static const char *type_word(const struct kp_def *d)
{
	return d->kind == DEF_UNION ? "union" : d->kind == DEF_ENUM ? "enum" : "struct";
}

static struct kp_loc member_loc(const struct kp_file_model *fm,
				const struct kp_def *d, const struct kp_member *m)
{
	struct kp_loc loc = def_loc(fm, d);

	if (m->line) {
		loc.line = m->line;
		loc.col = m->col ? m->col : 1;
		loc.pre_image = m->change == CHANGE_DELETED;
		loc.patch_line = m->patch_line ? m->patch_line : loc.patch_line;
		loc.file = loc.pre_image && fm->file->old_path ? fm->file->old_path :
			   fm->file->path;
	}
	loc.tier = m->tier;
	return loc;
}

static void layout_detail(const struct kp_member *m, char *buf, size_t size)
{
	buf[0] = 0;
	if (m->tier == TIER_PATCH)
		return;
	if (m->change == CHANGE_ADDED && m->new_offset >= 0)
		snprintf(buf, size, " (at offset %ld, size %ld)", m->new_offset / 8,
			 m->new_size / 8);
	else if (m->change == CHANGE_MODIFIED && m->old_offset >= 0)
		snprintf(buf, size, " (offset %ld -> %ld, size %ld -> %ld)",
			 m->old_offset / 8, m->new_offset / 8, m->old_size / 8,
			 m->new_size / 8);
}

static void shadow_note(struct kp_ctx *ctx, const struct kp_def *d,
			const struct kp_member *m)
{
	char id[256];
	size_t i;

	snprintf(id, sizeof(id), "SHADOW_%s_%s", def_name(d), m->name);
	for (i = 0; id[i]; i++)
		id[i] = toupper((unsigned char)id[i]);
	report_note(ctx, "keep %s %s as it is; attach the new state as a shadow "
		    "variable: klp_shadow_get_or_alloc(obj, %s, ...)",
		    type_word(d), def_name(d), id);
}

/* The line of changed function @d's first use of member @sym, or 0. */
static int member_use(const struct kp_def *d, const char *sym)
{
	for (int i = 0; i < d->src->nfields; i++)
		if (!strcmp(d->src->fields[i].name, sym))
			return d->src->fields[i].line;
	return 0;
}

/* Which patched functions use member @sym (source tier): each would
 * read or write objects of the layout it was not compiled for. */
static void users_note(struct kp_ctx *ctx, const char *sym)
{
	const struct kp_file_model *fm;
	const struct kp_def *d;
	char list[512];
	size_t len = 0;
	int n = 0, line;

	list[0] = 0;
	for_each_changed_function(ctx->model, fm, d) {
		if (!(line = member_use(d, sym)))
			continue;
		if (n++ < 4 && len < sizeof(list))
			len += snprintf(list + len, sizeof(list) - len, "%s'%s' (%s:%d)",
					n > 1 ? ", " : "", d->name, fm->file->path, line);
	}
	if (n > 4)
		snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0,
			 " and %d more", n - 4);
	if (n)
		report_note(ctx, "%s used by %d patched function%s: %s", sym, n,
			    n > 1 ? "s" : "", list);
}

/* Every member keeps its offset and the type its size (source tier):
 * the new members sit in padding or in spare bitfield bits. */
static bool fits_in_place(const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;

	if (!s || d->kind == DEF_ENUM || s->shifted || s->old_bits <= 0 ||
	    s->old_bits != s->new_bits)
		return false;
	for (int i = 0; i < d->nmembers; i++)
		if (d->members[i].tier != TIER_SOURCE ||
		    (d->members[i].change != CHANGE_ADDED && d->members[i].change != CHANGE_NONE))
			return false;
	return true;
}

/* A member added where nothing moves: old objects hold what those bytes
 * held, which the new code must take as the member's default. */
static int in_place(struct kp_ctx *ctx, struct kp_loc *loc, const struct kp_def *d,
		    const struct kp_member *m, const char *sym)
{
	bool bits = m->new_size % 8 || m->new_offset % 8;

	if (!report_sev(ctx, RULE_DATA_LAYOUT, SEV_WARNING, loc, "member '%s' added to "
			"%s %s in %s (offset %ld bit %ld, %ld bit%s): no offset and no "
			"size changes", m->name, type_word(d), def_name(d),
			bits ? "spare bitfield bits" : "existing padding", m->new_offset / 8,
			m->new_offset % 8, m->new_size, m->new_size > 1 ? "s" : ""))
		return 0;
	report_note(ctx, "objects made before the livepatch hold there what those %s "
		    "held: zero when they were allocated zeroed (kzalloc, static, an "
		    "initializer), stale bytes otherwise; the new code must take that "
		    "as '%s''s value, or keep it in a shadow variable",
		    bits ? "bits" : "bytes", m->name);
	users_note(ctx, sym);
	return 1;
}

static int one_member(struct kp_ctx *ctx, const struct kp_file_model *fm,
		      const struct kp_def *d, const struct kp_member *m)
{
	struct kp_loc loc = member_loc(fm, d, m);
	char detail[128], sym[256];
	const char *what;

	if (m->change == CHANGE_NONE)
		return 0;
	if (d->kind == DEF_ENUM && m->change == CHANGE_ADDED && !m->renumbers)
		return 0;	/* appended constant: old values keep meaning */
	snprintf(sym, sizeof(sym), "%s.%s", def_name(d), m->name);
	loc.symbol = sym;
	if (m->change == CHANGE_ADDED && fits_in_place(d))
		return in_place(ctx, &loc, d, m, sym);
	layout_detail(m, detail, sizeof(detail));
	what = m->change == CHANGE_ADDED ? "added to" :
	       m->change == CHANGE_DELETED ? "removed from" : "changed in";
	if (!report(ctx, RULE_DATA_LAYOUT, &loc, "%s '%s' %s %s %s%s %s",
		    d->kind == DEF_ENUM ? "constant" : "member", m->name, what,
		    type_word(d), def_name(d), detail,
		    d->kind == DEF_ENUM ? "renumbers the constants after it" :
		    "changes its layout"))
		return 0;
	if (d->kind == DEF_ENUM) {
		report_note(ctx, "add new constants after all existing ones of "
			    "enum %s, or use a separate #define", def_name(d));
		return 1;
	}
	users_note(ctx, sym);
	shadow_note(ctx, d, m);
	return 1;
}

/* A type whose body changed but where no member could be told apart. */
static int whole_type(struct kp_ctx *ctx, const struct kp_file_model *fm,
		      const struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);

	if (!report(ctx, RULE_DATA_LAYOUT, &loc, "body of %s %s changed: its "
		    "layout may change", type_word(d), def_name(d)))
		return 0;
	report_note(ctx, "keep %s %s as it is; move new state into a shadow "
		    "variable (run with -C TREE for the member-level layout)",
		    type_word(d), def_name(d));
	return 1;
}

int check_data_layout(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if ((d->kind != DEF_STRUCT && d->kind != DEF_UNION &&
		     d->kind != DEF_ENUM) || d->change != CHANGE_MODIFIED || d->cosmetic)
			continue;
		if (d->nmembers == 0 && d->kind != DEF_ENUM) {
			n += whole_type(ctx, fm, d);
			continue;
		}
		for (int i = 0; i < d->nmembers; i++)
			n += one_member(ctx, fm, d, &d->members[i]);
	}
	return n;
}
