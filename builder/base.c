/*
 * `kpcheck build --base PREVIOUS.ko`: the module a cumulative build
 * replaces, compared with the new one through their manifests, for the
 * reviewer: fixes, functions added, kept, changed and dropped, shadow
 * ids, states and callbacks carried over.  A function the base replaces
 * and the new module does not is reverted to the kernel's own code when
 * the new module replaces the base: an error unless --allow-revert.
 * States keep the base's version, so that the kernel's klp_state check
 * accepts the new module as the base's successor.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"
#include "builder/manifest.h"
#include "builder/modinfo.h"

int base_load(struct build_job *job)
{
	struct modinfo mi;
	const char *kernel;

	if (job->target != TARGET_LIVEPATCH) {
		fprintf(stderr, "kpcheck: build: --base needs --target livepatch: kpcore has no "
			"atomic replace\n");
		return -1;
	}
	if (modinfo_read(job->base, &mi))
		return -1;
	kernel = modinfo_get(&mi, "kpcheck.kernel");
	job->basem = xcalloc(1, sizeof(*job->basem));
	if (!mi.manifest || manifest_parse(mi.manifest, mi.manifest_len, job->basem)) {
		fprintf(stderr, "kpcheck: %s: no kpcheck manifest: not a module kpcheck build "
			"made\n", job->base);
	} else if (!kernel || strcmp(kernel, job->kver)) {
		fprintf(stderr, "kpcheck: %s: built for kernel %s, not %s\n", job->base,
			kernel ? kernel : "(unknown)", job->kver);
	} else {
		modinfo_free(&mi);
		return 0;
	}
	modinfo_free(&mi);
	return -1;
}

/* A klp_state per shadow id, at the base's version when it has one. */
void base_states(struct build_job *job)
{
	if (job->target != TARGET_LIVEPATCH)
		return;
	for (int i = 0; i < job->nshadows; i++) {
		const struct manifest_state *old =
			job->basem ? manifest_state(job->basem, job->shadows[i]) : NULL;
		struct build_state *st = VEC_PUSH(job->states, job->nstates);

		st->id = xstrdup(job->shadows[i]);
		st->version = old ? old->version : 1;
	}
}

static bool has_fix(const struct manifest *m, const char *sha)
{
	for (int i = 0; i < m->nfixes; i++)
		if (!strcmp(m->fixes[i].sha256, sha))
			return true;
	return false;
}

static bool in_list(char **v, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static void fixes(const struct manifest *old, const struct manifest *now)
{
	for (int i = 0; i < now->nfixes; i++)
		printf("  %-8s %-7s %s\n", "fix", has_fix(old, now->fixes[i].sha256) ? "kept" : "added",
		       now->fixes[i].subject);
	for (int i = 0; i < old->nfixes; i++)
		if (!has_fix(now, old->fixes[i].sha256))
			printf("  %-8s %-7s %s\n", "fix", "dropped", old->fixes[i].subject);
}

/* Functions; the number dropped. */
static int functions(const struct manifest *old, const struct manifest *now)
{
	int dropped = 0;

	for (int i = 0; i < now->nfuncs; i++) {
		const struct manifest_func *f = &now->funcs[i];
		const struct manifest_func *o = manifest_func(old, f->object, f->name);

		printf("  %-8s %-7s %s:%s (fixes %s)\n", "function", !o ? "added" :
		       strcmp(o->hash, f->hash) ? "changed" : "kept", f->object, f->name, f->fixes);
	}
	for (int i = 0; i < old->nfuncs; i++)
		if (!manifest_func(now, old->funcs[i].object, old->funcs[i].name)) {
			printf("  %-8s %-7s %s:%s: reverted to the kernel's own code\n",
			       "function", "dropped", old->funcs[i].object, old->funcs[i].name);
			dropped++;
		}
	return dropped;
}

static void lists(const char *what, char **old, int nold, char **now, int nnow)
{
	for (int i = 0; i < nnow; i++)
		printf("  %-8s %-7s %s\n", what, in_list(old, nold, now[i]) ? "kept" : "added", now[i]);
	for (int i = 0; i < nold; i++)
		if (!in_list(now, nnow, old[i]))
			printf("  %-8s %-7s %s\n", what, "dropped", old[i]);
}

/* States; the number dropped (the kernel then refuses the replacement). */
static int states(const struct manifest *old, const struct manifest *now)
{
	int dropped = 0;

	for (int i = 0; i < now->nstates; i++) {
		const struct manifest_state *o = manifest_state(old, now->states[i].id);

		printf("  %-8s %-7s %s version %u\n", "state", o ? "kept" : "added", now->states[i].id,
		       now->states[i].version);
	}
	for (int i = 0; i < old->nstates; i++)
		if (!manifest_state(now, old->states[i].id)) {
			printf("  %-8s %-7s %s version %u: the kernel refuses this module while "
			       "the base is loaded\n", "state", "dropped", old->states[i].id,
			       old->states[i].version);
			dropped++;
		}
	return dropped;
}

int base_report(struct build_job *job, const struct manifest *now)
{
	const struct manifest *old = job->basem;
	int dropped;

	printf("base %s: %d fixes, %d functions; this module: %d fixes, %d functions\n",
	       job->base, old->nfixes, old->nfuncs, now->nfixes, now->nfuncs);
	fixes(old, now);
	dropped = functions(old, now);
	lists("shadow", old->shadows, old->nshadows, now->shadows, now->nshadows);
	dropped += states(old, now);
	lists("callback", old->callbacks, old->ncallbacks, now->callbacks, now->ncallbacks);
	fflush(stdout);
	if (dropped && !job->allow_revert) {
		fprintf(stderr, "kpcheck: build: this module drops %d function%s or state%s of %s, "
			"reverted when it replaces it: refused (--allow-revert to accept)\n",
			dropped, dropped == 1 ? "" : "s", dropped == 1 ? "" : "s", job->base);
		return -1;
	}
	return 0;
}
