/*
 * data-init-change (error): the initializer (or type) of existing global
 * or file-static data changed.
 *
 * Message: initializer of 'VAR' changed: the running kernel keeps the old one
 *          / 'VAR' moves from section A to B (e.g. gains __ro_after_init)
 * Cause:   a livepatch replaces functions, not data: the running kernel's
 *          'VAR' (an ops table, a limit, a lookup table) was initialized at
 *          boot or module load and keeps those values.  The source tier
 *          compares the tokens of the definition (macros included), so a
 *          reformatted initializer is no change; a changed type is the
 *          same finding, with the two types in a note.  The object tier
 *          compares the bytes and relocations of the datum.
 * Fix:     change the code that reads 'VAR' instead (patch its users to use
 *          a new variable or the new values), or write the new values in a
 *          pre-patch callback and restore them in a post-unpatch one.  A
 *          new section (hardening such as __ro_after_init) cannot be
 *          livepatched: keep the data where it is.
 *          Module metadata is no runtime data: the MODULE_*() strings in
 *          .modinfo (__UNIQUE_ID_alias12, renumbered when a __COUNTER__
 *          user is added above them) are read by modpost and modprobe
 *          from the .ko file, never by the running code: at most a note.
 * Rework:  `kpcheck rework` sets the new values of writable data in a
 *          pre-patch callback and restores them after unpatching; const
 *          and __ro_after_init data are refused with the reason
 *          (doc/rework.md).
 * Silence: --rule data-init-change=ignore, when the data is only read
 *          before the livepatch loads (for example by __init code).
 */
#include <string.h>
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

/* The proof, as a note; false when no tier proved a change. */
static bool proof(struct kp_ctx *ctx, const struct kp_def *d,
		  const struct kp_objsym *s)
{
	if (d->src && d->tier >= TIER_SOURCE && d->src->init_changed)
		return true;
	if (d->src && d->tier >= TIER_SOURCE && d->src->old_sig) {
		report_note(ctx, "its type changed from '%s' to '%s'", d->src->old_sig,
			    d->src->new_sig);
		return true;
	}
	if (s && s->code == OBJ_CODE_CHANGED) {
		report_note(ctx, "its initial value or size differs in %s (%s)",
			    d->obj->object, s->ref.section);
		return true;
	}
	return false;
}

/* MODULE_*() strings: only modpost and modprobe read them. */
static bool module_metadata(const struct kp_def *d, const struct kp_objsym *s)
{
	return (d->src && d->src->metadata) ||
	       (s && s->ref.section && !strcmp(s->ref.section, ".modinfo"));
}

static int metadata_note(struct kp_ctx *ctx, struct kp_loc *loc, const struct kp_def *d)
{
	return report_sev(ctx, RULE_DATA_INIT_CHANGE, SEV_NOTE, loc, "'%s' is module "
			  "metadata (.modinfo): not runtime data, nothing to patch",
			  d->name) > 0;
}

static bool proved(const struct kp_def *d, const struct kp_objsym *s)
{
	return (d->src && d->tier >= TIER_SOURCE) || (s && s->code == OBJ_CODE_CHANGED);
}

/* The patch tier reads a section attribute added or dropped in the
 * text ("static struct proto x __ro_after_init;"), and lines changed
 * inside an existing variable's definition, which can only be its
 * initializer (an entry added to a sysctl table): that much needs no
 * AST.  Only when no higher tier proved anything. */
static int seen_in_text(struct kp_ctx *ctx, struct kp_file_model *fm,
			struct kp_def *d, const struct kp_objsym *s)
{
	unsigned int moved = (d->attrs ^ d->old_attrs) &
			     (ATTR_RO_AFTER_INIT | ATTR_READ_MOSTLY);
	struct kp_loc loc;

	if (d->kind != DEF_VARIABLE || d->change != CHANGE_MODIFIED ||
	    d->cosmetic || d->tier != TIER_PATCH || s || (d->attrs & ATTR_INITDATA))
		return 0;
	loc = def_loc(fm, d);
	if (!moved) {
		if (!report(ctx, RULE_DATA_INIT_CHANGE, &loc, "initializer of '%s' "
			    "changed: the running kernel keeps the old one", d->name))
			return 0;
		report_note(ctx, "patch the functions that read '%s' instead, or set "
			    "the new values in a pre-patch callback "
			    "(KLP_PRE_PATCH_CALLBACK) and restore them after unpatching",
			    d->name);
		return 1;
	}
	if (!report(ctx, RULE_DATA_INIT_CHANGE, &loc, "'%s' %s %s: the running "
		    "kernel keeps the old object where it is", d->name,
		    d->attrs & moved ? "gains" : "loses",
		    moved & ATTR_RO_AFTER_INIT ? "__ro_after_init" : "__read_mostly"))
		return 0;
	report_note(ctx, "a livepatch cannot move data: keep '%s' where it is; a "
		    "kernel update carries the new section", d->name);
	return 1;
}

/* The source tier saw the data move to another section. */
static int moved_section(struct kp_ctx *ctx, struct kp_loc *loc, const struct kp_def *d)
{
	if (!report(ctx, RULE_DATA_INIT_CHANGE, loc, "'%s' moves from section %s "
		    "to %s: the running kernel keeps the old object where it is",
		    d->name, d->src->old_section, d->src->new_section))
		return 0;
	report_note(ctx, "a livepatch cannot move data: keep '%s' where it is; a "
		    "kernel update carries the new section", d->name);
	return 1;
}

int check_data_init_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		const struct kp_objsym *s = objdef_main_sym(d->obj);
		char where[256];
		struct kp_loc loc;

		n += seen_in_text(ctx, fm, d, s);
		if (d->kind != DEF_VARIABLE || d->change != CHANGE_MODIFIED ||
		    d->cosmetic || !proved(d, s) || (d->attrs & ATTR_INITDATA))
			continue;
		loc = s ? obj_loc(fm, d, &s->ref, where, sizeof(where)) : def_loc(fm, d);
		if (!s)
			loc.tier = TIER_SOURCE;
		if (module_metadata(d, s)) {
			metadata_note(ctx, &loc, d);
			continue;
		}
		if (d->src && d->tier >= TIER_SOURCE && d->src->new_section) {
			n += moved_section(ctx, &loc, d);
			continue;
		}
		if (!report(ctx, RULE_DATA_INIT_CHANGE, &loc, "initializer of '%s' "
			    "changed: the running kernel keeps the old one", d->name))
			continue;
		n++;
		proof(ctx, d, s);
		report_note(ctx, "patch the functions that read '%s' instead, or set "
			    "the new values in a pre-patch callback "
			    "(KLP_PRE_PATCH_CALLBACK) and restore them after unpatching",
			    d->name);
	}
	return n;
}
