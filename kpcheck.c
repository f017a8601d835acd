/*
 * kpcheck: can this kernel patch be applied as a livepatch, safely, and if
 * not, what rework makes it so?
 *
 * main() parses the command line, reads every input before judging any
 * (so bad input fails before a byte of report is written), runs the tiers
 * and the rules per patch, and writes one report.  Only main() exits.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/patch/changes.h"
#include "analyzer/model/tree.h"
#include "lib/util.h"
#include "reports/output.h"
#include "lib/atomic.h"
#include "rules/rules.h"
#include "kpcheck.h"

static const char usage_text[] =
"usage: kpcheck [OPTIONS] PATCH...      judge patches ('-' reads stdin)\n"
"       kpcheck rules                    list the rule catalogue\n"
"       kpcheck explain ID               cause, fix and example of a rule\n"
"       kpcheck objdiff ORIG.o PATCHED.o judge two builds of a kernel object\n"
"%s"
"\n"
"PATCH is a unified diff (git diff, git format-patch, diff -Nru/-Nupr) or an\n"
"mbox holding a series.\n"
"\n"
"options:\n"
"  -C, --tree DIR        kernel tree the patch applies to (source tier);\n"
"                        default: the current directory, or its git top\n"
"                        level, when that is a kernel tree\n"
"      --no-tree         do not look for a kernel tree (patch tier only)\n"
"      --objects         also build and diff the touched objects (object tier)\n"
"  -f, --format FMT      text (default), json or sarif\n"
"  -o, --output FILE     write the report to FILE (atomically)\n"
"      --rule ID=SEV     set a rule's severity: ignore, note, warning, error\n"
"      --rule ID=N       set the number a rule compares with (blast-radius=50)\n"
"  -W ID, -Wno-ID        make a rule a warning, or ignore it\n"
"      --Werror          turn warnings into errors\n"
"  -h, --help            this text\n"
"      --version         print the version\n"
"\n"
"exit status: 0 eligible, 1 not eligible as it stands, 2 usage or input\n"
"error, 3 nothing to patch (no functional change).\n";

void usage(FILE *out)
{
	fprintf(out, usage_text, extra_usage());
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("kpcheck: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see kpcheck --help)\n", stderr);
	return 2;
}

/* `kpcheck objdiff` takes two objects and no tree. */
static int objdiff_operands(int argc, const struct kp_options *opt, int operands)
{
	if (opt->tree || opt->objects)
		return usage_error("%s", "objdiff compares two objects: no -C or --objects");
	if (argc - optind != operands)
		return usage_error("%s", "usage: kpcheck objdiff [OPTIONS] ORIG.o PATCHED.o");
	return -1;
}

enum { OPT_OBJECTS = 256, OPT_RULE, OPT_WERROR, OPT_VERSION, OPT_NO_TREE };

static const struct option long_options[] = {
	{ "tree", required_argument, NULL, 'C' },
	{ "no-tree", no_argument, NULL, OPT_NO_TREE },
	{ "objects", no_argument, NULL, OPT_OBJECTS },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "Werror", no_argument, NULL, OPT_WERROR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 to go on, else the exit code. */
static int one_option(struct kp_options *opt, int c)
{
	switch (c) {
	case 'C': opt->tree = optarg; return -1;
	case OPT_NO_TREE: opt->no_tree = true; return -1;
	case OPT_OBJECTS: opt->objects = true; return -1;
	case 'f': opt->format = optarg; return -1;
	case 'o': opt->output = optarg; return -1;
	case OPT_WERROR: opt->werror = true; return -1;
	case OPT_RULE: return option_rule(opt, optarg) ? 2 : -1;
	case 'W': return option_w(opt, optarg) ? 2 : -1;
	case 'h': usage(stdout); return 0;
	case OPT_VERSION: printf("kpcheck %s\n", KPCHECK_VERSION); return 0;
	default: return 2;
	}
}

/*
 * Like checkpatch.pl, use the kernel tree we run in: the current
 * directory, else its git top level (the nearest directory above holding
 * .git, as git finds it), when tree_validate() takes it.  One note line
 * on stderr says so; the report itself stays what -C would give.
 */
static void detect_tree(struct kp_options *opt)
{
	static char dir[PATH_MAX];
	char err[PATH_MAX + 64];
	struct stat st;
	char *slash;

	if (!getcwd(dir, sizeof(dir) - 8))
		return;
	if (tree_validate(dir, err, sizeof(err))) {
		for (;;) {
			size_t len = strlen(dir);

			strcpy(dir + len, "/.git");
			if (!lstat(dir, &st))
				break;
			dir[len] = 0;
			slash = strrchr(dir, '/');
			if (!slash || slash == dir)
				return;
			*slash = 0;
		}
		dir[strlen(dir) - 5] = 0;
		if (tree_validate(dir, err, sizeof(err)))
			return;
	}
	opt->tree = dir;
	fprintf(stderr, "kpcheck: note: using the kernel tree %s, as with -C "
		"(--no-tree turns this off)\n", dir);
}

/* -1 to go on (optind at the first operand), else the exit code.
 * @operands: the exact number of operands objdiff wants, 0 for patches. */
static int parse_options(int argc, char **argv, struct kp_options *opt, int operands)
{
	int c, r;

	opt->format = "text";
	optind = 1;
	opterr = 0;	/* one message of our own, not getopt's and ours */
	while ((c = getopt_long(argc, argv, "C:f:o:W:h", long_options, NULL)) != -1) {
		if (c == '?' || c == ':')
			return usage_error(c == ':' || (optopt && strchr("Cfo W", optopt)) ?
					   "option '%s' needs an argument" :
					   "unknown option '%s'", argv[optind - 1]);
		if ((r = one_option(opt, c)) >= 0)
			return r;
	}
	if (strcmp(opt->format, "text") && strcmp(opt->format, "json") &&
	    strcmp(opt->format, "sarif"))
		return usage_error("unknown format '%s' (text, json or sarif)", opt->format);
	if (operands)
		return objdiff_operands(argc, opt, operands);
	if (opt->tree && opt->no_tree)
		return usage_error("%s", "-C and --no-tree exclude each other");
	if (!opt->tree && !opt->no_tree && optind < argc)
		detect_tree(opt);
	if (opt->objects && !opt->tree)
		return usage_error("%s", "--objects needs a configured tree: -C DIR");
	if (optind >= argc)
		return usage_error("%s", "no patch given ('-' reads stdin)");
	return -1;
}

/* `kpcheck objdiff`: the same options, formats and exit codes as a
 * patch run, over the facts of two objects. */
static int objdiff(int argc, char **argv)
{
	struct kp_options opt = { 0 };
	int r = parse_options(argc, argv, &opt, 2);

	if (r >= 0)
		return r;
	return judge_objdiff(&opt, argv[optind], argv[optind + 1]);
}

int main(int argc, char **argv)
{
	struct kp_options opt = { 0 };
	int r;

	host_register();
	if (argc > 1 && !strcmp(argv[1], "objdiff"))
		return objdiff(argc - 1, argv + 1);
	if (argc > 1 && (r = run_subcommand(argc - 1, argv + 1)) >= 0)
		return r;
	r = parse_options(argc, argv, &opt, 0);
	if (r >= 0)
		return r;
	return judge(&opt, argc - optind, argv + optind);
}
