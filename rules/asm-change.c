/*
 * asm-change (error): the patch changes assembly or other code that is
 * not C (.S, .s, linker scripts, binary files, other languages), or the
 * assembler macros of a C header.
 *
 * Message: 'FILE' is assembly: a livepatch cannot change it
 *          / 'FILE' is a linker script: the running image's layout cannot change
 *          / assembler macro changed in 'FILE', which assembly includes
 * Cause:   livepatching replaces whole C functions through their ftrace
 *          call site; hand-written assembly has no such site, and entry
 *          code runs with no safe place to switch.  A linker script
 *          (vmlinux.lds.S, module.lds.S, and the macros of *.lds.h that
 *          they expand) only decides how the image is laid out when it is
 *          linked: the running image keeps its layout.  A header's
 *          .macro definitions and its __ASSEMBLY__ parts
 *          (arch/x86/entry/calling.h) are assembly too: with -C TREE a
 *          note names the .S files that include the header.
 * Fix:     move the fix into C code that can be patched (the callers or
 *          callees of the assembly), or ship it in a kernel update.
 * Silence: --rule asm-change=ignore
 */
#include <stdio.h>
#include <string.h>
#include "lib/util.h"
#include "rules/rules.h"

static bool linker_script(const struct kp_file_model *fm)
{
	return fm->kind == FK_ASM && strstr(fm->file->path, ".lds");
}

static const char *what_of(const struct kp_file_model *fm)
{
	if (fm->file->binary)
		return "a binary file: a livepatch cannot change it";
	if (linker_script(fm))
		return "a linker script: the running image's layout cannot change";
	if (fm->kind == FK_ASM)
		return "assembly: a livepatch cannot change it";
	return "not C code: a livepatch cannot change it";
}

/* A header's assembler part: one finding, the includers in a note. */
static int asm_header(struct kp_ctx *ctx, const struct kp_file_model *fm)
{
	struct kp_loc loc = file_loc(fm);
	char list[512];
	size_t len = 0;

	loc.line = fm->asm_line;
	if (!report(ctx, RULE_ASM_CHANGE, &loc, "assembler macro changed in '%s', "
		    "which assembly includes: a livepatch cannot change it",
		    fm->file->path))
		return 0;
	list[0] = 0;
	for (int i = 0; i < fm->nasm_includers && i < 4; i++)
		len += snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0,
				"%s%s", i ? ", " : "", fm->asm_includers[i]);
	if (fm->nasm_includers)
		report_note(ctx, "%d .S file%s of the tree include%s it: %s%s",
			    fm->nasm_includers, fm->nasm_includers > 1 ? "s" : "",
			    fm->nasm_includers > 1 ? "" : "s", list,
			    fm->nasm_includers > 4 ? ", ..." : "");
	report_note(ctx, "move the fix into the C functions that call or are "
		    "called by this code, or ship it in a kernel update");
	return 1;
}

int check_asm_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	int n = 0;

	for (fm = ctx->model->files; fm < ctx->model->files + ctx->model->nfiles; fm++) {
		struct kp_loc loc;

		if (fm->kind == FK_C_HEADER && fm->asm_line) {
			n += asm_header(ctx, fm);
			continue;
		}
		if (fm->kind != FK_ASM && fm->kind != FK_OTHER && !fm->file->binary)
			continue;
		if (fm->file->nhunks == 0 && !fm->file->binary)
			continue;	/* mode change or pure rename */
		loc = file_loc(fm);
		if (!report(ctx, RULE_ASM_CHANGE, &loc, "'%s' is %s", fm->file->path,
			    what_of(fm)))
			continue;
		n++;
		report_note(ctx, linker_script(fm) ?
			    "ship the change in a kernel update; the macros it "
			    "brings are judged with it" :
			    "move the fix into the C functions that call or are "
			    "called by this code, or ship it in a kernel update");
	}
	return n;
}
