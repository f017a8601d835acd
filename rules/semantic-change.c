/*
 * semantic-change (warning): a changed function adds or removes calls that
 * take or release a lock, open or close an RCU read-side section, or get
 * or put a reference, balanced or not.
 *
 * Message: 'NAME' adds lock calls on '&sk->sk_lock' (+spin_lock, +spin_unlock, balanced)
 * Cause:   during the transition old and new code run side by side, one
 *          task at a time switching.  A lock the patch adds protects
 *          nothing until every task runs the new code: the old functions
 *          still touch the state without it.  A lock, reference or RCU
 *          section moved from one function to another can pair an old
 *          caller with a new callee: a double unlock, a leaked reference,
 *          an unbalanced rcu_read_unlock().  The source tier lists every
 *          such call of the pre- and post-image of each changed function
 *          with the lock it acts on, as written; other functions of the
 *          patched files that take the same lock are named.  A new
 *          function is reported only for a lock other functions of the
 *          patched files take too.
 * Fix:     every function that touches the state the lock guards must
 *          switch together (all of them in the patch, and a post-patch
 *          callback that acts once the transition is over), or the new
 *          state needs a shadow flag that the new code sets and tests
 *          (klp_shadow_get_or_alloc()), so old and new code never share
 *          it.  A task that sleeps or waits for the lock inside a patched
 *          function cannot switch while it sits there: check that the
 *          transition cannot stall on it (see transition-stall).
 * Silence: -Wno-semantic-change once reviewed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"
#include "rules/rules.h"

#define MAX_OPS 32

/* One call name on one lock: how often the pre- and post-image call it. */
struct op {
	const char *name;	/* as written */
	const char *lock;	/* "" for RCU's unnamed section */
	enum kp_pair_kind kind;
	int dir;
	int pre, post;
	int line;		/* post-image call beyond the pre-image's count */
};

static const char *op_name(const struct kp_srcref *c)
{
	return c->spelled ? c->spelled : c->name;
}

static void count(struct op *ops, int *n, const struct kp_srcref *c, bool post)
{
	const char *lock = c->lock ? c->lock : "";
	struct op *o = NULL;

	for (int i = 0; i < *n && !o; i++)
		if (ops[i].kind == c->pair && !strcmp(ops[i].lock, lock) &&
		    !strcmp(ops[i].name, op_name(c)))
			o = &ops[i];
	if (!o) {
		if (*n == MAX_OPS)
			return;
		o = &ops[(*n)++];
		*o = (struct op){ op_name(c), lock, c->pair, c->pair_dir, 0, 0, 0 };
	}
	*(post ? &o->post : &o->pre) += 1;
	if (post && o->post == o->pre + 1)
		o->line = c->line;	/* the calls are in source order */
}

static const char *const kind_word[] = {
	[PAIR_LOCK] = "lock", [PAIR_RCU] = "RCU read-side", [PAIR_REF] = "get/put",
};

/* "adds lock calls on 'L' (+a, +b, balanced)" for the ops of one lock. */
static void describe(const struct op *ops, int n, int first, char *buf, size_t len)
{
	const struct op *g = &ops[first];
	int added = 0, removed = 0, net = 0;
	char list[256] = "";

	for (int i = first; i < n; i++) {
		const struct op *o = &ops[i];

		if (o->kind != g->kind || strcmp(o->lock, g->lock))
			continue;
		net += o->dir * (o->post - o->pre);
		if (o->post == o->pre)
			continue;
		added += o->post > o->pre;
		removed += o->post < o->pre;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%c%s",
			 *list ? ", " : "", o->post > o->pre ? '+' : '-', o->name);
	}
	snprintf(buf, len, "%s %s calls%s%s%s (%s, %s)",
		 !removed ? "adds" : !added ? "removes" : "changes", kind_word[g->kind],
		 *g->lock ? " on '" : "", g->lock, *g->lock ? "'" : "", list,
		 net ? "unbalanced" : "balanced");
}

static bool group_changed(const struct op *ops, int n, int first)
{
	for (int i = first; i < n; i++)
		if (ops[i].kind == ops[first].kind && !strcmp(ops[i].lock, ops[first].lock) &&
		    ops[i].pre != ops[i].post)
			return true;
	return false;
}

static bool group_seen(const struct op *ops, int first)
{
	for (int i = 0; i < first; i++)
		if (ops[i].kind == ops[first].kind && !strcmp(ops[i].lock, ops[first].lock))
			return true;
	return false;
}

static bool has_users(const struct kp_srcdef *s, const char *lock)
{
	for (int i = 0; i < s->nlock_users; i++)
		if (!strcmp(s->lock_users[i].lock, lock))
			return true;
	return false;
}

/* A lock, section or object whose calls changed; in a new function, only
 * a lock other functions of the patched files take too: a new helper's
 * own locking is no pairing with old code. */
static bool group_reported(const struct kp_def *d, const struct op *ops, int n, int i)
{
	if (group_seen(ops, i) || !group_changed(ops, n, i))
		return false;
	return d->change != CHANGE_ADDED ||
	       (ops[i].kind == PAIR_LOCK && *ops[i].lock && has_users(d->src, ops[i].lock));
}

/* "'foo' (net/x.c:12), ... and 3 more": other takers of @lock, or NULL. */
static char *others(const struct kp_srcdef *s, const char *lock)
{
	char buf[512] = "";
	int shown = 0, more = 0;

	for (int i = 0; i < s->nlock_users; i++) {
		const struct kp_srcref *u = &s->lock_users[i];

		if (strcmp(u->lock, lock))
			continue;
		if (shown == 4) {
			more++;
			continue;
		}
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s'%s' (%s:%d)",
			 shown++ ? ", " : "", u->name, u->file, u->line);
	}
	if (more)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " and %d more", more);
	return *buf ? xstrdup(buf) : NULL;
}

/* Who else must switch with @d for the lock, section or object @g. */
static void switch_note(struct kp_ctx *ctx, const struct kp_def *d, const struct op *g)
{
	char *o = *g->lock ? others(d->src, g->lock) : NULL;
	const char *what = g->kind == PAIR_RCU ? "the data this RCU section reads" :
			   g->kind == PAIR_REF ? "references to" : "the state guarded by";

	report_note(ctx, "old and new code run side by side until the transition "
		    "ends: every function that touches %s%s%s%s must switch together "
		    "(%s%s), or the new state needs a shadow flag that only the new "
		    "code sets and tests (klp_shadow_get_or_alloc())", what,
		    *g->lock ? " '" : "", g->lock, *g->lock ? "'" : "",
		    o ? "in the patched files also: " : "other users outside the "
		    "patched files are not seen", o ? o : "");
	free(o);
}

static void stall_note(struct kp_ctx *ctx, const struct kp_def *d, bool lock, bool rcu)
{
	if (lock || rcu)
		report_note(ctx, "transition-stall risk: a task that waits or sleeps "
			    "%s inside '%s' cannot switch while it sits there; make "
			    "sure none can wait there for long", lock ?
			    "for the lock" : "in the read-side section", d->name);
}

static int check_def(struct kp_ctx *ctx, const struct kp_file_model *fm,
		     const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;
	struct op ops[MAX_OPS];
	char msg[1024] = "", part[400];
	int n = 0, first = -1, line = 0;
	bool lock = false, rcu = false;
	struct kp_loc loc;

	for (int i = 0; i < s->nold_calls; i++)
		if (s->old_calls[i].pair)
			count(ops, &n, &s->old_calls[i], false);
	for (int i = 0; i < s->ncalls; i++)
		if (s->calls[i].pair)
			count(ops, &n, &s->calls[i], true);
	for (int i = 0; i < n; i++) {
		if (!group_reported(d, ops, n, i))
			continue;
		describe(ops, n, i, part, sizeof(part));
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "%s%s",
			 *msg ? "; " : "", part);
		first = first < 0 ? i : first;
	}
	if (first < 0)
		return 0;
	for (int i = 0; i < n && !line; i++)
		if (ops[i].post > ops[i].pre)
			line = ops[i].line;
	loc = line ? srcref_loc(fm, d, line) : def_loc(fm, d);
	loc.tier = TIER_SOURCE;
	if (!report(ctx, RULE_SEMANTIC_CHANGE, &loc, "'%s' %s", d->name, msg))
		return 0;
	for (int i = first; i < n; i++) {
		if (!group_reported(d, ops, n, i))
			continue;
		switch_note(ctx, d, &ops[i]);
		lock |= ops[i].kind == PAIR_LOCK;
		rcu |= ops[i].kind == PAIR_RCU;
	}
	stall_note(ctx, d, lock, rcu);
	return 1;
}

int check_semantic_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_changed_function(ctx->model, fm, d)
		if ((d->change == CHANGE_MODIFIED || d->change == CHANGE_ADDED) && d->src)
			n += check_def(ctx, fm, d);
	return n;
}
