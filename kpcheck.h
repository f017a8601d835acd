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
 * @also_json is set, the report goes there in JSON too.  The exit code. */
int judge_buffer(const struct kp_options *opt, const char *name, char *buf,
		 size_t size, FILE *also_json);

#endif
