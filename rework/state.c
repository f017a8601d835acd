/*
 * existing-state: the fix changes what a creation path sets up in a
 * member, and other patched code depends on it; objects made before the
 * load never ran the new setup.  Which objects are alive, how to visit
 * them and under which lock is the engineer's knowledge, so the rework
 * writes a skeleton: a helper that sets the member up in one object,
 * and a pre-patch callback that must visit every live object with it.
 * Both are marked 'kpcheck rework: TODO'; the output needs review.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rework/rework.h"
#include "rework/text.h"

/* The @n-th quoted name of @msg (0-based). */
static char *quoted(const char *msg, int n)
{
	const char *a = msg, *b;

	for (int i = 0; a && i <= n; i++) {
		a = strchr(a, '\'');
		b = a ? strchr(a + 1, '\'') : NULL;
		if (!b)
			return NULL;
		if (i == n)
			return xstrndup(a + 1, b - a - 1);
		a = b + 1;
	}
	return NULL;
}

int rw_existing_state(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	char *sym = quoted(f->message, 0), *setup = quoted(f->message, 1), *dot, *fn, *text,
	     *stmt;
	struct rw_file *rf = rw_file_get(rw, f->file);

	(void)ctx;
	if (!sym || !setup || !(dot = strchr(sym, '.')) || !rf->text) {
		free(sym);
		free(setup);
		return 0;
	}
	*dot = 0;
	fn = xasprintf("klp_setup_%s_%s", sym, dot + 1);
	for (char *p = fn; *p; p++)
		*p = is_ident_char(*p) ? *p : '_';
	text = xasprintf("\n/*\n * kpcheck rework: TODO: a struct %s made before the\n"
			 " * livepatch never ran the new setup of '%s' in %s();\n"
			 " * set it up here as %s() now does, under the lock that\n"
			 " * guards the object.\n */\n"
			 "static void __maybe_unused %s(struct %s *obj)\n{\n"
			 "\t/* kpcheck rework: TODO: obj->%s = ... */\n}\n",
			 sym, dot + 1, setup, setup, fn, sym, dot + 1);
	stmt = xasprintf("\t/*\n\t * kpcheck rework: TODO: visit every live struct %s\n"
			 "\t * (its list, idr or hash, under its lock) and call\n"
			 "\t * %s() on it.\n\t */\n", sym, fn);
	text_replace(&rf->text, &rf->len, rf->len, 0, text);
	rw_callback_add(rf, RW_PRE_PATCH, stmt);
	rf->reworked = true;
	rw_answer(rw, f, RW_REVIEW, "skeleton %s() and a pre-patch callback that must "
		  "visit the objects made before the load: kpcheck rework: TODO", fn);
	free(sym);
	free(setup);
	free(fn);
	free(text);
	free(stmt);
	return 1;
}
