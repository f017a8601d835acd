/*
 * The carried functions cross-checked against the object tier: the
 * object differ (kpcheck-object.so, loaded only here) compares the
 * original and patched objects the build already made, and every
 * disagreement with what was carried becomes a note in the progress
 * output.  A function that changed but is not carried (a caller into
 * which a changed function was inlined, say) keeps running its old code;
 * a carried function whose code did not change costs nothing but may
 * mean the verdict's function list is off.  Notes only: the verdict
 * stands, and the build goes on.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "analyzer/plugin.h"
#include "lib/util.h"
#include "builder/build.h"

static bool carried(const struct build_unit *u, const char *name)
{
	for (int i = 0; i < u->ncarried; i++)
		if (!strcmp(u->carried[i], name))
			return true;
	return false;
}

static const struct od_func *changed(const struct od_result *r, const char *name)
{
	for (int i = 0; i < r->nfuncs; i++)
		if (!strcmp(r->funcs[i].name, name))
			return &r->funcs[i];
	return NULL;
}

static void compare(const struct build_unit *u, const struct od_result *r)
{
	for (int i = 0; i < r->nfuncs; i++)
		if (!carried(u, r->funcs[i].name))
			build_progress("note: %s: '%s' %s in the object, but is not carried",
				       u->file, r->funcs[i].name,
				       r->funcs[i].status == OD_NEW ? "is new" : "changed");
	for (int i = 0; i < u->ncarried; i++)
		if (!changed(r, u->carried[i]))
			build_progress("note: %s: '%s' is carried, but its code did not change "
				       "in the object", u->file, u->carried[i]);
}

void crosscheck_units(struct build_job *job)
{
	const struct kp_plugin *p = plugin_load(KP_OBJECT_PLUGIN);
	char err[512];

	if (!p || !p->objdiff_run || !p->objdiff_free) {
		build_progress("note: no cross-check with the object tier: %s",
			       p ? "the object plugin has no differ" : plugin_error());
		return;
	}
	for (int i = 0; i < job->nunits; i++) {
		struct build_unit *u = &job->units[i];
		struct od_result r;

		build_progress("cross-checking %s with the object tier", u->file);
		if (p->objdiff_run(&r, u->orig_o, u->patched_o, err, sizeof(err)))
			build_progress("note: %s: the object tier cannot diff it: %s", u->file, err);
		else
			compare(u, &r);
		p->objdiff_free(&r);
	}
}
