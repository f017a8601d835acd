/*
 * The process runner (run.h).  The child only calls async-signal-safe
 * functions between fork and exec (open, dup2, chdir, execve), with the
 * environment and PATH lookup prepared by the parent, so that a runner
 * started from a signal handler or next to libclang's threads cannot
 * deadlock on a lock the parent held.
 */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lib/run.h"
#include "lib/util.h"

extern char **environ;

/* make reads these from a make above us: its jobserver fds are not ours. */
static bool dropped(const char *var)
{
	static const char *const names[] = { "MAKEFLAGS=", "MFLAGS=", "MAKELEVEL=", NULL };

	for (int i = 0; names[i]; i++)
		if (str_starts(var, names[i]))
			return true;
	return false;
}

void run_prepare(struct run_job *j)
{
	int n = 0;

	if (j->envp)
		return;
	for (char **e = environ; e && *e; e++)
		if (!dropped(*e))
			*VEC_PUSH(j->envp, n) = *e;
	*VEC_PUSH(j->envp, n) = NULL;
}

void run_release(struct run_job *j)
{
	free(j->envp);
	j->envp = NULL;
}

static int redirect(const char *path, int fd)
{
	int f = open(path ? path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (f < 0 || dup2(f, fd) < 0)
		return -1;
	return f == fd ? 0 : close(f);
}

static void child(const struct run_job *j)
{
	int st;

	if (j->reading ? dup2(j->pipe_w, 1) < 0 : redirect(j->out, 1) != 0)
		_exit(127);
	if (j->err && j->out && !strcmp(j->err, j->out) ? dup2(1, 2) < 0 : redirect(j->err, 2))
		_exit(127);
	if (j->setup && (st = j->setup(j->arg)))
		_exit(st);
	if (j->dir && chdir(j->dir))
		_exit(127);
	execvpe(j->argv[0], j->argv, j->envp);
	_exit(127);
}

int run_start(struct run_job *j)
{
	run_prepare(j);
	j->pid = fork();
	if (j->pid == 0)
		child(j);
	return j->pid < 0 ? -1 : 0;
}

int run_wait(struct run_job *j)
{
	int st;

	if (j->pid <= 0)
		return -1;
	while (waitpid(j->pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	j->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FILE *run_read(struct run_job *j)
{
	int p[2];
	FILE *f;

	if (pipe2(p, O_CLOEXEC))
		return NULL;
	j->reading = true;
	j->pipe_w = p[1];
	if (run_start(j)) {
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	if (!f) {
		close(p[0]);
		run_close(j, NULL, true);
	}
	return f;
}

int run_close(struct run_job *j, FILE *f, bool stop)
{
	if (stop && j->pid > 0)
		kill(j->pid, SIGTERM);
	if (f)
		fclose(f);
	return run_wait(j);
}

int run(struct run_job *j)
{
	return run_start(j) ? -1 : run_wait(j);
}

void run_log_error(const char *log, char *buf, size_t size)
{
	FILE *f = fopen(log, "r");
	char line[512];

	buf[0] = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] == '\n')
			continue;
		snprintf(buf, size, "%.*s", (int)strcspn(line, "\n"), line);
		if (strstr(line, ": error: "))
			break;
	}
	if (f)
		fclose(f);
}

bool run_two_cpus_free(const char *env)
{
	const char *how = getenv(env);
	int running = 0;
	cpu_set_t set;
	FILE *f;

	if (how && (!strcmp(how, "at-once") || !strcmp(how, "one-by-one")))
		return !strcmp(how, "at-once");
	f = fopen("/proc/loadavg", "r");
	/* "0.91 0.91 0.96 2/79 28776": tasks running now, this one included;
	 * the averages lag by a minute */
	if (f && fscanf(f, "%*f %*f %*f %d/", &running) != 1)
		running = 0;
	if (f)
		fclose(f);
	if (!running || sched_getaffinity(0, sizeof(set), &set))
		return false;
	return CPU_COUNT(&set) >= 2 && running - 1 <= CPU_COUNT(&set) - 2;
}
