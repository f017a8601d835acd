/*
 * jump-label (error): patched code uses a static key defined in a module.
 *
 * Message: 'NAME' uses static key 'KEY' of module 'MOD'
 * Cause:   static_branch_likely()/unlikely() emit a jump-label entry that
 *          names the key.  A livepatch module can only resolve such an
 *          entry to a key of vmlinux: for a key in another module the
 *          relocation is not applied before the module's jump labels are
 *          initialized (kpatch-build refuses it for the same reason).  The
 *          source tier finds the key in clang's AST, where it is defined
 *          (DEFINE_STATIC_KEY_*), and whether that object is a module from
 *          Kbuild and .config.  The object tier finds the __jump_table
 *          entries of a changed function whose key the object (a module)
 *          defines itself; not a key the patch adds (the livepatch
 *          carries it) nor an inert tracepoint or pr_debug key.
 * Fix:     in the patched code use static_key_enabled(&KEY) (a plain read)
 *          instead of static_branch_*(&KEY).
 * Rework:  `kpcheck rework` writes static_key_enabled(&KEY) in the
 *          functions named (doc/rework.md).
 * Silence: --rule jump-label=ignore
 */
#include <string.h>
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

static bool in_module(const char *object)
{
	return object && strcmp(object, "vmlinux") && strcmp(object, "none");
}

static int one_key(struct kp_ctx *ctx, const struct kp_file_model *fm,
		   const struct kp_def *d, const struct kp_srcref *k)
{
	struct kp_loc loc = srcref_loc(fm, d, k->line);

	if (!in_module(k->object))
		return 0;
	if (!report(ctx, RULE_JUMP_LABEL, &loc, "'%s' uses static key '%s' of "
		    "module '%s'", d->name, k->name, k->object))
		return 0;
	report_note(ctx, "'%s' is defined in %s (%s)", k->name, k->file,
		    k->object_why ? k->object_why : "a module");
	report_note(ctx, "use static_key_enabled(&%s) instead of "
		    "static_branch_*() in the patched code", k->name);
	return 1;
}

/* The object tier's proof: a __jump_table entry in @d naming a key that
 * this module object defines. */
static int object_keys(struct kp_ctx *ctx, const struct kp_file_model *fm,
		       const struct kp_def *d)
{
	const struct kp_objdef *o = d->obj;

	for (int i = 0; o && o->module && i < o->nentries; i++) {
		const struct kp_objentry *e = &o->entries[i];
		char where[256];
		struct kp_loc loc;

		if (!e->key || e->key_inert || e->key_new || strcmp(e->section, "__jump_table"))
			continue;
		loc = obj_loc(fm, d, &e->at, where, sizeof(where));
		if (!report(ctx, RULE_JUMP_LABEL, &loc, "'%s' uses static key '%s' of "
			    "module '%s'", d->name, e->key, fm->object ? fm->object : o->object))
			return 0;
		report_note(ctx, "'%s' is defined in %s itself", e->key, o->object);
		report_note(ctx, "use static_key_enabled(&%s) instead of "
			    "static_branch_*() in the patched code", e->key);
		return 1;
	}
	return 0;
}

int check_jump_label(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		if (src_changed_function(d))
			for (int i = 0; i < d->src->nkeys; i++)
				n += one_key(ctx, fm, d, &d->src->keys[i]);
		if (def_is_patched_function(fm, d))
			n += object_keys(ctx, fm, d);
	}
	return n;
}
