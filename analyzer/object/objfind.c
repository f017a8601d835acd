/*
 * From paired symbols to the object tier's verdict: the status of every
 * function and datum, the list of functions a livepatch must carry, and
 * the findings about what it cannot carry.  A .cold part travels with its
 * function both ways: GCC 12 splits unlikely paths of one function into
 * foo.cold, which is no entry point, so the two are replaced together.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "lib/util.h"
#include "rules/rules.h"

void od_add_finding(struct od_result *r, int rule, enum kp_severity sev,
		    const struct od_sym *s, unsigned long offset, bool has_offset,
		    const char *note, const char *fmt, ...)
{
	struct od_finding *f = VEC_PUSH(r->findings, r->nfindings);
	va_list ap;

	f->rule = rule;
	f->severity = sev;
	f->symbol = s ? xstrdup(s->sym->name) : NULL;
	f->func = s && od_is_func(s);
	f->offset = offset;
	f->has_offset = has_offset;
	f->note = note ? xstrdup(note) : NULL;
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
}

static bool carried(enum od_status st)
{
	return st == OD_CHANGED || st == OD_NEW;
}

static bool is_cold(const struct od_sym *s)
{
	return s->cold;
}

static void compare_all(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *b = &r->post.syms[i];

		if (b->ignored)
			b->status = OD_SAME;
		else if (!b->twin)
			b->status = OD_NEW;
		else if (od_is_func(b))
			b->status = od_compare_func(r, b->twin, b);
		else
			b->status = od_data_equal(r, b->twin, b) ? OD_SAME : OD_CHANGED;
	}
	for (size_t i = 0; i < r->pre.nsyms; i++)
		r->pre.syms[i].status = r->pre.syms[i].twin ? OD_SAME : OD_DELETED;
}

/* A changed .cold part makes its function changed, and the reverse. */
static void propagate_cold(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *c = &r->post.syms[i], *p = c->parent;

		if (!p || !is_cold(c))
			continue;
		if (carried(c->status) && !carried(p->status))
			p->status = OD_CHANGED;
		if (carried(p->status) && !carried(c->status))
			c->status = OD_CHANGED;
	}
}

static bool is_init_or_exit(const struct od_sym *s)
{
	const char *k = od_section_kind(s->sym->sec);

	return k && (!strcmp(k, "init") || !strcmp(k, "exit"));
}

static void list_functions(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *s = &r->post.syms[i];
		struct od_func *f;

		if (!od_is_func(s) || is_init_or_exit(s))
			continue;
		if (carried(s->status))
			f = VEC_PUSH(r->funcs, r->nfuncs);
		else if (s->status == OD_LINE_ONLY)
			f = VEC_PUSH(r->line_only, r->nline_only);
		else
			continue;
		f->name = s->sym->name;
		f->status = s->status;
		f->s = s;
	}
}

int od_compare(struct od_result *r)
{
	compare_all(r);
	propagate_cold(r);
	list_functions(r);
	return 0;
}

static enum kp_severity sev_of(int rule)
{
	return rule_severity(rule);
}

static void init_finding(struct od_result *r, struct od_sym *s, const char *kind)
{
	bool exit = !strcmp(kind, "exit");

	od_add_finding(r, RULE_INIT_CODE, sev_of(RULE_INIT_CODE), s, s->diff_at, true,
		       exit ? "__exit code runs only when the module is removed: leave it "
			      "as is, or do the cleanup in a post-unpatch callback"
			    : "__init code already ran and is freed: do the work in a "
			      "pre-patch callback instead",
		       "'%s' changed, but it is __%s code in %s", s->sym->name, kind,
		       s->sym->sec->name);
}

static void key_finding(struct od_result *r, struct od_sym *s, const struct od_entry *e,
			const struct symbol *key)
{
	int rule = e->kind->rule;

	if (rule == RULE_JUMP_LABEL)
		od_add_finding(r, rule, sev_of(rule), s, e->at, true,
			       "test the key with static_key_enabled() in the patched code",
			       "'%s' uses static key '%s' defined in this module",
			       s->sym->name, key->name);
	else
		od_add_finding(r, rule, sev_of(rule), s, e->at, true,
			       "call the target directly, or use KLP_STATIC_CALL so the "
			       "livepatch resolves the key",
			       "'%s' has a static call site on key '%s' defined in this object",
			       s->sym->name, key->name);
}

/*
 * Static keys and static calls of vmlinux that the object only references
 * are fine for a livepatch; keys this object defines are not when it is a
 * module (the livepatch's sites would outlive or predate the key), and a
 * static call to a key defined here needs a klp relocation.  One finding
 * per function and kind.
 */
static void special_findings(struct od_result *r, struct od_sym *s)
{
	bool done[2] = { false, false };

	for (int i = 0; i < s->nentries; i++) {
		const struct od_entry *e = &s->entries[i];
		int rule = e->kind->rule;
		bool jl = rule == RULE_JUMP_LABEL;
		const struct symbol *key;

		if (rule < 0 || done[jl] || e->key_inert || !e->key_local || od_entry_key_new(e) ||
		    (jl && !r->post.e->is_module))
			continue;
		key = e->key;
		key_finding(r, s, e, key);
		done[jl] = true;
	}
}

static void func_findings(struct od_result *r, struct od_sym *s)
{
	const char *kind = od_section_kind(s->sym->sec);

	if (s->status == OD_LINE_ONLY)
		od_add_finding(r, RULE_LINE_SHIFT, SEV_NOTE, s, s->diff_at, true, NULL,
			       "'%s' differs only in __LINE__ constants: the livepatch "
			       "does not carry it", s->sym->name);
	if (!carried(s->status))
		return;
	if (kind && (!strcmp(kind, "init") || !strcmp(kind, "exit")))
		return init_finding(r, s, kind);
	if (s->status == OD_CHANGED && !is_cold(s) &&
	    ((kind && !strcmp(kind, "noinstr")) || !s->fentry))
		od_add_finding(r, RULE_NOTRACE_TARGET, sev_of(RULE_NOTRACE_TARGET), s, 0,
			       false, "patch its callers instead",
			       "'%s' changed, but it has no __fentry__ call: ftrace "
			       "cannot redirect it", s->sym->name);
	special_findings(r, s);
}

static const char *user_name(const struct od_sym *s)
{
	return s->user ? s->user->sym->name : "?";
}

static void data_findings(struct od_result *r, struct od_sym *s)
{
	const char *kind = od_section_kind(s->sym->sec);

	if (s->status != OD_CHANGED || !kind || !strcmp(kind, "text"))
		return;
	r->nchanged_data++;
	if (!strcmp(kind, "init") || !strcmp(kind, "exit"))
		return init_finding(r, s, kind);
	if (s->static_local)
		return od_add_finding(r, RULE_STATIC_LOCAL, sev_of(RULE_STATIC_LOCAL), s,
				      s->diff_at, true,
				      "keep the initializer; a livepatch keeps the running value",
				      "static local '%s' of '%s' is initialized differently",
				      s->sym->name, user_name(s));
	od_add_finding(r, RULE_DATA_INIT_CHANGE, sev_of(RULE_DATA_INIT_CHANGE), s,
		       s->diff_at, true,
		       "keep the data as is and change the code that reads it, or "
		       "update it in a pre-patch callback",
		       "'%s' (%s) has a different initial value or size: a livepatch "
		       "does not re-initialize existing data", s->sym->name, s->sym->sec->name);
}

/* Static locals of kept functions that the patched object lacks. */
static void lost_statics(struct od_result *r)
{
	for (size_t i = 0; i < r->pre.nsyms; i++) {
		struct od_sym *s = &r->pre.syms[i];

		if (!s->static_local || s->special_static || s->twin || !s->user ||
		    !s->user->twin)
			continue;
		od_add_finding(r, RULE_STATIC_LOCAL, sev_of(RULE_STATIC_LOCAL), s->user->twin,
			       0, false,
			       "keep the static local (same name, same function) so its "
			       "state carries over, or use a shadow variable",
			       "static local '%s' of '%s' has no counterpart in the patched "
			       "object", s->sym->name, s->user->sym->name);
	}
}

/* A CRC change is proven, not guessed: kpatch-build refuses it, so an
 * error; one finding per object, naming the first few exports. */
static void crc_findings(struct od_result *r)
{
	char *names = xstrdup("");

	if (!r->ncrcs)
		return;
	for (int i = 0; i < r->ncrcs && i < 4; i++) {
		char *n = xasprintf("%s%s'%s'", names, i ? ", " : "", r->crcs[i].name);

		free(names);
		names = n;
	}
	od_add_finding(r, RULE_MODVERSIONS, SEV_ERROR, NULL, 0, false,
		       "hide what changed them from genksyms (#ifndef __GENKSYMS__ "
		       "around a new #include) and keep exported prototypes",
		       "the CRC of %d exported symbol%s (%s%s) changes: modules built "
		       "against the running kernel no longer match", r->ncrcs,
		       r->ncrcs == 1 ? "" : "s", names, r->ncrcs > 4 ? " and more" : "");
	free(names);
}

void od_findings(struct od_result *r)
{
	for (size_t i = 0; i < r->post.nsyms; i++) {
		struct od_sym *s = &r->post.syms[i];

		if (od_is_func(s))
			func_findings(r, s);
		else
			data_findings(r, s);
	}
	lost_statics(r);
	crc_findings(r);
}

int objdiff_exit_code(const struct od_result *r)
{
	bool notable = r->nfuncs || r->nchanged_data;

	for (int i = 0; i < r->nfindings; i++) {
		if (r->findings[i].severity == SEV_ERROR)
			return 1;
		notable |= r->findings[i].severity == SEV_WARNING;
	}
	return notable ? 0 : 3;
}
