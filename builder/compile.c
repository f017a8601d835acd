/*
 * Compiling a touched file twice, as kbuild compiles it for the kernel:
 * the original from the tree, and the post-image from a private scratch
 * copy.  The tree is only read: the commands run with the tree as their
 * working directory (kbuild's relative -I paths), but every output goes
 * into the scratch directory and kbuild's dependency file is not written.
 *
 * The command is kbuild's own, from a dry run (`make -n DIR/FILE.o`, the
 * compiler .config names, or kbuild would re-run syncconfig and write the
 * tree), cached outside the tree while newer than .config and the
 * directory's Makefile: the dry run takes 2-8 s, the compile ~1 s.
 * Added: -ffunction-sections -fdata-sections, so each function and datum
 * has a section of its own to carry; -g dropped (debug info is not
 * carried).  Both objects then go through the tree's objtool with
 * kbuild's arguments: the patched one for the ORC unwind data the
 * reliable stack checks of the livepatch transition need.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/model/tree.h"
#include "lib/util.h"
#include "builder/build.h"

struct kcmd {
	char *cc;		/* the gcc command, as kbuild prints it */
	char *objtool;		/* the objtool command, or NULL */
};

static char *config_value(const char *tree, const char *key)
{
	char err[256], *buf, *p, *v = NULL;
	size_t len;
	char *pat = xasprintf("\n%s=\"", key);

	if (tree_read(tree, ".config", &buf, &len, err, sizeof(err)) == 0) {
		if ((p = strstr(buf, pat)))
			v = xstrndup(p + strlen(pat), strcspn(p + strlen(pat), " \"\n"));
		free(buf);
	}
	free(pat);
	return v;
}

/* The part of @line from @start up to and including @end; NULL if absent. */
static char *between(const char *line, const char *start, const char *end)
{
	const char *a = strstr(line, start), *b;

	if (!a || !(b = strstr(a, end)))
		return NULL;
	return xstrndup(a, b + strlen(end) - a);
}

/* kbuild's recipe line for @path: gcc with its dependency file, then objtool. */
static int parse_dry_run(const char *out, const char *cc, const char *path,
			 struct kcmd *k)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	char *start = xasprintf("%s -Wp,-MMD,%.*s.%.*so.d", cc, (int)(base - path), path,
				(int)strlen(base) - 1, base);
	char *tail = xasprintf(" %s", path), *line, *s;
	const char *at = strstr(out, start), *eol;

	if (at) {
		eol = strchr(at, '\n');
		line = eol ? xstrndup(at, eol - at) : xstrdup(at);
		k->cc = between(line, start, tail);
		s = xasprintf(" %.*so;", (int)strlen(path) - 1, path);
		k->objtool = between(line, "./tools/objtool/objtool ", s);
		if (k->objtool)
			k->objtool[strlen(k->objtool) - 1] = 0;
		free(s);
		free(line);
	}
	free(start);
	free(tail);
	return k->cc ? 0 : -1;
}

static char *cache_path(const char *tree, const char *path)
{
	const char *base = getenv("KPCHECK_CACHE");
	const char *home = getenv("HOME");
	char *dir = base ? xasprintf("%s/build-cmd", base) :
		    xasprintf("%s/.cache/kpcheck/build-cmd", home ? home : "/tmp");
	char *key = xasprintf("%s/%s", tree, path), *r;

	for (char *p = key; *p; p++)
		if (*p == '/')
			*p = '_';
	mkdir(dir, 0755);
	r = xasprintf("%s/%s", dir, key);
	free(dir);
	free(key);
	return r;
}

static bool cache_fresh(const char *tree, const char *path, const char *cache)
{
	struct stat c, s;
	char *cfg = xasprintf("%s/.config", tree);
	char *mk = xasprintf("%s/%.*s/Makefile", tree,
			     (int)(strrchr(path, '/') ? strrchr(path, '/') - path : 1),
			     strrchr(path, '/') ? path : ".");
	bool ok = !stat(cache, &c) && !stat(cfg, &s) && c.st_mtime > s.st_mtime &&
		  (stat(mk, &s) || c.st_mtime > s.st_mtime);

	free(cfg);
	free(mk);
	return ok;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		return NULL;
	n = getdelim(&buf, &cap, 0, f);
	fclose(f);
	if (n <= 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* kbuild's recipe for @path's object: cached, else a dry run. */
static int kbuild_command(struct build_job *job, const char *path, struct kcmd *k)
{
	char *cc = config_value(job->tree, "CONFIG_CC_VERSION_TEXT");
	char *cache = cache_path(job->tree, path), *out, *obj;
	int r = -1;

	if (!cc) {
		fprintf(stderr, "kpcheck: %s/.config: no CONFIG_CC_VERSION_TEXT: not a configured tree\n",
			job->tree);
		free(cache);
		return -1;
	}
	if (!cache_fresh(job->tree, path, cache)) {
		obj = xasprintf("%.*so", (int)strlen(path) - 1, path);
		kbuild_dry_run(job->tree, cc, obj, cache);
		free(obj);
	}
	out = read_text(cache);
	if (out)
		r = parse_dry_run(out, cc, path, k);
	if (r) {
		fprintf(stderr, "kpcheck: %s: kbuild prints no compile command for it (see %s)\n",
			path, cache);
		unlink(cache);
	}
	free(out);
	free(cache);
	free(cc);
	return r;
}

/* Split a command line into words: quotes and backslashes as sh does. */
static int split_words(const char *s, char ***w)
{
	int n = 0;

	*w = NULL;
	while (*s) {
		char *word = xmalloc(strlen(s) + 1), *p = word, q = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s) {
			free(word);
			break;
		}
		for (; *s && (q || (*s != ' ' && *s != '\t')); s++) {
			if (q && *s == q)
				q = 0;
			else if (!q && (*s == '\'' || *s == '"'))
				q = *s;
			else if (*s == '\\' && q != '\'' && s[1])
				*p++ = *++s;
			else
				*p++ = *s;
		}
		*p = 0;
		*VEC_PUSH(*w, n) = word;
	}
	*VEC_PUSH(*w, n) = NULL;
	return n - 1;
}

static void free_words(char **w)
{
	for (char **p = w; p && *p; p++)
		free(*p);
	free(w);
}

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

/* kbuild's gcc command, rewritten to compile @src into @out. */
static char **compile_argv(const struct kcmd *k, const char *tree, const char *path,
			   const char *src_root, const char *out)
{
	char **w, **argv = NULL;
	int nw = split_words(k->cc, &w), n = 0;

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
	*VEC_PUSH(argv, n) = src_root ? xasprintf("%s/%s", src_root, path) : xstrdup(path);
	*VEC_PUSH(argv, n) = NULL;
	free_words(w);
	return argv;
}

static pid_t spawn(char **argv, const char *dir, const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		/* A make of ours must not join the jobserver of a make above us. */
		unsetenv("MAKEFLAGS");
		unsetenv("MFLAGS");
		unsetenv("MAKELEVEL");
		if (dir && chdir(dir))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int reap(pid_t pid)
{
	int st;

	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int build_run(char *const argv[], const char *dir, const char *log)
{
	return reap(spawn((char **)argv, dir, log));
}

static int run_objtool(struct build_job *job, const struct kcmd *k, const char *obj,
		       const char *log)
{
	char **w, **argv = NULL;
	int nw, n = 0, r;

	if (!k->objtool)
		return 0;
	nw = split_words(k->objtool, &w);
	for (int i = 0; i < nw - 1; i++)
		*VEC_PUSH(argv, n) = i ? xstrdup(w[i]) :
				    xasprintf("%s/tools/objtool/objtool", job->tree);
	*VEC_PUSH(argv, n) = xstrdup(obj);
	*VEC_PUSH(argv, n) = NULL;
	r = build_run(argv, job->tree, log);
	free_words(argv);
	free_words(w);
	return r;
}

/*
 * Both compiles at once (two cores here), then objtool on both objects:
 * the patched one for its ORC data, the original so that the object
 * tier's cross-check (crosscheck.c) compares like with like.
 */
static int compile_unit(struct build_job *job, struct build_unit *u, int i)
{
	struct kcmd k = { 0 };
	char *src = xasprintf("%s/src", job->tmp);
	char *log_o = xasprintf("%s/orig-%d.log", job->tmp, i);
	char *log_p = xasprintf("%s/patched-%d.log", job->tmp, i);
	char **ao = NULL, **ap = NULL;
	int r = -1;

	if (kbuild_command(job, u->file, &k))
		goto out;
	u->orig_o = xasprintf("%s/orig-%d.o", job->tmp, i);
	u->patched_o = xasprintf("%s/patched-%d.o", job->tmp, i);
	ao = compile_argv(&k, job->tree, u->file, NULL, u->orig_o);
	ap = compile_argv(&k, job->tree, u->file, src, u->patched_o);
	pid_t po = spawn(ao, job->tree, log_o), pp = spawn(ap, job->tree, log_p);
	int ro = reap(po), rp = reap(pp);

	if (ro || rp) {
		fprintf(stderr, "kpcheck: %s: %s compile failed:\n", u->file,
			ro ? "original" : "patched");
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
	free_words(ao);
	free_words(ap);
	free(k.cc);
	free(k.objtool);
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
