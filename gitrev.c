/*
 * --git REV|RANGE, as checkpatch.pl -g has: the commits of the git
 * repository the kernel tree belongs to, each read as a patch (git
 * format-patch) and judged against the tree as it was at its parent.
 *
 * The parent's tree is never checked out: the parent's text of each file
 * the commit touches (git cat-file) goes into the judging run's overlay,
 * where the tree reader takes pre-images from before it reads the disk
 * (the same path the later mails of an mbox series take).  So the user's
 * checkout, index and HEAD are never touched; files the commit does not
 * touch (headers it includes) are read from the checkout as they are.
 *
 * Revisions as checkpatch.pl takes them: REV (that one commit), A..B,
 * A...B, and REV-N (the N commits up to REV).  Merges are skipped, as
 * format-patch skips them.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/tree.h"
#include "lib/run.h"
#include "lib/util.h"
#include "kpcheck.h"

/* git's stdout in a NUL-terminated buffer; 0 when git exited with 0. */
static int git_out(const char *dir, char *const *argv, char **buf, size_t *len)
{
	struct run_job j = { .argv = argv, .dir = dir };
	char chunk[65536];
	size_t n, cap = 0;
	FILE *f;
	int rc;

	*buf = NULL;
	*len = 0;
	f = run_read(&j);
	if (!f) {
		run_release(&j);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (*len + n + 1 > cap) {
			cap = (*len + n + 1) * 2;
			*buf = xrealloc(*buf, cap);
		}
		memcpy(*buf + *len, chunk, n);
		*len += n;
	}
	rc = run_close(&j, f, false);
	run_release(&j);
	if (!*buf)
		*buf = xstrdup("");
	else
		(*buf)[*len] = 0;
	return rc;
}

/* The one line git prints (a hash), or NULL when it fails. */
static char *git_line(const char *dir, char *const *argv)
{
	char *buf;
	size_t len;

	if (git_out(dir, argv, &buf, &len) || !len) {
		free(buf);
		return NULL;
	}
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static char *commit_of(const char *dir, const char *rev)
{
	char *spec = xasprintf("%s^{commit}", rev);
	char *const argv[] = { "git", "rev-parse", "--verify", "--quiet", "--end-of-options",
			       spec, NULL };
	char *sha = git_line(dir, argv);

	free(spec);
	return sha;
}

/* REV-N: "REV" and N, when the whole is no revision of its own. */
static char *rev_count(const char *dir, const char *spec, char **count)
{
	const char *dash = strrchr(spec, '-');
	char *sha;

	*count = NULL;
	if (!dash || dash == spec || !dash[1] || strspn(dash + 1, "0123456789") != strlen(dash + 1))
		return NULL;
	if ((sha = commit_of(dir, spec))) {
		free(sha);
		return NULL;
	}
	*count = xasprintf("-%s", dash + 1);
	return xstrndup(spec, dash - spec);
}

/* The commits @spec names, oldest first, one hash a line. */
static int rev_list(const char *dir, const char *spec, char **list)
{
	char *count, *rev = rev_count(dir, spec, &count), *sha;
	size_t len;
	int rc;

	if (!strstr(spec, "..") && !rev) {
		sha = commit_of(dir, spec);
		*list = sha ? xasprintf("%s\n", sha) : NULL;
		free(sha);
		return sha ? 0 : -1;
	}
	{
		char *const range[] = { "git", "rev-list", "--reverse", "--no-merges",
					"--end-of-options", (char *)spec, NULL };
		char *const last[] = { "git", "rev-list", "--reverse", "--no-merges", count,
				       "--end-of-options", rev, NULL };

		rc = git_out(dir, rev ? last : range, list, &len);
	}
	free(rev);
	free(count);
	if (rc) {
		free(*list);
		*list = NULL;
	}
	return rc ? -1 : 0;
}

/* Hash, parent, subject and patch text of commit @sha. */
static int read_commit(const char *dir, char *sha, struct kp_commit *c)
{
	char *parent = xasprintf("%s^", sha);
	char *const parent_argv[] = { "git", "rev-parse", "--verify", "--quiet", parent, NULL };
	/* git's own settings must not change the format the reader takes */
	char *const patch_argv[] = { "git", "-c", "diff.noprefix=false", "-c",
		"diff.mnemonicPrefix=false", "-c", "core.quotePath=true", "format-patch",
		"-1", "--stdout", "--no-signature", "--no-color", "--relative", sha, NULL };

	c->sha = xstrdup(sha);
	c->parent = git_line(dir, parent_argv);	/* NULL: a root commit */
	free(parent);
	if (git_out(dir, patch_argv, &c->patch, &c->len)) {
		fprintf(stderr, "kpcheck: --git: git format-patch failed on commit %s in %s\n",
			sha, dir);
		return -1;
	}
	c->sha[strnlen(c->sha, 12)] = 0;	/* its name in reports, as git abbreviates */
	return 0;
}

/* Whether @dir lies in a git work tree: a bad revision and no repository
 * at all deserve different messages. */
static bool in_repository(const char *dir)
{
	char *const argv[] = { "git", "rev-parse", "--is-inside-work-tree", NULL };
	char *yes = git_line(dir, argv);
	bool in = yes && !strcmp(yes, "true");

	free(yes);
	return in;
}

int git_commits(const char *dir, const char *spec, struct kp_commit **out, int *n)
{
	char *list = NULL, *line, *save = NULL;

	*out = NULL;
	*n = 0;
	if (!in_repository(dir)) {
		fprintf(stderr, "kpcheck: --git: %s is in no git repository\n", dir);
		return -1;
	}
	if (!spec[0] || spec[0] == '-' || rev_list(dir, spec, &list)) {
		fprintf(stderr, "kpcheck: --git: '%s' is no revision or range of the git "
			"repository %s\n", spec, dir);
		free(list);
		return -1;
	}
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (read_commit(dir, line, VEC_PUSH(*out, *n))) {
			free(list);
			return -1;
		}
	free(list);
	if (!*n) {
		fprintf(stderr, "kpcheck: --git: '%s' names no commit (merges are skipped) "
			"in %s\n", spec, dir);
		return -1;
	}
	return 0;
}

void git_commits_free(struct kp_commit *c, int n)
{
	for (int i = 0; i < n; i++) {
		free(c[i].sha);
		free(c[i].parent);
		free(c[i].patch);
	}
	free(c);
}

/* The parent's text of @path (relative to @dir), or NULL if it had none. */
static void seed_file(const char *dir, const char *parent, const char *path,
		      struct kp_overlay *o)
{
	char *obj = parent ? xasprintf("%s:./%s", parent, path) : NULL;
	char *const argv[] = { "git", "cat-file", "blob", obj, NULL };
	const char *had;
	char *buf = NULL;
	size_t len = 0;

	if (overlay_get(o, path, &had, &len) >= 0) {
		free(obj);
		return;
	}
	if (obj && git_out(dir, argv, &buf, &len)) {
		free(buf);
		buf = NULL;
	}
	overlay_put(o, path, buf, buf ? len : 0);
	free(buf);
	free(obj);
}

void git_seed_overlay(const char *dir, const char *parent, const struct kp_patch *p,
		      struct kp_overlay *o)
{
	for (int i = 0; i < p->nfiles; i++) {
		if (p->files[i].old_path)
			seed_file(dir, parent, p->files[i].old_path, o);
		if (p->files[i].new_path)
			seed_file(dir, parent, p->files[i].new_path, o);
	}
}
