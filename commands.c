/*
 * Subcommands: `kpcheck rules`, `kpcheck explain ID`, and the entry points
 * of the parts that live elsewhere (load/unload/list in builder/).
 * `kpcheck objdiff` is in kpcheck.c: it takes kpcheck's own options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/plugin.h"
#include "builder/load.h"
#include "builder/build.h"
#include "rework/rework.h"
#include "kpcheck.h"
#include "lib/util.h"
#include "rules/findings.h"
#include "rules/rules.h"
#include "triage/triage.h"

/* The options every judging command takes (kpcheck, triage, objdiff). */
static int option_error(const char *fmt, const char *arg)
{
	fputs("kpcheck: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see kpcheck --help)\n", stderr);
	return 2;
}

static int set_rule(struct kp_options *opt, const char *id, enum kp_severity sev)
{
	int r = rule_lookup(id);

	if (r < 0)
		return option_error("unknown rule '%s' (see kpcheck rules)", id);
	opt->severity_set[r] = true;
	opt->severity[r] = sev;
	return 0;
}

/* --rule ID=N: the number a rule such as blast-radius compares with. */
static int set_threshold(struct kp_options *opt, const char *id, const char *num)
{
	int r = rule_lookup(id);
	char *end;
	long n = strtol(num, &end, 10);

	if (r < 0)
		return option_error("unknown rule '%s' (see kpcheck rules)", id);
	if (!rule_default_threshold(r))
		return option_error("rule '%s' takes no number (--rule ID=ignore|note|warning|error)",
				    id);
	if (*end || n < 1 || n > 1000000)
		return option_error("--rule wants a number from 1 to 1000000, not '%s'", num);
	opt->threshold[r] = (int)n;
	return 0;
}

int option_rule(struct kp_options *opt, const char *arg)
{
	const char *eq = strchr(arg, '=');
	enum kp_severity sev;
	char id[64];

	if (eq && (size_t)(eq - arg) < sizeof(id) && eq[1] >= '0' && eq[1] <= '9') {
		memcpy(id, arg, eq - arg);
		id[eq - arg] = 0;
		return set_threshold(opt, id, eq + 1);
	}
	if (!eq || (size_t)(eq - arg) >= sizeof(id) || severity_parse(eq + 1, &sev))
		return option_error("--rule wants ID=ignore|note|warning|error, not '%s'", arg);
	memcpy(id, arg, eq - arg);
	id[eq - arg] = 0;
	return set_rule(opt, id, sev);
}

int option_w(struct kp_options *opt, const char *arg)
{
	if (!strcmp(arg, "error")) {
		opt->werror = true;
		return 0;
	}
	if (str_starts(arg, "no-"))
		return set_rule(opt, arg + 3, SEV_IGNORE);
	return set_rule(opt, arg, SEV_WARNING);
}

static void tiers_text(unsigned int tiers, char *buf, size_t size)
{
	static const char *const names[] = { "patch", "source (-C)", "object (--objects)" };
	size_t n = 0;

	buf[0] = 0;
	for (int t = 0; t < TIER_COUNT; t++)
		if (tiers & TIERBIT(t))
			n += snprintf(buf + n, n < size ? size - n : 0, "%s%s",
				      n ? ", " : "", names[t]);
}

static int cmd_rules(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fputs("usage: kpcheck rules\n", stderr);
		return 2;
	}
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct kp_rule_info *r = &rule_table[i];
		char tiers[96];

		tiers_text(r->tiers, tiers, sizeof(tiers));
		printf("%-22s %-8s %s\n%-22s %-8s tiers: %s\n", r->id,
		       severity_name(r->severity), r->summary, "", "", tiers);
	}
	return 0;
}

static int cmd_explain(int argc, char **argv)
{
	const struct kp_rule_info *r;
	char tiers[96];
	int id;

	if (argc != 2) {
		fputs("usage: kpcheck explain ID\n", stderr);
		return 2;
	}
	id = rule_lookup(argv[1]);
	if (id < 0) {
		fprintf(stderr, "kpcheck: unknown rule '%s' (see kpcheck rules)\n", argv[1]);
		return 2;
	}
	r = &rule_table[id];
	tiers_text(r->tiers, tiers, sizeof(tiers));
	printf("%s (default %s; tiers: %s)\n\n%s", r->id, severity_name(r->severity),
	       tiers, r->explain ? r->explain : "");
	return 0;
}

/* rules, explain and objdiff are in the fixed part of the usage text. */
/* `kpcheck build` judges the patch first, with the whole judging run, and
 * hands the builder the verdict's functions and post-images. */
static int build_judge(struct build_job *job)
{
	struct kp_options opt = { .tree = job->tree, .format = "text", .cumulative = true };

	return judge_collect(&opt, job->npatches, job->patches, &job->j);
}

/*
 * What the builder carries, judged through rules/ like any object pair:
 * the object tier's findings of the rules on what a livepatch module can
 * carry at all (jump-label, static-call); the others judged the patch
 * already.  The exit code of `kpcheck objdiff`; the report goes to @report.
 */
static int build_judge_objects(const struct build_unit *u, const char *report)
{
	struct kp_options opt = { .format = "text", .output = report };
	char *name;
	int code;

	for (int r = 0; r < RULE_COUNT; r++) {
		opt.severity_set[r] = true;
		opt.severity[r] = SEV_IGNORE;
	}
	/* no object tier here: the builder says so, and the source tier judged */
	if (!plugin_load(KP_OBJECT_PLUGIN))
		return 0;
	name = xasprintf("%.*s.o", (int)strlen(u->file) - 2, u->file);
	opt.severity_set[RULE_JUMP_LABEL] = opt.severity_set[RULE_STATIC_CALL] = false;
	code = judge_objects(&opt, u->orig_o, u->patched_o, u->object, name);
	free(name);
	return code;
}

static int cmd_build(int argc, char **argv)
{
	return build_command(argc, argv, build_judge, build_judge_objects);
}

/* `kpcheck rework`: the judging run with the rework's hook, and the
 * judgement of its output. */
static int rework_first(const char *patch, const char *tree, struct rework *rw,
			FILE *report_to)
{
	struct kp_options opt = { .tree = tree, .format = "text" };

	return judge_with(&opt, patch, rework_patch, rw, report_to);
}

static int rework_again(const char *name, const char *tree, char *buf, size_t len,
			FILE *report_to)
{
	struct kp_options opt = { .tree = tree, .format = "text" };

	return judge_buffer_to(&opt, name, buf, len, NULL, report_to);
}

static int cmd_rework(int argc, char **argv)
{
	static const struct rework_judge jd = { rework_first, rework_again };

	return rework_command(argc, argv, &jd);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{ "rules", cmd_rules, NULL },
	{ "explain", cmd_explain, NULL },
	{ "load", cmd_load, "load MODULE.ko           load a vetted patch, wait for the switch" },
	{ "unload", cmd_unload, "unload NAME              disable and remove a patch" },
	{ "list", cmd_list, "list                     loaded patches, their state and fixes" },
	{ "show", cmd_show, "show MODULE.ko           what a built module carries (its manifest)" },
	{ "triage", cmd_triage, "triage [-j N] [-C DIR] [--markdown|-f json] [-o DIR] PATCH|DIR|-..." },
	{ "cache", cmd_cache, "cache stats|clear        the caches of facts and objects" },
	{ "build", cmd_build, "build PATCH... -C DIR [-o X.ko] [--target livepatch|kpcore] [--base OLD.ko]" },
	{ "rework", cmd_rework, "rework PATCH -C DIR [-o OUT.patch]   a refused fix made livepatch-ready" },
};

const char *extra_usage(void)
{
	static char buf[1024];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].usage && n < sizeof(buf))
			n += snprintf(buf + n, sizeof(buf) - n, "       kpcheck %s\n",
				      commands[i].usage);
	return buf;
}

int run_subcommand(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].run(argc, argv);
	return -1;
}
