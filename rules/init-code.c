/*
 * init-code (error): the patch changes code or data that only runs at
 * boot or module load (__init, __initdata, __initconst) or at unload
 * (__exit).
 *
 * Message: 'NAME' is __init code: it already ran and never runs again
 * Cause:   .init.text and .init.data are freed once the kernel (or the
 *          module) has booted; a livepatch loads later, so a changed
 *          __init function is never called and its effect on the running
 *          system is not redone.  __exit code of built-in objects is not
 *          even kept.
 * Fix:     do the one-time work in a pre-patch callback
 *          (KLP_PRE_PATCH_CALLBACK / klp_callbacks.pre_patch) and patch
 *          the run-time functions that use what __init set up.
 *          The object tier proves it from the section the compiled code
 *          or data lands in (.init.text, .exit.text, .init.data).
 * Silence: --rule init-code=ignore, when the change only matters for the
 *          next boot (it then belongs in the kernel update, not here).
 */
#include "analyzer/model/objfacts.h"
#include "rules/rules.h"

#define INIT_ATTRS (ATTR_INIT | ATTR_EXIT | ATTR_INITDATA)

static const char *what(unsigned int attrs)
{
	if (attrs & ATTR_INIT)
		return "__init code";
	if (attrs & ATTR_EXIT)
		return "__exit code";
	return "init data";
}

int check_init_code(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		unsigned int a = (d->attrs | d->old_attrs) & INIT_ATTRS;
		const struct kp_objsym *s = objdef_main_sym(d->obj);
		char where[256];
		struct kp_loc loc;

		if (!a || d->change == CHANGE_NONE || d->cosmetic ||
		    d->kind == DEF_PROTOTYPE)
			continue;
		loc = s ? obj_loc(fm, d, &s->ref, where, sizeof(where)) : def_loc(fm, d);
		if (!report(ctx, RULE_INIT_CODE, &loc, d->change == CHANGE_ADDED ?
			    "'%s' is new %s: a livepatch never runs it" :
			    "'%s' is %s: it already ran and never runs again",
			    def_name(d), what(a)))
			continue;
		n++;
		report_note(ctx, "redo its one-time work in a pre-patch callback "
			    "(KLP_PRE_PATCH_CALLBACK) and patch the run-time "
			    "functions that use what it set up");
	}
	return n;
}
