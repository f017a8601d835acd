/*
 * existing-state (error/warning/note): the patch changes what a creation path
 * sets up in a member (or global), and other patched code newly depends
 * on it.  Objects that exist when the livepatch loads never ran the new
 * creation code.
 *
 * Message: 'S.M' is newly set up in 'SETUP' (the .init of 'OPS'; +alloc),
 *          and 'USER' dereferences it unchecked: objects made before the
 *          livepatch never ran that setup
 * Cause:   a livepatch replaces functions, not objects.  A struct that a
 *          per-namespace init, a probe, an *_alloc or *_create, a module
 *          init or a registration made before the livepatch keeps what
 *          the old code put in it.  When the patch starts initialising,
 *          allocating or taking a reference in a member there (or stops),
 *          and another patched function starts reading, dereferencing,
 *          freeing or putting that member, the new function meets old
 *          objects too: it dereferences NULL, frees memory the object does
 *          not own, or drops a reference that was never taken.  The source
 *          tier records what each function of the pre- and post-image does
 *          with each member (set up, allocate, get, put, free, dereference,
 *          test, read) and which ops table slot (.init of a struct
 *          pernet_operations, .probe, .release) names it; a creation path
 *          is such a slot, __init or module init code, or a function named
 *          like one (*_alloc, *_create, *_init, probe, unpack, setup,
 *          *_new, *register).  A global that __init code newly sets
 *          up is the same: the running kernel ran the old init.  It is
 *          an error when the new code frees, puts or dereferences the
 *          member without testing it (or passes on, untested, a pointer
 *          that old objects hold as NULL), a note when the new code only
 *          tests it (it already meets the old value, as the fix below
 *          asks), a warning otherwise.
 * Fix:     make the users tolerate the old state (test the member and
 *          fall back to the old behaviour when it is unset), keep the new
 *          state in a shadow variable (klp_shadow_get_or_alloc() on the
 *          object, made on first use, klp_shadow_free() where the object
 *          dies), or convert the existing objects in a pre-patch callback
 *          (KLP_PRE_PATCH_CALLBACK: walk every live object and set the
 *          member up as the new creation path does).
 * Rework:  `kpcheck rework` writes a skeleton, a setup helper and a
 *          pre-patch callback that must visit the live objects, marked
 *          "kpcheck rework: TODO": needs review, exit 1 (doc/rework.md).
 * Silence: --rule existing-state=ignore once the old objects are handled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"
#include "rules/rules.h"

#define SETUP_ROLES (STATE_INIT | STATE_ALLOC | STATE_GET)
#define USE_ROLES (STATE_READ | STATE_DEREF | STATE_FREE | STATE_PUT | STATE_TEST | \
		   STATE_GET)
#define MAX_USERS 8

/* The words of a function name that make it a creation path. */
static bool creation_name(const char *name)
{
	static const char *const words[] = { "alloc", "create", "init", "probe",
		"unpack", "setup", "new", "ctor", "register", NULL };
	char *copy = xstrdup(name), *save = NULL;
	bool r = false;

	for (char *w = strtok_r(copy, "_", &save); w && !r; w = strtok_r(NULL, "_", &save))
		for (int i = 0; words[i] && !r; i++)
			r = !strcmp(w, words[i]) ||
			    (!strcmp(words[i], "alloc") && str_starts(w, "alloc"));
	free(copy);
	return r && !strstr(name, "unregister");
}

/* Why @d is a creation path, or NULL. */
static const char *creation_why(const struct kp_def *d, char *buf, size_t len)
{
	const struct kp_srcdef *s = d->src;
	static const char *const slots[] = { "init", "probe", "setup", "create",
		"alloc", "ctor", NULL };

	for (int i = 0; s->ops_field && slots[i]; i++)
		if (!strcmp(s->ops_field, slots[i])) {
			snprintf(buf, len, "the .%s of '%s'", s->ops_field, s->ops_table);
			return buf;
		}
	if ((d->attrs | d->old_attrs) & ATTR_MODULE_INIT)
		return "module init";
	if ((d->attrs | d->old_attrs) & ATTR_INIT)
		return "__init";
	return creation_name(d->name) ? "a creation path" : NULL;
}

static unsigned int roles(const struct kp_srcref *v, int n, const char *name, int *line)
{
	unsigned int r = 0;

	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].name, name)) {
			r |= v[i].role;
			if (line && !*line)
				*line = v[i].line;
		}
	return r;
}

/* The line of @d's first use of @name in one of @role. */
static int role_line(const struct kp_srcdef *s, const char *name, unsigned int role)
{
	for (int i = 0; i < s->nstates; i++)
		if ((s->states[i].role & role) && !strcmp(s->states[i].name, name))
			return s->states[i].line;
	return 0;
}

/* A struct the patch adds: no object of it predates the livepatch. */
static bool new_type(const struct kp_model *m, const char *member)
{
	const struct kp_file_model *fm;
	const struct kp_def *d;
	size_t n = strcspn(member, ".");

	for_each_def(m, fm, d)
		if ((d->kind == DEF_STRUCT || d->kind == DEF_UNION) && d->name &&
		    d->change == CHANGE_ADDED && strlen(d->name) == n &&
		    !strncmp(d->name, member, n))
			return true;
	return false;
}

struct user {
	const struct kp_file_model *fm;
	const struct kp_def *d;
	unsigned int added;	/* roles the post-image adds */
	bool unchecked;		/* frees, puts or dereferences it (or passes on a
				 * pointer old objects hold as NULL), never tests it */
};

static const char *verb(const struct user *u)
{
	unsigned int a = u->added;

	if (a & STATE_FREE)
		return u->unchecked ? "frees it unchecked" : "frees it";
	if (a & STATE_PUT)
		return "puts it";
	if (a & STATE_DEREF)
		return u->unchecked ? "dereferences it unchecked" : "dereferences it";
	if (a & STATE_TEST)
		return "tests it";
	if (a & STATE_GET)
		return "takes a reference through it";
	return u->unchecked ? "passes it on unchecked" : "reads it";
}

/* "+init, +alloc" or "-get": what the creation path changes. */
static void setup_change(unsigned int pre, unsigned int post, char *buf, size_t len)
{
	static const struct { unsigned int bit; const char *word; } w[] = {
		{ STATE_INIT, "init" }, { STATE_ALLOC, "alloc" }, { STATE_GET, "get" },
	};

	*buf = 0;
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if ((pre ^ post) & w[i].bit)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%c%s",
				 *buf ? ", " : "", post & w[i].bit ? '+' : '-', w[i].word);
}

/*
 * Other changed functions that newly depend on @name.  @null_ptr: old
 * objects hold NULL there (no setup before, an allocation or a reference
 * after), so handing it on untested is as bad as dereferencing it.
 */
static int users_of(struct kp_ctx *ctx, const struct kp_def *setup, const char *name,
		    bool null_ptr, struct user *u)
{
	unsigned int bad = STATE_FREE | STATE_PUT | STATE_DEREF | (null_ptr ? STATE_READ : 0);

	struct kp_file_model *fm;
	struct kp_def *d;
	int n = 0;

	for_each_changed_function(ctx->model, fm, d) {
		const struct kp_srcdef *s = d->src;
		unsigned int post = roles(s->states, s->nstates, name, NULL);
		unsigned int pre = roles(s->old_states, s->nold_states, name, NULL);
		unsigned int added = post & ~pre & USE_ROLES;

		if (d == setup || !added || n == MAX_USERS)
			continue;
		u[n] = (struct user){ fm, d, added,
			(added & bad) && !(post & STATE_TEST) };
		n++;
	}
	return n;
}

/*
 * Do the users only test the member?  Then the new code already tolerates
 * the old state, as the fix of this rule asks: an old object's value takes
 * the branch the old code took.
 */
static bool only_tested(const struct user *u, int n)
{
	for (int i = 0; i < n; i++)
		if (u[i].added & ~STATE_TEST)
			return false;
	return true;
}

/* What an object made before the livepatch holds in the member. */
static const char *old_state(unsigned int pre, unsigned int post)
{
	if ((post & ~pre) & STATE_GET)
		return "holds no reference of its own";
	if (!pre && (post & STATE_ALLOC))
		return "is still NULL";
	if ((post & ~pre) & STATE_ALLOC)
		return "points to memory it does not own";
	if ((pre & ~post) & (STATE_GET | STATE_ALLOC))
		return "still owns what the old code gave it";
	return "is still zero, or what the old code left there";
}

static void notes(struct kp_ctx *ctx, const char *name, const char *setup,
		  const struct user *u, int n, unsigned int pre, unsigned int post)
{
	const char *m = strchr(name, '.') ? strchr(name, '.') + 1 : name;
	bool global = m == name;

	report_note(ctx, "%s never ran the new code of '%s': %s'%s' %s, and the new code "
		    "of '%s'%s meets it too", global ? "the running kernel" :
		    "an object made before the livepatch loads", setup, global ? "" : "its ",
		    m, old_state(pre, post), u[0].d->name, n > 1 ? " and the others" : "");
	report_note(ctx, "make '%s' tolerate the old state (test '%s' and keep the old "
		    "behaviour when it is unset), %s in a pre-patch callback "
		    "(KLP_PRE_PATCH_CALLBACK: set up '%s'%s as '%s' now does)",
		    u[0].d->name, m, global ? "or set it up" :
		    "keep the new state in a shadow variable (klp_shadow_get_or_alloc() on "
		    "the object, made on first use), or convert the existing objects",
		    m, global ? "" : " in every live object", setup);
}

static int judge(struct kp_ctx *ctx, const struct kp_def *setup, const char *why,
		 const char *name, unsigned int pre, unsigned int post)
{
	struct user u[MAX_USERS];
	int n = users_of(ctx, setup, name, !pre && (post & (STATE_ALLOC | STATE_GET)), u);
	int line;
	char change[64], list[512] = "";
	bool error = false;
	struct kp_loc loc;

	if (!n)
		return 0;
	setup_change(pre, post, change, sizeof(change));
	for (int i = 0; i < n; i++) {
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s'%s' %s",
			 i ? (i == n - 1 ? " and " : ", ") : "", u[i].d->name, verb(&u[i]));
		error |= u[i].unchecked;
	}
	line = role_line(u[0].d->src, name, u[0].added);
	loc = srcref_loc(u[0].fm, u[0].d, line);
	loc.symbol = name;
	if (only_tested(u, n))
		return report_sev(ctx, RULE_EXISTING_STATE, SEV_NOTE, &loc,
				  "'%s' is newly set up in '%s' (%s; %s), and %s: objects made "
				  "before the livepatch keep the old value there: check that the "
				  "test takes it for the old behaviour", name, setup->name,
				  why, change, list) ? 1 : 0;
	if (!report_sev(ctx, RULE_EXISTING_STATE, error ? SEV_ERROR : SEV_WARNING, &loc,
			"'%s' is newly set up in '%s' (%s; %s), and %s: %s never ran "
			"that setup", name, setup->name, why, change, list,
			strchr(name, '.') ? "objects made before the livepatch" :
			"the running kernel"))
		return 0;
	notes(ctx, name, setup->name, u, n, pre, post);
	return 1;
}

/* Each member or global whose setup creation path @d changes. */
static int check_setup(struct kp_ctx *ctx, const struct kp_def *d, const char *why)
{
	const struct kp_srcdef *s = d->src;
	int found = 0;

	for (int i = 0; i < s->nstates + s->nold_states; i++) {
		const struct kp_srcref *r = i < s->nstates ? &s->states[i] :
					    &s->old_states[i - s->nstates];
		unsigned int post = roles(s->states, s->nstates, r->name, NULL) & SETUP_ROLES;
		unsigned int pre = roles(s->old_states, s->nold_states, r->name, NULL) &
				   SETUP_ROLES;
		bool first = true;

		for (int k = 0; k < i && first; k++)
			first = strcmp((k < s->nstates ? &s->states[k] :
				       &s->old_states[k - s->nstates])->name, r->name);
		if (!first || pre == post || new_type(ctx->model, r->name))
			continue;
		found += judge(ctx, d, why, r->name, pre, post);
	}
	return found;
}

int check_existing_state(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	struct kp_def *d;
	char buf[256];
	int n = 0;

	for_each_changed_function(ctx->model, fm, d) {
		const char *why;

		if (d->change != CHANGE_MODIFIED || !(why = creation_why(d, buf, sizeof(buf))))
			continue;
		n += check_setup(ctx, d, why);
	}
	return n;
}
