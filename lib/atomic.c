/*
 * Atomic output files (see atomic.h).  Only one output file is open at a
 * time, which lets the signal handler know what to remove.  Signals that
 * were ignored when kpcheck started (nohup, a background job) stay
 * ignored; SIGXFSZ is ignored while writing, so hitting a file size limit
 * is a write error (the temporary file removed, exit 2), not a death that
 * leaves it behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"
#include "lib/atomic.h"

static char *volatile pending_tmp;
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_signal(int sig)
{
	if (pending_tmp)
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard(char *tmp)
{
	static struct sigaction saved_xfsz;
	struct sigaction ign = { .sa_handler = SIG_IGN };

	pending_tmp = tmp;
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
		struct sigaction old;

		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			signal(fatal_signals[i], tmp ? on_signal : SIG_DFL);
	}
	if (tmp)
		sigaction(SIGXFSZ, &ign, &saved_xfsz);
	else
		sigaction(SIGXFSZ, &saved_xfsz, NULL);
}

/* Block the fatal signals; a signal between mkstemp() and guard() would
 * otherwise leave the temporary file behind. */
static void block_fatal(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(&set, fatal_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

int atomic_open(struct atomic_file *af, const char *path)
{
	const char *slash = strrchr(path, '/');
	sigset_t old;
	int fd;

	memset(af, 0, sizeof(*af));
	af->path = xstrdup(path);
	af->tmp = xasprintf("%.*s.%s.tmpXXXXXX", slash ? (int)(slash - path + 1) : 0,
			    path, slash ? slash + 1 : path);
	block_fatal(&old);
	fd = mkstemp(af->tmp);
	if (fd >= 0)
		guard(af->tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		fprintf(stderr, "kpcheck: %s: cannot create: %s\n", path, strerror(errno));
		free(af->tmp);
		free(af->path);
		return -1;
	}
	fchmod(fd, 0644);
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		fprintf(stderr, "kpcheck: %s: cannot write: %s\n", path, strerror(errno));
		close(fd);
		atomic_abort(af);
		return -1;
	}
	return 0;
}

void atomic_abort(struct atomic_file *af)
{
	/* a writer that failed on the stream (disk full, file size limit)
	 * only returns -1: say why here, once */
	if (af->fp && ferror(af->fp))
		fprintf(stderr, "kpcheck: %s: cannot write: %s\n", af->path, strerror(errno));
	if (af->fp)
		fclose(af->fp);
	unlink(af->tmp);
	guard(NULL);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof(*af));
}

int atomic_commit(struct atomic_file *af)
{
	int bad = fflush(af->fp) || ferror(af->fp) || fsync(fileno(af->fp));

	if (fclose(af->fp))
		bad = 1;
	af->fp = NULL;
	if (bad || rename(af->tmp, af->path)) {
		fprintf(stderr, "kpcheck: %s: cannot write: %s\n", af->path, strerror(errno));
		atomic_abort(af);
		return -1;
	}
	guard(NULL);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof(*af));
	return 0;
}
