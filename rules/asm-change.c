/*
 * asm-change (error): the patch changes assembly or other code that is
 * not C (.S, .s, linker scripts, binary files, other languages).
 *
 * Message: 'FILE' is assembly: a livepatch cannot change it
 * Cause:   livepatching replaces whole C functions through their ftrace
 *          call site; hand-written assembly has no such site, entry code
 *          runs with no safe place to switch, and a linker script or a
 *          binary blob only matters when the kernel is built.
 * Fix:     move the fix into C code that can be patched (the callers or
 *          callees of the assembly), or ship it in a kernel update.
 * Silence: --rule asm-change=ignore
 */
#include "lib/util.h"
#include "rules/rules.h"

static const char *kind_of(const struct kp_file_model *fm)
{
	if (fm->file->binary)
		return "a binary file";
	if (fm->kind == FK_ASM)
		return strstr(fm->file->path, ".lds") ? "a linker script" : "assembly";
	return "not C code";
}

int check_asm_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	int n = 0;

	for (fm = ctx->model->files; fm < ctx->model->files + ctx->model->nfiles; fm++) {
		struct kp_loc loc;

		if (fm->kind != FK_ASM && fm->kind != FK_OTHER && !fm->file->binary)
			continue;
		if (fm->file->nhunks == 0 && !fm->file->binary)
			continue;	/* mode change or pure rename */
		loc = file_loc(fm);
		if (!report(ctx, RULE_ASM_CHANGE, &loc, "'%s' is %s: a livepatch cannot change it",
			    fm->file->path, kind_of(fm)))
			continue;
		n++;
		report_note(ctx, "move the fix into the C functions that call or are "
			    "called by this code, or ship it in a kernel update");
	}
	return n;
}
