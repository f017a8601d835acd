/*
 * Compiling a touched file twice, as kbuild compiles it for the kernel:
 * the original from the tree, and the post-image from a private scratch
 * copy.  The tree is only read: the commands run with the tree as their
 * working directory (kbuild's relative -I paths), but every output goes
 * into the scratch directory and kbuild's dependency file is not written.
 *
 * The command is kbuild's own, from the kbuild service's cached dry run
 * (kbuild_command(), analyzer/kbuild/command.c).
 * Added: -ffunction-sections -fdata-sections, so each function and datum
 * has a section of its own to carry; -g dropped (debug info is not
 * carried).  Both objects then go through the tree's objtool with
 * kbuild's arguments: the patched one for the ORC unwind data the
 * reliable stack checks of the livepatch transition need.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/kbuild/kbuild.h"
#include "lib/run.h"
#include "lib/util.h"
#include "builder/build.h"

static bool dropped(const char *w)
{
	return str_starts(w, "-Wp,-M") || !strcmp(w, "-g") || str_starts(w, "-gdwarf") ||
	       str_starts(w, "-gz") || !strcmp(w, "-c");
}

/* A patched header in the scratch tree shadows the tree's copy. */
static void push_include(char ***argv, int *n, const char *w, const char *src)
{
	const char *dir = w + 2;
	char *shadow;
	struct stat st;

	if (str_starts(dir, "./"))
		dir += 2;
	shadow = xasprintf("%s/%s", src, dir);
	if (*dir && !stat(shadow, &st) && S_ISDIR(st.st_mode))
		*VEC_PUSH(*argv, *n) = xasprintf("-I%s", shadow);
	free(shadow);
	*VEC_PUSH(*argv, *n) = xstrdup(w);
}

/*
 * kpatch's and klp-build's callback macros (callbacks.c): their header
 * forced in, and their helper headers' names found after the tree's.
 */
static void push_compat(char ***argv, int *n, const char *src_root)
{
	*VEC_PUSH(*argv, *n) = xasprintf("-idirafter%s/../compat", src_root);
	*VEC_PUSH(*argv, *n) = xstrdup("-include");
	*VEC_PUSH(*argv, *n) = xasprintf("%s/../compat/kpcheck-callbacks.h", src_root);
}

/* The post-image of @path, or the tree's copy when the patch leaves the
 * file alone: a file of a header change set sees the patched headers
 * through the -I directories above. */
static char *patched_source(const char *src_root, const char *path)
{
	char *copy;

	if (!src_root)
		return xstrdup(path);
	copy = xasprintf("%s/%s", src_root, path);
	if (access(copy, F_OK) == 0)
		return copy;
	free(copy);
	return xstrdup(path);
}

/* kbuild's gcc command, rewritten to compile @src into @out. */
static char **compile_argv(const struct kbuild_cmd *k, const char *tree, const char *path,
			   const char *src_root, const char *out)
{
	char **w, **argv = NULL;
	int nw = shell_words(k->cc, &w), n = 0;

	for (int i = 0; i < nw - 1; i++) {
		if (!strcmp(w[i], "-o")) {
			i++;
			continue;
		}
		if (dropped(w[i]))
			continue;
		if (src_root && str_starts(w[i], "-I"))
			push_include(&argv, &n, w[i], src_root);
		else
			*VEC_PUSH(argv, n) = xstrdup(w[i]);
	}
	*VEC_PUSH(argv, n) = xstrdup("-ffunction-sections");
	*VEC_PUSH(argv, n) = xstrdup("-fdata-sections");
	if (src_root) {
		*VEC_PUSH(argv, n) = xasprintf("-fmacro-prefix-map=%s/=", src_root);
		*VEC_PUSH(argv, n) = xasprintf("-iquote%s/%.*s", tree,
					       (int)(strrchr(path, '/') - path), path);
		push_compat(&argv, &n, src_root);
	}
	*VEC_PUSH(argv, n) = xstrdup("-c");
	*VEC_PUSH(argv, n) = xstrdup("-o");
	*VEC_PUSH(argv, n) = xstrdup(out);
	*VEC_PUSH(argv, n) = patched_source(src_root, path);
	*VEC_PUSH(argv, n) = NULL;
	words_free(w);
	return argv;
}

int build_run(char *const argv[], const char *dir, const char *log)
{
	struct run_job j = { .argv = argv, .dir = dir, .out = log, .err = log };
	int r = run(&j);

	run_release(&j);
	return r ? -1 : 0;
}

/* Both compiles at once: two processes of the one runner. */
static int run_pair(char **a, char **b, const char *dir, const char *log_a,
		    const char *log_b, int *ra, int *rb)
{
	struct run_job ja = { .argv = a, .dir = dir, .out = log_a, .err = log_a };
	struct run_job jb = { .argv = b, .dir = dir, .out = log_b, .err = log_b };
	int sa = run_start(&ja), sb = run_start(&jb);

	*ra = sa ? -1 : run_wait(&ja);
	*rb = sb ? -1 : run_wait(&jb);
	run_release(&ja);
	run_release(&jb);
	return *ra || *rb;
}

static int run_objtool(struct build_job *job, const struct kbuild_cmd *k, const char *obj,
		       const char *log)
{
	char **w, **argv = NULL;
	int nw, n = 0, r;

	if (!k->objtool)
		return 0;
	nw = shell_words(k->objtool, &w);
	for (int i = 0; i < nw - 1; i++)
		*VEC_PUSH(argv, n) = i ? xstrdup(w[i]) :
				    xasprintf("%s/tools/objtool/objtool", job->tree);
	*VEC_PUSH(argv, n) = xstrdup(obj);
	*VEC_PUSH(argv, n) = NULL;
	r = build_run(argv, job->tree, log);
	words_free(argv);
	words_free(w);
	return r;
}

/*
 * Both compiles at once (two cores here), then objtool on both objects:
 * the patched one for its ORC data, the original so that the object
 * tier's cross-check (crosscheck.c) compares like with like.
 */
static int compile_unit(struct build_job *job, struct build_unit *u, int i)
{
	struct kbuild_cmd k = { 0 };
	char *src = xasprintf("%s/src", job->tmp);
	char *log_o = xasprintf("%s/orig-%d.log", job->tmp, i);
	char *log_p = xasprintf("%s/patched-%d.log", job->tmp, i);
	char **ao = NULL, **ap = NULL, err[1024];
	int r = -1, ro, rp;

	if (kbuild_command(job->tree, u->file, &k, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		goto out;
	}
	u->orig_o = xasprintf("%s/orig-%d.o", job->tmp, i);
	u->patched_o = xasprintf("%s/patched-%d.o", job->tmp, i);
	ao = compile_argv(&k, job->tree, u->file, NULL, u->orig_o);
	ap = compile_argv(&k, job->tree, u->file, src, u->patched_o);
	if (run_pair(ao, ap, job->tree, log_o, log_p, &ro, &rp)) {
		run_log_error(ro ? log_o : log_p, err, sizeof(err));
		fprintf(stderr, "kpcheck: %s: %s compile failed: %s\n", u->file,
			ro ? "original" : "patched", err);
		build_show_log(ro ? log_o : log_p);
	} else if ((rp = run_objtool(job, &k, u->patched_o, log_p)) ||
		   run_objtool(job, &k, u->orig_o, log_o)) {
		fprintf(stderr, "kpcheck: %s: objtool failed on the %s object:\n", u->file,
			rp ? "patched" : "original");
		build_show_log(rp ? log_p : log_o);
	} else {
		r = 0;
	}
out:
	words_free(ao);
	words_free(ap);
	kbuild_cmd_free(&k);
	free(src);
	free(log_o);
	free(log_p);
	return r;
}

int compile_units(struct build_job *job)
{
	for (int i = 0; i < job->nunits; i++) {
		build_progress("compiling %s before and after the patch", job->units[i].file);
		if (compile_unit(job, &job->units[i], i))
			return -1;
	}
	return 0;
}
