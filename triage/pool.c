/*
 * The children of a triage.  Each is a fork() of kpcheck that judges one
 * item with judge_buffer() and sends its report back as JSON on a pipe;
 * stderr goes to a second pipe, shown only when the item turns out bad.
 * fork() without exec: the parent has loaded no plugin and holds only
 * the inputs, so a child starts with nothing to undo, and each child's
 * plugins, clang units and crashes stay its own.  The parent poll()s the
 * pipes of the running children, so a report larger than a pipe never
 * blocks, and keeps -j of them running.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kpcheck.h"
#include "lib/util.h"
#include "triage/triage.h"

struct child {
	pid_t pid;
	int item;
	int fd[2];		/* report, stderr; -1 at EOF */
	char *buf[2];
	size_t len[2];
	double start;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void child_main(const struct triage *t, struct tr_item *it, int out, int err)
{
	struct kp_options o = t->opt;
	int null = open("/dev/null", O_RDWR);
	FILE *json = fdopen(out, "w");

	/* the report itself goes to -o DIR or nowhere: the JSON is the answer */
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	dup2(err, 2);
	o.output = it->report_path;
	o.format = t->json ? "json" : "text";
	struct kp_commit c = { .sha = it->name, .parent = it->parent };

	_exit(json ? judge_buffer(&o, it->name, it->text, it->len, json,
				  it->git ? &c : NULL) : 2);
}

static int spawn(const struct triage *t, int item, struct child *c)
{
	int out[2], err[2];

	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		fprintf(stderr, "kpcheck: triage: pipe: %s\n", strerror(errno));
		return -1;
	}
	fflush(NULL);
	memset(c, 0, sizeof(*c));
	c->item = item;
	c->start = now();
	c->pid = fork();
	if (c->pid == 0) {
		close(out[0]);
		close(err[0]);
		child_main(t, &t->items[item], out[1], err[1]);
	}
	close(out[1]);
	close(err[1]);
	if (c->pid < 0) {
		fprintf(stderr, "kpcheck: triage: fork: %s\n", strerror(errno));
		close(out[0]);
		close(err[0]);
		return -1;
	}
	c->fd[0] = out[0];
	c->fd[1] = err[0];
	return 0;
}

/* Read what is there; closes the fd at EOF. */
static void drain(struct child *c, int k)
{
	char chunk[65536];
	ssize_t n = read(c->fd[k], chunk, sizeof(chunk));

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		close(c->fd[k]);
		c->fd[k] = -1;
		return;
	}
	c->buf[k] = xrealloc(c->buf[k], c->len[k] + n + 1);
	memcpy(c->buf[k] + c->len[k], chunk, n);
	c->len[k] += n;
	c->buf[k][c->len[k]] = 0;
}

static void finish(struct triage *t, struct child *c)
{
	struct tr_item *it = &t->items[c->item];
	json_error_t jerr;
	int status;

	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	it->seconds = now() - c->start;
	it->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	it->errors = c->buf[1];
	if (c->buf[0] && it->code != 2 && it->code >= 0)
		it->report = json_loadb(c->buf[0], c->len[0], 0, &jerr);
	free(c->buf[0]);
	if (WIFSIGNALED(status))
		triage_add_bad(t, it->name, "%s: judging it was killed by signal %d%s%s",
			       it->name, WTERMSIG(status), it->errors ? ":\n" : "",
			       it->errors ? it->errors : "");
	else if (it->code == 2 || !it->report)
		triage_add_bad(t, it->name, "%s", it->errors ? strtok(it->errors, "\n") :
			       "no report");
}

static void progress(const struct triage *t, int done, double start)
{
	double el = now() - start, rate = el > 0 ? done / el : 0;

	if (!isatty(2))
		return;
	fprintf(stderr, "\r\033[K[%d/%d] %.2f patches/s, ETA %.0f s", done, t->nitems,
		rate, rate > 0 ? (t->nitems - done) / rate : 0.0);
	if (done == t->nitems)
		fputs("\r\033[K", stderr);
}

/* One poll() round over the running children; finished ones are reaped. */
static int poll_round(struct triage *t, struct child *run, int *nrunp)
{
	int nrun = *nrunp;
	struct pollfd *p = xcalloc(2 * nrun, sizeof(*p));
	int done = 0;

	for (int i = 0; i < 2 * nrun; i++) {
		p[i].fd = run[i / 2].fd[i % 2];
		p[i].events = POLLIN;
	}
	if (poll(p, (nfds_t)(2 * (unsigned int)nrun), -1) > 0)
		for (int i = 0; i < 2 * nrun; i++)
			if (p[i].revents)
				drain(&run[i / 2], i % 2);
	free(p);
	for (int i = 0; i < nrun; i++)
		if (run[i].fd[0] < 0 && run[i].fd[1] < 0) {
			finish(t, &run[i]);
			run[i] = run[--nrun];
			i--;
			done++;
		}
	*nrunp = nrun;
	return done;
}

void triage_run(struct triage *t)
{
	struct child *run = xcalloc(t->jobs, sizeof(*run));
	int next = 0, nrun = 0, done = 0;
	double start = now();

	/* a child killed by SIGPIPE would pass for a crash */
	signal(SIGPIPE, SIG_IGN);
	while (next < t->nitems || nrun) {
		while (nrun < t->jobs && next < t->nitems) {
			if (spawn(t, next, &run[nrun]) == 0) {
				nrun++;
			} else {
				t->items[next].code = 2;
				triage_add_bad(t, t->items[next].name,
					       "%s: could not start a child", t->items[next].name);
			}
			next++;
		}
		if (!nrun)
			break;
		done += poll_round(t, run, &nrun);
		progress(t, done, start);
	}
	free(run);
	t->seconds = now() - start;
}
