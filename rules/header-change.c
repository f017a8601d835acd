/*
 * header-change (warning): a header is edited, so every file that
 * includes it may change.
 *
 * Message: KIND 'NAME' changed in a header: CONSEQUENCE
 * Cause:   a header is compiled into every file that includes it.  A
 *          changed static inline function changes each caller that inlined
 *          it; a changed macro changes every expansion site; a changed
 *          type changes every user (see data-layout); a changed prototype
 *          changes symbol CRCs (see modversions and signature-change).
 *          None of this shows in the patch text.
 * Fix:     prefer fixing the .c file that uses the header.  Otherwise the
 *          livepatch must carry every function that changed: run kpcheck
 *          with -C TREE (callers of changed inlines) and --objects (what
 *          the compiler really changed).
 * Silence: --rule header-change=ignore
 */
#include "rules/rules.h"

static const char *consequence(const struct kp_def *d)
{
	switch (d->kind) {
	case DEF_FUNCTION:
		return (d->attrs & ATTR_INLINE) ?
		       "every caller that inlines it changes too (inline-propagation)" :
		       "every file including the header gets its own copy";
	case DEF_MACRO:
		return "every place that expands it changes";
	case DEF_STRUCT:
	case DEF_UNION:
	case DEF_ENUM:
	case DEF_TYPEDEF:
		return "every user of the type is affected (data-layout)";
	case DEF_PROTOTYPE:
		return "callers and the symbol's CRC may change (modversions)";
	case DEF_INCLUDE:
		return "every includer sees new declarations (modversions)";
	default:
		return "every file including the header may change";
	}
}

static const char *kind_word(const struct kp_def *d)
{
	if (d->kind == DEF_FUNCTION && (d->attrs & ATTR_INLINE))
		return "static inline";
	return def_kind_name(d->kind);
}

int check_header_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		struct kp_loc loc;

		if (fm->kind != FK_C_HEADER || d->change == CHANGE_NONE || d->cosmetic)
			continue;
		loc = def_loc(fm, d);
		if (!report(ctx, RULE_HEADER_CHANGE, &loc, "%s '%s' changed in a header: %s",
			    kind_word(d), def_name(d), consequence(d)))
			continue;
		n++;
		if (!(ctx->model->tiers & TIERBIT(TIER_SOURCE)))
			report_note(ctx, "fix it in the .c files that use it if you "
				    "can; else run with -C TREE and --objects to list "
				    "every function the livepatch must carry");
	}
	return n;
}
