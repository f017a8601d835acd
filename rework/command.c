/*
 * `kpcheck rework PATCH -C TREE [-o OUT.patch]`: judge the patch, answer
 * its findings (rework/rework.c), write the reworked patch (to OUT.patch
 * atomically, else to stdout) and judge it again.  What was answered and
 * the second judgement go to stdout with -o, else to stderr, so that the
 * patch alone is on stdout.  Exit: 0 when the output is eligible, 1 when
 * it is not or needs review (a skeleton the engineer completes), 2 on bad
 * input, 3 when there is nothing to patch.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "lib/atomic.h"
#include "lib/util.h"
#include "rework/rework.h"

static const char rework_usage[] =
	"usage: kpcheck rework PATCH -C TREE [-o OUT.patch]\n";

struct args {
	const char *patch, *tree, *out;
};

static int usage_fail(const char *msg)
{
	fprintf(stderr, "kpcheck rework: %s\n%s", msg, rework_usage);
	return 2;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "tree", required_argument, NULL, 'C' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:o:h", opts, NULL)) != -1) {
		if (c == 'C')
			a->tree = optarg;
		else if (c == 'o')
			a->out = optarg;
		else if (c == 'h')
			return fputs(rework_usage, stdout), 0;
		else
			return usage_fail("unknown option or missing argument");
	}
	if (optind + 1 != argc)
		return usage_fail("one patch, please");
	if (!a->tree)
		return usage_fail("the tree the patch applies to is needed: -C TREE");
	a->patch = argv[optind];
	return -1;
}

/* The patch: a description of the rework, then the diff. */
static char *compose(const struct rework *rw, const char *diff)
{
	char *text = xstrdup("Reworked for a livepatch by kpcheck rework:\n\n");

	for (int i = 0; i < rw->nanswers; i++) {
		static const char *const o[] = { "answered", "needs review", "refused",
						 "not answered" };
		const struct rw_answer *a = &rw->answers[i];
		char *t = xasprintf("%s%s: %s [%s]: %s\n", text, a->where, o[a->outcome],
				    a->rule, a->how);

		free(text);
		text = t;
	}
	char *t = xasprintf("%s\n%s", text, diff);

	free(text);
	return t;
}

static int write_out(const char *path, const char *text)
{
	struct atomic_file af;

	if (!path) {
		fputs(text, stdout);
		return fflush(stdout) ? -1 : 0;
	}
	if (atomic_open(&af, path))
		return -1;
	if (fputs(text, af.fp) < 0) {
		atomic_abort(&af);
		return -1;
	}
	return atomic_commit(&af);
}

static bool needs_review(const struct rework *rw)
{
	for (int i = 0; i < rw->nanswers; i++)
		if (rw->answers[i].outcome == RW_REVIEW)
			return true;
	return false;
}

/* Every finding answered: an output that changes nothing is then a fix
 * with nothing to patch (the change was all in what the rework dropped). */
static bool all_answered(const struct rework *rw)
{
	for (int i = 0; i < rw->nanswers; i++)
		if (rw->answers[i].outcome != RW_ANSWERED)
			return false;
	return true;
}

static int finish(struct rework *rw, const struct args *a, const struct rework_judge *jd,
		  FILE *msg)
{
	char *diff, *text, err[512];
	size_t len;
	int code;

	rework_finish(rw);
	if (rework_diff(rw, &diff, &len, err, sizeof(err))) {
		fprintf(stderr, "kpcheck rework: %s\n", err);
		return 2;
	}
	text = compose(rw, diff);
	if (write_out(a->out, text)) {
		fprintf(stderr, "kpcheck rework: cannot write %s\n", a->out ? a->out : "stdout");
		free(text);
		free(diff);
		return 2;
	}
	rework_print(rw, msg);
	if (!*diff) {
		fprintf(msg, "rework: the reworked patch changes nothing: %s\n",
			all_answered(rw) ? "nothing to patch" :
			needs_review(rw) ? "needs review" : "not eligible");
		free(text);
		free(diff);
		return all_answered(rw) ? 3 : 1;
	}
	fprintf(msg, "rework: %d line%s added or changed over the fix; the reworked patch judged again:\n",
		rw->added_lines, rw->added_lines == 1 ? "" : "s");
	code = jd->again(a->out ? a->out : "<rework>", a->tree, xstrdup(text),
			 strlen(text), msg);
	free(text);
	free(diff);
	if (needs_review(rw)) {
		fprintf(msg, "rework: needs review: complete the parts marked "
			"'kpcheck rework: TODO' before building\n");
		code = code ? code : 1;
	}
	return code;
}

int rework_command(int argc, char **argv, const struct rework_judge *jd)
{
	struct args a = { 0 };
	struct rework rw = { 0 };
	FILE *null;
	int code = parse_args(argc, argv, &a);

	if (code >= 0)
		return code;
	rw.tree = a.tree;
	null = fopen("/dev/null", "w");
	code = jd->first(a.patch, a.tree, &rw, null);
	if (null)
		fclose(null);
	if (code == 0 || code == 1)
		code = finish(&rw, &a, jd, a.out ? stdout : stderr);
	else if (code == 3)
		fprintf(stderr, "kpcheck rework: %s: nothing to patch\n", a.patch);
	rework_free(&rw);
	return code;
}
