/*
 * modversions (warning): the change alters the CRC of exported symbols.
 *
 * Message: new #include HEADER in a file that exports symbols can change
 *          their CRCs / new #include HEADER changes the CRC of exported
 *          'NAME' (source tier, an error: a type it reaches became
 *          complete) / prototype of 'NAME' changed: if it is exported,
 *          its CRC changes / (object tier, an error) 'NAME' is exported and
 *          its CRC changes
 * Cause:   with CONFIG_MODVERSIONS genksyms computes each export's CRC
 *          from the full expansion of the types in its prototype; a new
 *          #include makes more of a type visible and changes the CRC, so
 *          the patched object no longer matches what modules were built
 *          against.  kpatch-build fails on such changes.  The patch
 *          tier warns about what may change a CRC; the source tier proves
 *          a new #include does when a type an export reaches becomes
 *          complete (what genksyms expands), and the object tier from the
 *          CRCs kbuild records beside each object ("#SYMVER NAME 0xCRC" in
 *          .NAME.o.cmd): a proven change is an error.  The livepatch
 *          tools' own helper headers (kpatch-macros.h, ...) are exempt.
 * Fix:     hide the new include from genksyms:
 *              #ifndef __GENKSYMS__
 *              #include <linux/foo.h>
 *              #endif
 *          and keep exported prototypes as they are (add a new function
 *          instead).
 * Silence: -Wno-modversions
 */
#include "analyzer/model/lphelpers.h"
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"
#include "rules/rules.h"

/* Is the include guarded by "#ifndef __GENKSYMS__" right above it? */
static bool genksyms_guarded(const struct kp_file_model *fm, const struct kp_def *d)
{
	const struct kp_file *f = fm->file;

	for (int k = 0; k < f->nhunks; k++)
		for (int i = 1; i < f->hunks[k].nlines; i++) {
			const struct kp_line *ln = &f->hunks[k].lines[i];

			if (ln->new_no != d->new_start)
				continue;
			for (int j = i - 1; j >= 0 && j >= i - 3; j--)
				if (has_word(f->hunks[k].lines[j].text,
					     f->hunks[k].lines[j].len, "__GENKSYMS__"))
					return true;
		}
	return false;
}

static int new_include(struct kp_ctx *ctx, struct kp_file_model *fm, struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);
	const char *inc = d->include ? d->include : def_name(d);

	/* the source tier proved it: genksyms sees a type of an export
	 * change, and modules built against the old CRC no longer load */
	if (d->src && d->src->crc_export) {
		if (!report_sev(ctx, RULE_MODVERSIONS, SEV_ERROR, &loc,
				"new #include %s changes the CRC of exported '%s'",
				inc, d->src->crc_export))
			return 0;
	} else if (!report(ctx, RULE_MODVERSIONS, &loc,
			   "new #include %s in a file that exports symbols can "
			   "change their CRCs", inc)) {
		return 0;
	}
	report_note(ctx, "hide it from genksyms: #ifndef __GENKSYMS__ / #include "
		    "%s / #endif", d->include ? d->include : "...");
	return 1;
}

static int prototype(struct kp_ctx *ctx, struct kp_file_model *fm, struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);

	if (!report(ctx, RULE_MODVERSIONS, &loc,
		    "prototype of '%s' changed: if it is exported, its CRC "
		    "changes and modules built against it no longer load",
		    def_name(d)))
		return 0;
	report_note(ctx, "keep the prototype of '%s'; add a new function for "
		    "the new signature", def_name(d));
	return 1;
}

/* The object tier's proof: genksyms gave the export another CRC. */
static int crc_changed(struct kp_ctx *ctx, struct kp_file_model *fm, struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);

	loc.tier = TIER_OBJECT;
	if (!report_sev(ctx, RULE_MODVERSIONS, SEV_ERROR, &loc, "'%s' is exported and "
			"its CRC changes: modules built against it no longer load",
			d->name))
		return 0;
	report_note(ctx, "its CRC in %s goes from %#lx to %#lx", d->obj->object,
		    d->obj->old_crc, d->obj->new_crc);
	report_note(ctx, "hide what changed it from genksyms (#ifndef __GENKSYMS__ "
		    "around a new #include) and keep exported prototypes");
	return 1;
}

int check_modversions(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if (d->obj && d->obj->crc_changed)
			n += crc_changed(ctx, fm, d);
		/* a livepatch tool's helper header is no kernel header */
		else if (d->kind == DEF_INCLUDE && d->change == CHANGE_ADDED &&
			 !lp_helper_known(d->include) &&
			 (fm->exports_symbols || fm->kind == FK_C_HEADER) &&
			 !genksyms_guarded(fm, d))
			n += new_include(ctx, fm, d);
		else if (d->kind == DEF_PROTOTYPE && d->change == CHANGE_MODIFIED &&
			 !d->cosmetic && fm->kind == FK_C_HEADER)
			n += prototype(ctx, fm, d);
	}
	return n;
}
