/*
 * static-call (warning): patched code makes a static call.
 *
 * Message: 'NAME' makes static call 'CALL'
 * Cause:   static_call(CALL)(...) is a direct call to a trampoline that
 *          static_call_update() rewrites, recorded in .static_call_sites.
 *          Sites in a livepatch module are only patched when their key
 *          resolves at module load: keys of other modules do not, and the
 *          site keeps calling the default target.  The source tier finds
 *          the __SCT__ trampoline references in clang's AST; the object
 *          tier the .static_call_sites entries of a changed function whose
 *          key (__SCK__CALL) the object defines itself (not a key the
 *          patch adds, nor a tracepoint's).
 * Fix:     call what the static call points to through its key in the
 *          patched code (static_call_query(CALL)), or use the
 *          KLP_STATIC_CALL helpers of the livepatch tooling.
 * Silence: -Wno-static-call, when the key is vmlinux's and the livepatch
 *          tooling handles its sites.
 */
#include <string.h>
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "rules/rules.h"

/* The object tier's proof: a site whose key this object defines. */
static int object_calls(struct kp_ctx *ctx, const struct kp_file_model *fm,
			const struct kp_def *d)
{
	const struct kp_objdef *o = d->obj;

	for (int i = 0; o && i < o->nentries; i++) {
		const struct kp_objentry *e = &o->entries[i];
		const char *call;
		char where[256];
		struct kp_loc loc;

		if (!e->key || e->key_inert || e->key_new ||
		    strcmp(e->section, ".static_call_sites"))
			continue;
		call = strncmp(e->key, "__SCK__", 7) ? e->key : e->key + 7;
		loc = obj_loc(fm, d, &e->at, where, sizeof(where));
		if (!report(ctx, RULE_STATIC_CALL, &loc, "'%s' makes static call '%s'",
			    d->name, call))
			return 0;
		report_note(ctx, "its key '%s' is defined in %s itself", e->key, o->object);
		report_note(ctx, "call the target through static_call_query(%s) in the "
			    "patched code, or use KLP_STATIC_CALL", call);
		return 1;
	}
	return 0;
}

int check_static_call(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_def(ctx->model, fm, d) {
		for (int i = 0; src_changed_function(d) && i < d->src->nscalls; i++) {
			const struct kp_srcref *c = &d->src->scalls[i];
			struct kp_loc loc = srcref_loc(fm, d, c->line);

			if (!report(ctx, RULE_STATIC_CALL, &loc, "'%s' makes static "
				    "call '%s'", d->name, c->name))
				continue;
			n++;
			report_note(ctx, "call the target through "
				    "static_call_query(%s) in the patched code, or "
				    "use KLP_STATIC_CALL", c->name);
		}
		if (def_is_patched_function(fm, d))
			n += object_calls(ctx, fm, d);
	}
	return n;
}
