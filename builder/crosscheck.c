/*
 * What to carry: the object tier's differ (kpcheck-object.so, the same
 * code as `kpcheck objdiff`, loaded only here, read only through the
 * plugin table's struct kp_carry) compares the original and
 * patched objects the build made, and the functions it finds changed or
 * new are the ones carried, as kpatch-build does.  That set includes the
 * callers of a changed function gcc inlined, and the functions a macro or
 * header change reaches.  The verdict's list (source tier) only
 * cross-checks it: every function one names and the other does not
 * becomes a note in the progress output.  When the differ cannot run,
 * the verdict's list is carried, and a note says so.
 *
 * .cold parts are carried with their function (extract.c), not as roots;
 * functions that only moved __LINE__ constants are not carried.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/plugin.h"
#include "lib/util.h"
#include "builder/build.h"

static bool in_verdict(const struct build_unit *u, const char *name)
{
	for (int i = 0; i < u->nverdict; i++)
		if (!strcmp(u->verdict[i], name))
			return true;
	return false;
}

static bool in_diff(const struct kp_carry *r, const char *name)
{
	for (int i = 0; i < r->nfuncs; i++)
		if (!strcmp(r->funcs[i].name, name))
			return true;
	return false;
}

static void add_func(struct build_unit *u, const char *name, bool added)
{
	u->added = xrealloc(u->added, (u->nfuncs + 1) * sizeof(*u->added));
	u->added[u->nfuncs] = added;
	*VEC_PUSH(u->funcs, u->nfuncs) = xstrdup(name);
}

/* The differ's changed and new functions become the unit's; notes where the verdict differs. */
static void take_diff(struct build_unit *u, const struct kp_carry *r)
{
	for (int i = 0; i < r->nfuncs; i++) {
		const char *name = r->funcs[i].name;
		bool new = r->funcs[i].added;

		if (r->funcs[i].part)
			continue;
		add_func(u, name, new);
		if (!in_verdict(u, name))
			build_progress("note: %s: '%s' %s in the object, and is carried; "
				       "the source tier does not name it", u->file, name,
				       new ? "is new" : "changed");
	}
	for (int i = 0; i < u->nverdict; i++)
		if (!in_diff(r, u->verdict[i]))
			build_progress("note: %s: '%s' is named by the source tier, but did not "
				       "change in the object%s: not carried", u->file, u->verdict[i],
				       u->verdict_added[i] ? " (inlined into its callers?)" : "");
}

static void take_verdict(struct build_unit *u)
{
	for (int i = 0; i < u->nverdict; i++)
		add_func(u, u->verdict[i], u->verdict_added[i]);
}

int diff_units(struct build_job *job)
{
	const struct kp_plugin *p = plugin_load(KP_OBJECT_PLUGIN);
	int (*run)(struct kp_carry *, const char *, const char *, char *, size_t) =
		p ? p->objdiff_carry : NULL;
	void (*done)(struct kp_carry *) = p ? p->objdiff_carry_free : NULL;
	char err[512];
	int total = 0;

	if (!run || !done)
		build_progress("note: no object diff (%s): carrying the source tier's functions",
			       p ? "the object plugin has no differ" : plugin_error());
	for (int i = 0; i < job->nunits; i++) {
		struct build_unit *u = &job->units[i];
		struct kp_carry r;

		if (!run || !done) {
			take_verdict(u);
			total += u->nfuncs;
			continue;
		}
		build_progress("diffing %s with the object tier", u->file);
		if (run(&r, u->orig_o, u->patched_o, err, sizeof(err))) {
			build_progress("note: %s: the object tier cannot diff it (%s): carrying the "
				       "source tier's functions", u->file, err);
			take_verdict(u);
		} else {
			take_diff(u, &r);
		}
		done(&r);
		total += u->nfuncs;
	}
	if (!total)
		fputs("kpcheck: build: no function changed in the objects; nothing to carry\n",
		      stderr);
	return total ? 0 : -1;
}
