/*
 * semantic-change (warning): a changed function now takes or releases a
 * lock, a reference or an RCU read section that another function releases
 * or takes.
 *
 * Message: 'NAME' changes its lock balance: +mutex_lock
 * Cause:   during the transition old and new code run side by side, one
 *          task at a time switching.  When the patch moves a lock, a
 *          reference or an RCU read-side section from one function to
 *          another, an old caller can pair with a new callee: a double
 *          unlock, a leaked reference, an unbalanced rcu_read_unlock().  The
 *          source tier counts acquire and release calls in the pre- and
 *          post-image of each changed function; a change balanced inside
 *          the function is no finding.
 * Fix:     keep each function's acquire/release balance as it was, or
 *          check that every function on both sides of the pairing is in
 *          the patch and that no task can sit between them (review with
 *          the transition in mind; a post-patch callback can wait for it).
 * Silence: -Wno-semantic-change once reviewed.
 */
#include <stdio.h>
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"
#include "rules/rules.h"

enum kind { LOCK, REF, RCU, NKINDS };

static const char *const kind_name[NKINDS] = { "lock", "reference", "RCU" };

static bool in_list(const char *n, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(n, list[i]))
			return true;
	return false;
}

/* Reference counting: foo_get/foo_put pairs and the usual short names;
 * a bare get_ prefix is no reference (get_current, get_random_u32). */
static int ref_polarity(const char *n)
{
	static const char *const get[] = { "dget", "mmget", "mmgrab", "fdget",
		"igrab", "sock_hold", "get_task_struct", "kref_get",
		"refcount_inc", "get_pid", "get_file", NULL };
	static const char *const put[] = { "dput", "mmput", "mmdrop", "fdput",
		"iput", "sock_put", "put_task_struct", "kref_put",
		"refcount_dec", "refcount_dec_and_test", "put_pid", "fput", NULL };

	if (in_list(n, get) || str_ends(n, "_get"))
		return 1;
	if (in_list(n, put) || str_ends(n, "_put"))
		return -1;
	return 0;
}

/* +1 acquire, -1 release, 0 neither, for kind @k. */
static int polarity(const char *n, enum kind k)
{
	if (k == RCU)
		return !strcmp(n, "rcu_read_lock") ? 1 :
		       !strcmp(n, "rcu_read_unlock") ? -1 : 0;
	if (strstr(n, "rcu_read"))
		return 0;
	if (k == LOCK)
		return strstr(n, "unlock") || !strcmp(n, "up_read") ||
		       !strcmp(n, "up_write") ? -1 :
		       (strstr(n, "_lock") && !strstr(n, "_lock_init") &&
			!strstr(n, "is_locked") && !strstr(n, "_lockdep")) ||
		       !strcmp(n, "down_read") || !strcmp(n, "down_write") ? 1 : 0;
	return ref_polarity(n);
}

static int balance(const struct kp_srcref *v, int n, enum kind k,
		   char *buf, size_t len, int sign)
{
	int b = 0;

	for (int i = 0; i < n; i++) {
		int p = polarity(v[i].name, k);

		b += p;
		if (p && buf && !strstr(buf, v[i].name) && strlen(buf) + 64 < len)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%c%s",
				 *buf ? ", " : "", sign > 0 ? '+' : '-', v[i].name);
	}
	return b;
}

static int check_def(struct kp_ctx *ctx, const struct kp_file_model *fm,
		     const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;
	int n = 0;

	for (enum kind k = 0; k < NKINDS; k++) {
		char calls[512] = "";
		struct kp_loc loc = def_loc(fm, d);

		if (balance(s->calls, s->ncalls, k, NULL, 0, 1) ==
		    balance(s->old_calls, s->nold_calls, k, NULL, 0, 1))
			continue;
		balance(s->calls, s->ncalls, k, calls, sizeof(calls), 1);
		loc.tier = TIER_SOURCE;
		if (!report(ctx, RULE_SEMANTIC_CHANGE, &loc, "'%s' changes its %s "
			    "balance (now: %s)", d->name, kind_name[k], calls))
			continue;
		report_note(ctx, "old and new code run side by side during the "
			    "transition: keep the balance, or put every function "
			    "of the pairing in the patch and review it");
		n++;
	}
	return n;
}

int check_semantic_change(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_changed_function(ctx->model, fm, d)
		if (d->change == CHANGE_MODIFIED)
			n += check_def(ctx, fm, d);
	return n;
}
