/*
 * The command line: the judging run (judge.c) and the subcommands
 * (commands.c) that kpcheck.c dispatches to.
 */
#ifndef KPCHECK_KPCHECK_H
#define KPCHECK_KPCHECK_H

#include <stdio.h>
#include "analyzer/model/judgement.h"
#include "analyzer/model/tree.h"
#include "reports/output.h"

struct kp_options;
struct kp_ctx;

void usage(FILE *out);
/* Hand the plugins' host table to the loader (host.c). */
void host_register(void);
/* Usage lines of the subcommands that are built in. */
const char *extra_usage(void);
/* --rule ID=SEV and -W ID / -Wno-ID into @opt; 2 (message written) if bad. */
int option_rule(struct kp_options *opt, const char *arg);
int option_w(struct kp_options *opt, const char *arg);
/* Run argv[0] as a subcommand; -1 when it is none. */
int run_subcommand(int argc, char **argv);
/* Judge the change from object @orig to @patched through the rules. */
int judge_objdiff(const struct kp_options *opt, const char *orig, const char *patched);
/* The same, for objects kbuild puts into @object ("vmlinux" or a module),
 * named @name in messages (the tree's "fs/pipe.o", not a scratch path). */
int judge_objects(const struct kp_options *opt, const char *orig, const char *patched,
		  const char *object, const char *name);
/* Judge the patches named by @inputs; returns the exit code. */
int judge(const struct kp_options *opt, int ninputs, char **inputs);

/* judge(), keeping the verdict's functions and post-images in @j. */
int judge_collect(const struct kp_options *opt, int ninputs, char **inputs,
		  struct kp_judgement *j);
/* Judge the patch text @buf (owned by the call) read from @name; when
 * @also_json is set, the report goes there in JSON too; @commit (or NULL)
 * is the commit of --git it is, judged against its parent.  The exit code. */
struct kp_commit;
int judge_buffer(const struct kp_options *opt, const char *name, char *buf,
		 size_t size, FILE *also_json, const struct kp_commit *commit);

/* One commit of --git: its patch, judged against its parent's files. */
struct kp_commit {
	char *sha;
	char *parent;		/* NULL for a root commit */
	char *patch;		/* git format-patch of it */
	size_t len;
};

/* The commits @spec names (REV, A..B, A...B, REV-N) in the git repository
 * holding @dir, oldest first; -1 with one message on stderr when @spec is
 * bad or names no commit (gitrev.c). */
int git_commits(const char *dir, const char *spec, struct kp_commit **out, int *n);
void git_commits_free(struct kp_commit *c, int n);
/* The text @parent had of every file @p touches, into @o (absent: NULL),
 * so the tree reader takes the parent's files as the pre-images. */
void git_seed_overlay(const char *dir, const char *parent, const struct kp_patch *p,
		      struct kp_overlay *o);
/* --git: the commits of opt->git, each judged against its parent. */
int judge_git(const struct kp_options *opt);
/* judge_buffer() with the report written to @report_to (NULL: stdout). */
int judge_buffer_to(const struct kp_options *opt, const char *name, char *buf,
		    size_t size, FILE *also_json, FILE *report_to);
/* Judge the one patch @input; @each sees every patch's context after the
 * rules ran, while its model is alive (non-zero: an internal error).  The
 * report goes to @report_to (NULL: stdout). */
typedef int judge_each_fn(struct kp_ctx *ctx, void *arg);
int judge_with(const struct kp_options *opt, const char *input, judge_each_fn *each,
	       void *arg, FILE *report_to);

#endif
