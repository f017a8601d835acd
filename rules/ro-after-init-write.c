/*
 * ro-after-init-write (error): patched code writes data that is read-only
 * once the kernel has booted.
 *
 * Message: 'NAME' writes 'VAR', which is __ro_after_init
 * Cause:   mark_rodata_ro() makes .data..ro_after_init read-only at the end
 *          of boot, and const data is read-only from the start; a livepatch
 *          runs later, so the write faults (an oops in the patched
 *          function).  The source tier follows the left side of each
 *          assignment and ++/-- through '.', '[]' and casts to the global
 *          it names, and reads the section from clang's AST.
 * Fix:     do not write 'VAR' from patched code: keep the new value in a
 *          new variable (or a shadow variable) that the patched readers
 *          use instead.
 * Silence: --rule ro-after-init-write=ignore, when the write only runs
 *          during boot (code reachable from __init paths only).
 */
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static int one_write(struct kp_ctx *ctx, const struct kp_file_model *fm,
		     const struct kp_def *d, const struct kp_srcref *w)
{
	struct kp_loc loc = srcref_loc(fm, d, w->line);

	if (!(w->attrs & (ATTR_RO_AFTER_INIT | ATTR_CONST)))
		return 0;
	if (!report(ctx, RULE_RO_AFTER_INIT_WRITE, &loc, "'%s' writes '%s', which "
		    "is %s", d->name, w->name, w->attrs & ATTR_CONST ? "const" :
		    "__ro_after_init"))
		return 0;
	if (w->file)
		report_note(ctx, "'%s' is defined at %s:%d and is read-only once "
			    "the kernel has booted", w->name, w->file, w->def_line);
	report_note(ctx, "keep the new value in a new variable (or a shadow "
		    "variable) that the patched readers of '%s' use", w->name);
	return 1;
}

int check_ro_after_init_write(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		/* __init code writes them before they become read-only */
		if (!src_changed_function(d) || (d->attrs & ATTR_INIT))
			continue;
		for (int i = 0; i < d->src->nwrites; i++)
			n += one_write(ctx, fm, d, &d->src->writes[i]);
	}
	return n;
}
