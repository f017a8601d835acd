/*
 * `kpcheck triage [OPTIONS] PATCH|DIR|-...`: the command line of a triage,
 * its -o DIR of per-patch reports and its exit status (0 when every patch
 * was judged, 2 when an input was bad; the others are judged anyway).
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/model/tree.h"
#include "kpcheck.h"
#include "lib/util.h"
#include "triage/triage.h"

static const char triage_usage[] =
"usage: kpcheck triage [OPTIONS] PATCH|DIR|-...\n"
"       kpcheck triage [OPTIONS] -g REV|RANGE\n"
"Judge many independent patches against one base tree, each on its own.\n"
"A folder gives its *.patch, *.diff, *.mbox and *.eml files; an mbox (or\n"
"`git format-patch --stdout A..B | kpcheck triage --each -`) gives its mails.\n"
"\n"
"  -C, --tree DIR     kernel tree the patches apply to (source tier)\n"
"      --objects      also build and diff the touched objects\n"
"  -g, --git REV|RANGE  the commits of the tree's git repository, each\n"
"                     judged against its parent's files (REV, A..B, A...B,\n"
"                     REV-N), instead of PATCH arguments\n"
"  -j, --jobs N       judge N patches at once (default: the CPUs)\n"
"      --each         judge every mail of a series alone, even when two\n"
"                     patch the same file (without it such a series is\n"
"                     judged whole, as one row)\n"
"      --markdown     the summary as markdown tables\n"
"  -f, --format FMT   text (default) or json: one document with every report\n"
"  -o, --output DIR   also write one report per patch into DIR\n"
"      --html         and DIR/index.html: one self-contained page, the table\n"
"                     sortable and filterable by verdict, rule, tier and\n"
"                     time, charts per verdict and rule, each fix's findings\n"
"      --rule ID=SEV, -W ID, -Wno-ID, --Werror   as for kpcheck\n"
"\n"
"exit status: 0 every patch judged, 2 some input was bad (named on stderr).\n";

enum { OPT_OBJECTS = 256, OPT_EACH, OPT_MARKDOWN, OPT_RULE, OPT_WERROR, OPT_HTML };

static const struct option options[] = {
	{ "tree", required_argument, NULL, 'C' },
	{ "objects", no_argument, NULL, OPT_OBJECTS },
	{ "jobs", required_argument, NULL, 'j' },
	{ "git", required_argument, NULL, 'g' },
	{ "each", no_argument, NULL, OPT_EACH },
	{ "markdown", no_argument, NULL, OPT_MARKDOWN },
	{ "html", no_argument, NULL, OPT_HTML },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "Werror", no_argument, NULL, OPT_WERROR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("kpcheck: triage: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(see kpcheck triage --help)\n", stderr);
	return 2;
}

static int cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
}

static int jobs_option(struct triage *t, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end || n < 1 || n > 1024)
		return bad_usage("-j wants a number of jobs from 1 to 1024, not '%s'", arg);
	t->jobs = (int)n;
	return -1;
}

/* Returns -1 to go on, else the exit code. */
static int one_option(struct triage *t, int c)
{
	switch (c) {
	case 'C': t->opt.tree = optarg; return -1;
	case OPT_OBJECTS: t->opt.objects = true; return -1;
	case 'j': return jobs_option(t, optarg);
	case OPT_EACH: t->each = true; return -1;
	case OPT_MARKDOWN: t->markdown = true; return -1;
	case OPT_HTML: t->html = true; return -1;
	case 'f':
		if (strcmp(optarg, "text") && strcmp(optarg, "json"))
			return bad_usage("unknown format '%s' (text or json)", optarg);
		t->json = !strcmp(optarg, "json");
		return -1;
	case 'o': t->outdir = optarg; return -1;
	case 'g': t->git = optarg; return -1;
	case OPT_WERROR: t->opt.werror = true; return -1;
	case OPT_RULE: return option_rule(&t->opt, optarg) ? 2 : -1;
	case 'W': return option_w(&t->opt, optarg) ? 2 : -1;
	case 'h': fputs(triage_usage, stdout); return 0;
	default: return 2;
	}
}

static int parse(struct triage *t, int argc, char **argv)
{
	char err[1024];
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:j:f:o:W:g:h", options, NULL)) != -1) {
		if (c == '?' || c == ':')
			return bad_usage(c == ':' || (optopt && strchr("Cjfo Wg", optopt)) ?
					 "option '%s' needs an argument" :
					 "unknown option '%s'", argv[optind - 1]);
		if ((r = one_option(t, c)) >= 0)
			return r;
	}
	if (t->json && t->markdown)
		return bad_usage("%s", "--markdown and -f json exclude each other");
	if (t->html && !t->outdir)
		return bad_usage("%s", "--html writes DIR/index.html: it needs -o DIR");
	if (t->opt.objects && !t->opt.tree)
		return bad_usage("%s", "--objects needs a configured tree: -C DIR");
	if (t->git && optind < argc)
		return bad_usage("--git judges commits: no PATCH as well ('%s')", argv[optind]);
	if (optind >= argc && !t->git)
		return bad_usage("%s", "no patch given ('-' reads stdin)");
	if (t->opt.tree && tree_validate(t->opt.tree, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		return 2;
	}
	return -1;
}

/* DIR/0007-name.json: numbered, so two inputs of one name never clash. */
static void report_paths(struct triage *t)
{
	for (int i = 0; i < t->nitems; i++) {
		const char *n = strrchr(t->items[i].name, '/');
		char *slug = xstrdup(n ? n + 1 : t->items[i].name);

		for (char *p = slug; *p; p++)
			if (!is_ident_char(*p) && *p != '-' && *p != '.')
				*p = '_';
		t->items[i].report_path = xasprintf("%s/%04d-%s.%s", t->outdir, i + 1,
						    slug, t->json ? "json" : "txt");
		free(slug);
	}
}

static void triage_free(struct triage *t)
{
	for (int i = 0; i < t->nitems; i++) {
		struct tr_item *it = &t->items[i];

		free(it->name);
		free(it->subject);
		free(it->text);
		free(it->parent);
		free(it->report_path);
		free(it->errors);
		json_decref(it->report);
	}
	for (int i = 0; i < t->nbad; i++) {
		free(t->bad[i].input);
		free(t->bad[i].message);
	}
	free(t->items);
	free(t->bad);
}

int cmd_triage(int argc, char **argv)
{
	struct triage t = { .jobs = cpus() };
	int r = parse(&t, argc, argv);

	if (r >= 0)
		return r;
	if (t.outdir && mkdir(t.outdir, 0777) && errno != EEXIST) {
		fprintf(stderr, "kpcheck: triage: %s: %s\n", t.outdir, strerror(errno));
		return 2;
	}
	if (t.git && triage_git(&t)) {
		triage_free(&t);
		return 2;
	}
	if (!t.git)
		triage_inputs(&t, argc - optind, argv + optind);
	if (t.outdir)
		report_paths(&t);
	triage_run(&t);
	if (t.html && triage_html(&t)) {
		fprintf(stderr, "kpcheck: triage: cannot write %s/index.html\n", t.outdir);
		r = 2;
	}
	r = triage_write(stdout, &t) || fflush(stdout) || r == 2 ? 2 : t.nbad ? 2 : 0;
	triage_free(&t);
	return r;
}
