/*
 * The rules over object-tier facts, without an ELF file: a model holding
 * one object (as `kpcheck objdiff` builds it) with hand-made facts, judged
 * by rules_run().  Checks that a fact proved by the object tier gets the
 * rule's one message, at objtool's "symbol()+0xoff" place, and that the
 * report is sorted by file and line whatever tier a finding came from.
 */
#include <stdlib.h>
#include "analyzer/model/objfacts.h"
#include "lib/util.h"
#include "rules/rules.h"
#include "tests/unit/check.h"

struct fixture {
	struct kp_options opt;
	struct kp_file file;
	struct kp_patch patch;
	struct kp_model model;
	struct kp_report report;
	struct kp_ctx ctx;
	struct kp_file_model *fm;
};

static void setup(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->file.path = "fs/pipe.o";
	f->file.status = FILE_MODIFIED;
	f->patch.index = 1;
	f->patch.files = &f->file;
	f->patch.nfiles = 1;
	f->model.patch = &f->patch;
	f->model.tiers = TIERBIT(TIER_OBJECT);
	f->fm = VEC_PUSH(f->model.files, f->model.nfiles);
	f->fm->file = &f->file;
	f->fm->kind = FK_C_SOURCE;
	f->fm->tiers = TIERBIT(TIER_OBJECT);
	f->ctx.opt = &f->opt;
	f->ctx.patch = &f->patch;
	f->ctx.model = &f->model;
	f->ctx.report = &f->report;
}

static struct kp_objsym *add_sym(struct kp_def *d, const char *sym, const char *kind,
				 unsigned long off, enum kp_objcode code)
{
	struct kp_objdef *o = objdef_get(d);
	struct kp_objsym *s;

	if (!o->object)
		o->object = xstrdup("fs/pipe.o");
	s = VEC_PUSH(o->syms, o->nsyms);
	s->ref.symbol = xstrdup(sym);
	s->ref.section = xasprintf(".text.%s", sym);
	s->ref.offset = off;
	s->ref.has_offset = true;
	s->ref.func = true;
	s->section_kind = xstrdup(kind);
	s->code = code;
	return s;
}

static struct kp_def *changed(struct fixture *f, const char *name)
{
	struct kp_def *d = model_add_def(f->fm, DEF_FUNCTION, name);

	d->change = CHANGE_MODIFIED;
	d->tier = TIER_OBJECT;
	return d;
}

static const struct kp_finding *find(const struct kp_report *r, int rule)
{
	for (int i = 0; i < r->nfindings; i++)
		if (r->findings[i].rule == rule)
			return &r->findings[i];
	return NULL;
}

static void teardown(struct fixture *f)
{
	model_free(&f->model);
	report_free(&f->report);
}

/* No __fentry__ call: the source tier's notrace message, at the object. */
static void test_notrace_from_object(void)
{
	struct fixture f;
	const struct kp_finding *k;

	setup(&f);
	add_sym(changed(&f, "pipe_read"), "pipe_read", "text", 0x1c4, OBJ_CODE_CHANGED);
	add_sym(changed(&f, "pipe_write"), "pipe_write", "text", 0x10,
		OBJ_CODE_CHANGED)->fentry = true;
	CHECK(rules_run(&f.ctx) >= 0);
	k = find(&f.report, RULE_NOTRACE_TARGET);
	CHECK(k != NULL);
	if (k) {
		CHECK_STR(k->message, "'pipe_read' is notrace: ftrace cannot redirect it");
		CHECK_STR(k->where, "pipe_read()+0x1c4");
		CHECK_STR(k->file, "fs/pipe.o");
		CHECK(k->severity == SEV_ERROR && k->loc.tier == TIER_OBJECT);
	}
	CHECK(f.report.nfindings == 3);	/* notrace + two changed-function */
	teardown(&f);
}

/* A static local whose initial value changed: static-local's message. */
static void test_static_local_from_object(void)
{
	struct fixture f;
	struct kp_def *d;
	struct kp_objlocal *l;
	const struct kp_finding *k;

	setup(&f);
	d = model_add_def(f.fm, DEF_FUNCTION, "cp_old_stat");
	objdef_get(d)->object = xstrdup("fs/stat.o");
	l = VEC_PUSH(d->obj->locals, d->obj->nlocals);
	l->name = xstrdup("warncount.0");
	l->change = CHANGE_MODIFIED;
	l->ref.symbol = xstrdup("warncount.0");
	CHECK(rules_run(&f.ctx) >= 0);
	k = find(&f.report, RULE_STATIC_LOCAL);
	CHECK(k != NULL);
	if (k) {
		CHECK_STR(k->message, "static local 'warncount.0' of 'cp_old_stat' "
			  "re-initialized or retyped");
		CHECK_STR(k->where, "warncount.0");
	}
	CHECK(find(&f.report, RULE_NO_FUNCTIONAL_CHANGE) == NULL);
	teardown(&f);
}

/* __init code proved by its section; never a changed function. */
static void test_init_from_object(void)
{
	struct fixture f;
	struct kp_def *d;

	setup(&f);
	d = changed(&f, "init_pipe_fs");
	d->attrs |= ATTR_INIT;
	add_sym(d, "init_pipe_fs", "init", 0, OBJ_CODE_CHANGED);
	CHECK(rules_run(&f.ctx) >= 0);
	CHECK(find(&f.report, RULE_INIT_CODE) != NULL);
	CHECK(find(&f.report, RULE_CHANGED_FUNCTION) == NULL);
	CHECK(find(&f.report, RULE_NOTRACE_TARGET) == NULL);
	teardown(&f);
}

/* Proof overrides the guess: a source-tier line-shift warning gives way
 * to the object tier's note once the object tier looked at the file. */
static void test_line_shift_proof(void)
{
	struct fixture f;
	struct kp_def *d;
	const struct kp_finding *k;

	for (int proved = 0; proved < 2; proved++) {
		setup(&f);
		f.model.tiers |= TIERBIT(TIER_PATCH);
		f.fm->tiers = TIERBIT(TIER_PATCH) | (proved ? TIERBIT(TIER_OBJECT) : 0);
		d = model_add_def(f.fm, DEF_FUNCTION, "pipe_double_lock");
		d->line_shifted = true;
		d->line_shift = 4;
		d->first_line = 115;
		if (proved) {
			add_sym(d, "pipe_double_lock", "text", 0, OBJ_CODE_LINE_ONLY);
			d->obj->code = OBJ_CODE_LINE_ONLY;
		}
		CHECK(rules_run(&f.ctx) >= 0);
		k = find(&f.report, RULE_LINE_SHIFT);
		CHECK(k != NULL);
		if (k) {
			CHECK(k->severity == (proved ? SEV_NOTE : SEV_WARNING));
			CHECK(k->loc.line == 115);
			CHECK_STR(k->message, "1 function below the change uses __LINE__ and "
				  "moves by +4 lines: 'pipe_double_lock'");
		}
		teardown(&f);
	}
}

static struct kp_finding *push(struct kp_report *r, const char *file, int line,
			       const char *where)
{
	struct kp_finding *k = VEC_PUSH(r->findings, r->nfindings);

	k->file = xstrdup(file);
	k->loc.file = k->file;
	k->loc.line = line;
	k->where = where ? xstrdup(where) : NULL;
	k->order = r->nfindings;
	k->message = xstrdup(file);
	return k;
}

/* fs/pipe.o ranks with fs/pipe.c; lines in order, the object's place
 * (no line) after them; files in the order they were first reported. */
static void test_sort_across_tiers(void)
{
	struct kp_report r = { 0 };

	push(&r, "fs/pipe.o", 0, "pipe_read()+0x1c4");
	push(&r, "include/linux/pipe_fs_i.h", 5, NULL);
	push(&r, "fs/pipe.c", 20, NULL);
	push(&r, "fs/pipe.c", 3, NULL);
	report_sort(&r);
	CHECK(r.findings[0].loc.line == 3 && r.findings[1].loc.line == 20);
	CHECK_STR(r.findings[2].file, "fs/pipe.o");
	CHECK_STR(r.findings[3].file, "include/linux/pipe_fs_i.h");
	report_free(&r);
}

int main(void)
{
	test_notrace_from_object();
	test_static_local_from_object();
	test_init_from_object();
	test_line_shift_proof();
	test_sort_across_tiers();
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed != 0;
}
