/*
 * Who else touches the locks a changed function takes or releases: the
 * other functions of the patched files (post-image) that take or release
 * the same lock, as written.  The name is matched as text, which is what
 * kernel code makes meaningful ("&sk->sk_lock.slock", "&tbl->lock"):
 * two functions naming their object alike mostly mean the same lock; a
 * function outside the patched files is not seen.
 */
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "analyzer/source/srctier.h"
#include "lib/util.h"

static bool uses_lock(const struct cl_def *c, const char *lock, int *line)
{
	for (int i = 0; i < c->ncalls; i++)
		if (c->calls[i].pair == PAIR_LOCK && c->calls[i].lock &&
		    !strcmp(c->calls[i].lock, lock)) {
			*line = c->calls[i].line;
			return true;
		}
	return false;
}

static bool known_user(const struct kp_srcdef *s, const char *fn, const char *lock)
{
	for (int i = 0; i < s->nlock_users; i++)
		if (!strcmp(s->lock_users[i].name, fn) &&
		    !strcmp(s->lock_users[i].lock, lock))
			return true;
	return false;
}

static void users_of(struct src_run *r, struct kp_def *d, const char *lock)
{
	struct kp_srcdef *s = d->src;

	for (int i = 0; i < r->nfiles; i++) {
		const struct cl_unit *u = r->files[i].post;
		int line;

		for (int k = 0; u && k < u->ndefs; k++) {
			const struct cl_def *c = &u->defs[k];
			struct kp_srcref *ref;

			if (c->file != i || c->kind != DEF_FUNCTION ||
			    !strcmp(c->name, d->name) || known_user(s, c->name, lock) ||
			    !uses_lock(c, lock, &line))
				continue;
			ref = srcref_add(&s->lock_users, &s->nlock_users, c->name, line);
			ref->lock = xstrdup(lock);
			ref->file = xstrdup(r->files[i].fm->file->path);
		}
	}
}

void srclock_users(struct src_run *r, struct kp_def *d)
{
	struct kp_srcdef *s = d->src;

	for (int i = 0; s && i < s->ncalls + s->nold_calls; i++) {
		const struct kp_srcref *c = i < s->ncalls ? &s->calls[i] :
					    &s->old_calls[i - s->ncalls];

		if (c->pair == PAIR_LOCK && c->lock)
			users_of(r, d, c->lock);
	}
}
