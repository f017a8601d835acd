/*
 * Atomic output files (see atomic.h).  Only one output file is open at a
 * time, which lets the signal handler know what to remove.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/util.h"
#include "reports/atomic.h"

static char *volatile pending_tmp;

static void on_signal(int sig)
{
	if (pending_tmp)
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard(char *tmp)
{
	pending_tmp = tmp;
	signal(SIGINT, tmp ? on_signal : SIG_DFL);
	signal(SIGTERM, tmp ? on_signal : SIG_DFL);
	signal(SIGHUP, tmp ? on_signal : SIG_DFL);
}

int atomic_open(struct atomic_file *af, const char *path)
{
	const char *slash = strrchr(path, '/');
	int fd;

	memset(af, 0, sizeof(*af));
	af->path = xstrdup(path);
	af->tmp = xasprintf("%.*s.%s.tmpXXXXXX", slash ? (int)(slash - path + 1) : 0,
			    path, slash ? slash + 1 : path);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		fprintf(stderr, "kpcheck: %s: cannot create: %s\n", path, strerror(errno));
		free(af->tmp);
		free(af->path);
		return -1;
	}
	guard(af->tmp);
	fchmod(fd, 0644);
	af->fp = fdopen(fd, "w");
	return 0;
}

void atomic_abort(struct atomic_file *af)
{
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
