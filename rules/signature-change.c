/*
 * signature-change (error): the prototype of a non-static function
 * changed.
 *
 * Message: prototype of 'NAME' changed from 'OLD' to 'NEW'
 * Cause:   callers outside the patch, compiled against the old prototype,
 *          keep calling the function the old way; once the livepatch
 *          redirects it, they pass the old arguments to the new code (or
 *          read a return value of the old type).  The source tier compares
 *          the function types clang computes, so a reformatted prototype
 *          is no change and a changed typedef behind it is.
 *          With -C TREE the tree is searched for every file that names
 *          the function.  When no file outside the patch names it, every
 *          use in the patched files (a call, or its address taken) lies in
 *          a function the patch replaces too, and the symbol is not
 *          exported (no module can call it), callee and callers are
 *          replaced together: a note, not an error.
 * Fix:     keep 'NAME' as it is; add 'NAME_v2' with the new prototype and
 *          patch the callers that need it to call the new function.
 * Rework:  `kpcheck rework` keeps the old function, adds NAME_v2 with
 *          the new prototype and makes the callers in the patch call it;
 *          an address-taken use needs review (doc/rework.md).
 * Silence: --rule signature-change=ignore
 */
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static bool sig_changed(const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;

	return s && s->old_sig && s->new_sig && strcmp(s->old_sig, s->new_sig) &&
	       d->change == CHANGE_MODIFIED && !d->cosmetic &&
	       (d->kind == DEF_FUNCTION || d->kind == DEF_PROTOTYPE) &&
	       !(d->attrs & ATTR_STATIC) && !(d->old_attrs & ATTR_STATIC);
}

static bool ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Is post-image line @line of @fm inside a definition the patch changes? */
static bool in_changed_def(const struct kp_file_model *fm, int line)
{
	for (const struct kp_def *d = fm->defs; d < fm->defs + fm->ndefs; d++)
		if (d->change != CHANGE_NONE && !d->cosmetic && d->new_start &&
		    line >= d->new_start && line <= d->new_end)
			return true;
	return false;
}

/* The first line of a patched file's post-image that names @name outside
 * every changed definition (an unchanged caller, or an initializer that
 * takes its address), or 0; *@where gets the file. */
static int use_outside(const struct kp_model *m, const char *name, const char **where)
{
	size_t n = strlen(name);

	for (const struct kp_file_model *fm = m->files; fm < m->files + m->nfiles; fm++) {
		int line = 1;

		for (const char *p = fm->post; p && p < fm->post + fm->post_len; p++) {
			if (*p == '\n')
				line++;
			if ((size_t)(fm->post + fm->post_len - p) < n || strncmp(p, name, n) ||
			    (p > fm->post && ident_char(p[-1])) || ident_char(p[n]))
				continue;
			if (!in_changed_def(fm, line)) {
				*where = fm->file->path;
				return line;
			}
		}
	}
	return 0;
}

/* Callee and every user are in the patch: they are replaced together. */
static bool replaced_together(const struct kp_ctx *ctx, const struct kp_def *d)
{
	const char *where;

	if ((d->attrs | d->old_attrs) & ATTR_EXPORTED || d->src->tree_files != 0)
		return false;
	for (const struct kp_file_model *fm = ctx->model->files;
	     fm < ctx->model->files + ctx->model->nfiles; fm++)
		if (!fm->post && fm->file->nhunks)
			return false;	/* a patched file the tree did not give */
	return !use_outside(ctx->model, d->name, &where);
}

static void users_note(struct kp_ctx *ctx, const struct kp_def *d)
{
	const char *where = NULL;
	int line;

	if (d->src->tree_files > 0)
		report_note(ctx, "%d other file%s of the tree name%s it, e.g. %s",
			    d->src->tree_files, d->src->tree_files > 1 ? "s" : "",
			    d->src->tree_files > 1 ? "" : "s", d->src->tree_examples[0]);
	else if ((line = use_outside(ctx->model, d->name, &where)))
		report_note(ctx, "%s:%d uses it outside the functions the patch "
			    "replaces", where, line);
}

int check_signature_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		struct kp_loc loc;

		if (!sig_changed(d))
			continue;
		loc = def_loc(fm, d);
		loc.tier = TIER_SOURCE;
		if (replaced_together(ctx, d)) {
			if (report_sev(ctx, RULE_SIGNATURE_CHANGE, SEV_NOTE, &loc,
				       "prototype of '%s' changed; every caller and use of "
				       "its address is in the patch and it is not exported: "
				       "callee and callers are replaced together", d->name) > 0)
				n++;
			continue;
		}
		if (!report(ctx, RULE_SIGNATURE_CHANGE, &loc,
			    "prototype of '%s' changed from '%s' to '%s'", d->name,
			    d->src->old_sig, d->src->new_sig))
			continue;
		n++;
		users_note(ctx, d);
		report_note(ctx, "keep '%s' as it is; add '%s_v2' with the new "
			    "prototype and patch the callers to call it",
			    d->name, d->name);
	}
	return n;
}
