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
 *          With -C TREE the header change set is computed: every function
 *          of a built .c file that expands the changed definition,
 *          directly or through other inlines and macros of the headers
 *          (found by name through the tree index); the livepatch carries
 *          them all and the verdict counts them.
 * Fix:     prefer fixing the .c file that uses the header.  Otherwise the
 *          livepatch must carry every function that changed: run kpcheck
 *          with -C TREE (the header change set) and --objects (what
 *          the compiler really changed); see blast-radius for a large set.
 * Rework:  `kpcheck rework` leaves the header as it is and gives each
 *          .c file that uses a changed static inline or macro a
 *          klp_NAME copy with the new body; when inlines of the header
 *          use it, or the tree has more users than listed: needs review
 *          (doc/rework.md).
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

/* --objects: where the compiler's inlining differs from the set found by
 * name, each difference named (the carried set is the compiler's). */
static void object_notes(struct kp_ctx *ctx, const struct kp_def *d)
{
	const struct kp_hdrset *h = &ctx->model->hdrset;
	int confirmed = 0, named = 0, shown = 0, more = 0;

	if (!h->obj_files && !h->obj_failed)
		return;
	for (int i = 0; i < h->nfns; i++) {
		const struct kp_expander *e = &h->fns[i];

		if (!expander_expands(e, d->name) || e->in_init)
			continue;
		named += !e->obj_only;
		confirmed += e->obj == EXP_CHANGED && !e->obj_only;
	}
	report_note(ctx, "--objects: %d object%s of the set built (%d failed): %d of the %d "
		    "functions found by name changed in the compiled code", h->obj_files,
		    h->obj_files == 1 ? "" : "s", h->obj_failed, confirmed, named);
	for (int i = 0; i < h->nfns; i++) {
		const struct kp_expander *e = &h->fns[i];

		if (!expander_expands(e, d->name) || e->in_init ||
		    (e->obj != EXP_SAME && !e->obj_only))
			continue;
		if (shown++ >= 8) {
			more++;
			continue;
		}
		if (e->obj == EXP_SAME)
			report_note(ctx, "inlining differs: '%s' (%s) expands it by name, but its "
				    "compiled code is the same (gcc inlined it elsewhere or folded "
				    "the change): not replaced", e->function, e->file);
		else
			report_note(ctx, "inlining differs: '%s' (%s, %s) changed in the compiled "
				    "code without naming it (gcc inlined a function that does): "
				    "replaced", e->function, e->file,
				    e->object ? e->object : "object unknown");
	}
	if (more)
		report_note(ctx, "and %d more differences (-f json lists the carried set)", more);
}

/* With -C: the functions of the header change set that expand @d by name
 * (those only the objects found are in object_notes()). */
static void spread_notes(struct kp_ctx *ctx, const struct kp_def *d)
{
	const struct kp_hdrset *h = &ctx->model->hdrset;
	int shown = 0, n = 0;

	for (int i = 0; i < h->nfns; i++) {
		const struct kp_expander *e = &h->fns[i];
		bool through = e->through && strcmp(e->through, d->name);

		if (!expander_expands(e, d->name) || !expander_is_carried(ctx->model, e) ||
		    e->obj_only)
			continue;
		if (n++ >= 8)
			continue;
		shown++;
		report_note(ctx, "expanded in '%s' (%s:%d, %s)%s%s%s", e->function, e->file,
			    e->line, e->object ? e->object : "object unknown",
			    through ? " through '" : "", through ? e->through : "",
			    through ? "'" : "");
	}
	if (n > shown)
		report_note(ctx, "and %d more functions (-f json lists them all)", n - shown);
	object_notes(ctx, d);
}

static int one_def(struct kp_ctx *ctx, const struct kp_file_model *fm,
		   const struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);
	int files, n;

	if (!ctx->model->hdrset.done || !d->name ||
	    (d->kind != DEF_FUNCTION && d->kind != DEF_MACRO && d->kind != DEF_VARIABLE)) {
		if (!report(ctx, RULE_HEADER_CHANGE, &loc, "%s '%s' changed in a header: %s",
			    kind_word(d), def_name(d), consequence(d)))
			return 0;
		if (!(ctx->model->tiers & TIERBIT(TIER_SOURCE)))
			report_note(ctx, "fix it in the .c files that use it if you "
				    "can; else run with -C TREE and --objects to list "
				    "every function the livepatch must carry");
		return 1;
	}
	n = hdrset_expanders_of(ctx->model, d->name, &files);
	if (!report(ctx, RULE_HEADER_CHANGE, &loc, "%s '%s' changed in a header: %d "
		    "function%s in %d built file%s expand%s it, and change too",
		    kind_word(d), def_name(d), n, n == 1 ? "" : "s", files,
		    files == 1 ? "" : "s", n == 1 ? "s" : ""))
		return 0;
	spread_notes(ctx, d);
	return 1;
}

int check_header_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if (fm->kind != FK_C_HEADER || d->change == CHANGE_NONE || d->cosmetic)
			continue;
		n += one_def(ctx, fm, d);
	}
	return n;
}
