/*
 * The one way kpcheck runs another program (make, gcc, objtool, rm):
 * an argv, never a shell command line, so no file name is ever parsed
 * by a shell; the environment without MAKEFLAGS, MFLAGS and MAKELEVEL, so
 * a make of ours never joins the jobserver of a make that runs kpcheck;
 * the output captured in files the caller names.
 */
#ifndef KPCHECK_LIB_RUN_H
#define KPCHECK_LIB_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct run_job {
	char *const *argv;	/* argv[0] is looked up in PATH */
	const char *dir;	/* working directory of the child, NULL: ours */
	const char *out;	/* file for its stdout, NULL: /dev/null */
	const char *err;	/* file for its stderr, NULL: /dev/null; the
				 * same string as out: one file for both */
	/* Runs in the child before chdir and exec (namespaces, mounts);
	 * non-zero ends the child with that status. */
	int (*setup)(void *arg);
	void *arg;
	/* filled by run_prepare() / run_start() / run_read() */
	char **envp;
	pid_t pid;
	bool reading;		/* stdout goes to pipe_w, not to out */
	int pipe_w;
};

/*
 * The cleaned environment, made ahead: after it run_start() allocates
 * nothing, so a signal handler may use it (builder/build.c).
 */
void run_prepare(struct run_job *j);
/* Start the child; -1 when it cannot (fork failed). */
int run_start(struct run_job *j);
/* Wait for it: its exit code, or -1 when it could not run or was killed. */
int run_wait(struct run_job *j);
/* run_start() and run_wait(): 0 when the program exited with 0. */
int run(struct run_job *j);
void run_release(struct run_job *j);

/*
 * Start the child with its stdout on a pipe, to be read from the stream
 * returned (NULL when it cannot start), then run_close(): @stop ends the
 * child first, when the rest of its output is not wanted (as `| head`
 * would).  run_close() returns what run_wait() does.
 */
FILE *run_read(struct run_job *j);
int run_close(struct run_job *j, FILE *f, bool stop);

/*
 * What to tell of a failed run from its log: the compiler's first error
 * ("fs/aio.c:904:9: error: ..."), else the log's last non-empty line.
 * @buf is empty when the log is.
 */
void run_log_error(const char *log, char *buf, size_t size);

/*
 * Are two CPUs free for two jobs at once (no other task running on the
 * CPUs this process may use)?  The environment variable @env set to
 * "at-once" or "one-by-one" decides instead (tests force both ways).
 */
bool run_two_cpus_free(const char *env);

#endif
