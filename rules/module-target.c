/*
 * module-target (note): which object each changed file is built into.
 *
 * Message: functions of 'FILE' live in vmlinux (WHY) / in module 'NAME'
 *          (CONFIG_X=m) / 'FILE' is not built (CONFIG_X is not set)
 * Cause:   a livepatch names, for each function, the object that holds it
 *          (klp_object.name: NULL for vmlinux, else the module name); a
 *          function in a module is patched when that module loads.  This
 *          is read from the tree's Makefile/Kbuild and .config, so it
 *          needs -C.
 * Fix:     nothing to fix.  A file the configuration does not build has
 *          nothing to patch: check that the fix is for this kernel.
 * Silence: --rule module-target=ignore
 */
#include "rules/rules.h"

/* A file the configuration does not build has only cosmetic changes
 * (hdrset.c marks them so): what it says is still worth saying. */
static bool has_code_change(const struct kp_file_model *fm)
{
	bool unbuilt = !strcmp(fm->object, "none");

	for (int i = 0; i < fm->ndefs; i++)
		if (fm->defs[i].change != CHANGE_NONE &&
		    (!fm->defs[i].cosmetic || (unbuilt && fm->defs[i].no_code)))
			return true;
	return false;
}

static int one_file(struct kp_ctx *ctx, const struct kp_file_model *fm)
{
	struct kp_loc loc = file_loc(fm);
	const char *why = fm->object_why ? fm->object_why : "";

	if (!strcmp(fm->object, "vmlinux"))
		return report(ctx, RULE_MODULE_TARGET, &loc,
			      "functions of '%s' live in vmlinux (%s)",
			      fm->file->path, why);
	if (!strcmp(fm->object, "none"))
		return report(ctx, RULE_MODULE_TARGET, &loc,
			      "'%s' is not built with this configuration (%s): "
			      "nothing of it to patch", fm->file->path, why);
	return report(ctx, RULE_MODULE_TARGET, &loc,
		      "functions of '%s' live in module '%s' (%s): patched "
		      "when that module is loaded", fm->file->path, fm->object, why);
}

int check_module_target(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	int n = 0;

	for (fm = ctx->model->files; fm < ctx->model->files + ctx->model->nfiles; fm++)
		if (fm->object && has_code_change(fm))
			n += one_file(ctx, fm);
	return n;
}
