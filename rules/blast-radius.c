/*
 * blast-radius (warning): the livepatch would replace more functions than
 * one should carry.
 *
 * Message: the livepatch replaces N functions, more than LIMIT (the
 *          header change reaches M files: OBJECTS): ship this fix in a
 *          kernel update
 * Cause:   with -C TREE, a definition changed in a header (a static
 *          inline, a macro, a constant) changes every function of every
 *          built file that expands it: the header change set (see
 *          header-change).  Each of those functions is replaced, in
 *          vmlinux and in every module named.  Past a few dozen, the
 *          livepatch is a second kernel: every replaced function must be
 *          reviewed, built from the same compiler output, and switched
 *          in one transition, while each module's part waits for that
 *          module to load.  The risk and the cost grow with the count;
 *          a kernel update carries the same fix at none of that cost.
 *          The count is the verdict's (changed functions of the patched
 *          files and the header change set, __init code excluded); when
 *          the search for users stopped at its bounds, the real set is
 *          larger and the message says so.
 * Fix:     ship the fix in a kernel update; or, for a livepatch, make the
 *          change in the .c files that need it (a new helper they call)
 *          and leave the header as it is.
 * Silence: --rule blast-radius=N to set the limit (default 50 functions),
 *          or --rule blast-radius=ignore.
 */
#include <stdio.h>
#include "rules/rules.h"

/* "vmlinux and 3 modules" */
static void objects_text(const struct kp_model *m, char *buf, size_t size)
{
	const struct kp_hdrset *h = &m->hdrset;
	bool vmlinux = false;
	int modules = 0;

	for (int i = 0; i < h->nfns; i++) {
		const char *o = h->fns[i].object;
		bool seen = false;

		if (!o)
			continue;
		if (!strcmp(o, "vmlinux")) {
			vmlinux = true;
			continue;
		}
		for (int k = 0; k < i && !seen; k++)
			seen = h->fns[k].object && !strcmp(h->fns[k].object, o);
		modules += !seen;
	}
	snprintf(buf, size, "%s%s%d module%s", vmlinux ? "vmlinux" : "",
		 vmlinux ? " and " : "", modules, modules == 1 ? "" : "s");
	if (vmlinux && !modules)
		snprintf(buf, size, "vmlinux");
}

/* Where to point: the first changed header definition with users. */
static struct kp_loc first_header_def(const struct kp_model *m)
{
	const struct kp_file_model *fm;
	const struct kp_def *d;

	for_each_def(m, fm, d)
		if (fm->kind == FK_C_HEADER && d->change != CHANGE_NONE && !d->cosmetic &&
		    d->name && hdrset_expanders_of(m, d->name, NULL))
			return def_loc(fm, d);
	return file_loc(&m->files[0]);
}

int check_blast_radius(struct kp_ctx *ctx)
{
	const struct kp_model *m = ctx->model;
	int limit = rule_threshold(ctx->opt, RULE_BLAST_RADIUS);
	int n = model_count_functions(m), files = m->hdrset.nfiles;
	struct kp_loc loc;
	char objs[64];

	if (!m->hdrset.done || !m->hdrset.nfns || n <= limit || !m->nfiles)
		return 0;
	loc = first_header_def(m);
	loc.symbol = NULL;
	loc.tier = TIER_SOURCE;
	objects_text(m, objs, sizeof(objs));
	if (!report(ctx, RULE_BLAST_RADIUS, &loc, "the livepatch replaces %s%d "
		    "functions, more than %d (the header change reaches %s%d files: "
		    "%s): ship this fix in a kernel update",
		    m->hdrset.truncated ? "at least " : "", n, limit,
		    m->hdrset.truncated ? "at least " : "", files, objs))
		return 0;
	report_note(ctx, "or change the .c files that need the fix (a new helper "
		    "they call) and leave the header as it is; --rule blast-radius=N "
		    "sets the limit");
	return 1;
}
