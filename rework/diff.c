/*
 * The rework's output: each file's pre-image and reworked post-image
 * compared by diff(1) (diffutils, unified format with the enclosing
 * function on each hunk line), in a private scratch directory removed
 * afterwards.  The same comparison with no context gives the hunks the
 * #line pass needs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/run.h"
#include "lib/util.h"
#include "rework/diff.h"

static int write_all(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	int r;

	if (!f)
		return -1;
	r = fwrite(text ? text : "", 1, len, f) != len;
	return fclose(f) || r ? -1 : 0;
}

static int read_stream(FILE *f, char **out, size_t *len)
{
	char buf[8192];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		*out = xrealloc(*out, *len + n + 1);
		memcpy(*out + *len, buf, n);
		*len += n;
		(*out)[*len] = 0;
	}
	return ferror(f) ? -1 : 0;
}

int rw_run_diff(const struct rw_diff *d, char **out, size_t *len, char *err,
		size_t errlen)
{
	char dir[] = "/tmp/kpcheck-rework-XXXXXX";
	char *a, *b, *la, *lb, *ctx;
	int r = -1;

	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "cannot make a scratch directory: %s", strerror(errno));
		return -1;
	}
	a = xasprintf("%s/a", dir);
	b = xasprintf("%s/b", dir);
	la = d->pre ? xasprintf("a/%s", d->path) : xstrdup("/dev/null");
	lb = d->post ? xasprintf("b/%s", d->path) : xstrdup("/dev/null");
	ctx = xasprintf("-U%d", d->context);
	if (!write_all(a, d->pre, d->pre_len) && !write_all(b, d->post, d->post_len)) {
		char *argv[] = { "diff", ctx, d->context ? "-p" : "-d", "--label", la,
				 "--label", lb, a, b, NULL };
		struct run_job j = { .argv = argv };
		FILE *f = run_read(&j);
		int rs = f ? read_stream(f, out, len) : -1;
		int code = f ? run_close(&j, f, false) : -1;

		run_release(&j);
		r = rs || code < 0 || code > 1 ? -1 : 0;
		if (r)
			snprintf(err, errlen, "diff(1) failed on %s", d->path);
	} else {
		snprintf(err, errlen, "cannot write %s: %s", a, strerror(errno));
	}
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
	free(la);
	free(lb);
	free(ctx);
	return r;
}
