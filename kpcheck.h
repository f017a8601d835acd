/*
 * The command line: the judging run (judge.c) and the subcommands
 * (commands.c) that kpcheck.c dispatches to.
 */
#ifndef KPCHECK_KPCHECK_H
#define KPCHECK_KPCHECK_H

#include <stdio.h>

struct kp_options;

void usage(FILE *out);
/* Usage lines of the subcommands that are built in. */
const char *extra_usage(void);
/* Run argv[0] as a subcommand; -1 when it is none. */
int run_subcommand(int argc, char **argv);
/* Judge the patches named by @inputs; returns the exit code. */
int judge(const struct kp_options *opt, int ninputs, char **inputs);

#endif
