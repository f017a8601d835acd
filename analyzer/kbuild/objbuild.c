/*
 * Object builds on an overlay of the user's tree (see objbuild.h).
 *
 * Why an overlay: kbuild writes next to the sources (.o, .cmd, and, with
 * KCFLAGS that differ from the tree's last build, asm-offsets and modpost
 * too), and the tree must stay untouched.  A copy of a kernel tree is
 * ~1.5 GB; a symlink farm lets kbuild write through links.  overlayfs
 * gives a copy-on-write view for the price of a mount, and a private mount
 * namespace per build means no mount outlives the child, even on a crash.
 * Needs CAP_SYS_ADMIN, or an unprivileged user namespace (Linux >= 5.11).
 *
 * kbuild's one-off outputs for our flags (asm-offsets, modpost; ~10 s)
 * are kept in a layer under $KPCHECK_CACHE (default ~/.cache/kpcheck),
 * stacked between the scratch layer and the tree, so each later build
 * costs about one compile.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include "analyzer/kbuild/ccwrap.h"
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/kbuild/objbuild.h"
#include "analyzer/model/tree.h"
#include "lib/cache.h"
#include "lib/run.h"
#include "lib/util.h"

#define KFLAGS "KCFLAGS=-ffunction-sections -fdata-sections"

static int fail(struct objbuild *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct objbuild *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->err, sizeof(b->err), fmt, ap);
	va_end(ap);
	return -1;
}

char *objbuild_path(const struct objbuild *b, const char *rel)
{
	return xasprintf("%s/%s", b->scratch, rel);
}

static bool exists(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	bool ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

/* The tree's compiler ("gcc-12"); gcc when .config does not say. */
static char *tree_cc(const char *tree)
{
	char *cc = kbuild_cc(tree);

	return cc ? cc : xstrdup("gcc");
}

static int mkdirs(struct objbuild *b, const char *const *names, int n)
{
	for (int i = 0; i < n; i++) {
		char *p = objbuild_path(b, names[i]);
		int r = mkdir(p, 0700);

		free(p);
		if (r && errno != EEXIST)
			return fail(b, "%s: cannot create %s: %s", b->scratch, names[i],
				    strerror(errno));
	}
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void rm_tree(const char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Become root of a private mount namespace (a user namespace if need be). */
static int enter_namespace(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];
	int fd;

	if (unshare(CLONE_NEWNS) == 0)
		return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS))
		return -1;
	/* gid_map is refused unless setgroups is denied first */
	fd = open("/proc/self/setgroups", O_WRONLY);
	if (fd < 0 || write(fd, "deny", 4) < 0 || close(fd))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	fd = open("/proc/self/uid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, strlen(map)) < 0 || close(fd))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	fd = open("/proc/self/gid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, strlen(map)) < 0 || close(fd))
		return -1;
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

struct job {
	const char *upper, *work, *merged;
	const char *lower;		/* "prep:tree" or "tree" */
	const char *cc;
	const char *target;		/* object or "prepare" */
	const char *const *more;	/* further objects, built by the same make */
	int nmore;
	int jobs;			/* make -j, 0 for none */
	const struct ob_file *files;
	int nfiles;
	const char *log;
};

static int write_file(const char *merged, const struct ob_file *f)
{
	char *p = xasprintf("%s/%s", merged, f->path);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n = 0;

	free(p);
	if (fd < 0)
		return -1;
	for (size_t done = 0; done < f->len; done += n)
		if ((n = write(fd, f->text + done, f->len - done)) <= 0)
			break;
	return close(fd) || n < 0 ? -1 : 0;
}

/*
 * In the child, before make runs: its own mount namespace, the overlay
 * mounted, the files written, a stale object of the same name removed.
 */
static int setup(void *arg)
{
	const struct job *j = arg;
	char *opts = xasprintf("lowerdir=%s,upperdir=%s,workdir=%s", j->lower,
			       j->upper, j->work);

	if (enter_namespace() || mount("overlay", j->merged, "overlay", 0, opts)) {
		fprintf(stderr, "cannot mount an overlay of the tree: %s\n", strerror(errno));
		return 121;
	}
	for (int i = 0; i < j->nfiles; i++)
		if (write_file(j->merged, &j->files[i])) {
			fprintf(stderr, "cannot write %s: %s\n", j->files[i].path, strerror(errno));
			return 122;
		}
	for (int i = -1; strcmp(j->target, "prepare") && i < j->nmore; i++) {
		char *stale = xasprintf("%s/%s", j->merged, i < 0 ? j->target : j->more[i]);
		int r = unlink(stale) && errno != ENOENT ? 123 : 0;

		free(stale);
		if (r)
			return r;
	}
	return 0;
}

static int run_job(struct objbuild *b, const struct job *j)
{
	char *cc = xasprintf("CC=%s", j->cc), tail[600], *wrap[2];
	char *jobs = xasprintf("-j%d", j->jobs > 1 ? j->jobs : 1);
	char **argv = xcalloc(j->nmore + 8, sizeof(char *));
	struct run_job r = { .dir = j->merged, .out = j->log, .err = j->log,
			     .setup = setup, .arg = (void *)j };
	char **env;
	int rc, n = 0;

	argv[n++] = "make";
	argv[n++] = "-s";
	if (j->nmore) {
		argv[n++] = jobs;
		argv[n++] = "-k";	/* one object that fails must not stop the rest */
	}
	argv[n++] = cc;
	argv[n++] = KFLAGS;
	argv[n++] = (char *)j->target;
	for (int i = 0; i < j->nmore; i++)
		argv[n++] = (char *)j->more[i];
	r.argv = argv;

	/* ccache or distcc in front of the compiler (ccwrap.h) */
	run_prepare(&r);
	env = ccwrap_env(r.envp, j->cc, wrap);
	free(r.envp);
	r.envp = env;
	rc = run(&r);
	run_release(&r);
	free(argv);
	free(jobs);
	free(cc);
	free(wrap[0]);
	free(wrap[1]);
	if (rc == 0)
		return 0;
	run_log_error(j->log, tail, sizeof(tail));
	return fail(b, "building %s failed: %s", j->target, tail[0] ? tail : "make failed");
}

/* Hash @path's contents in the tree into @st (nothing if unreadable). */
static void hash_file(XXH3_state_t *st, const char *tree, const char *path)
{
	char err[256], *buf;
	size_t len;

	if (tree_read(tree, path, &buf, &len, err, sizeof(err)) != 0)
		return;
	XXH3_64bits_update(st, buf, len);
	free(buf);
}

/*
 * The prepared layer holds what `make prepare` generated from the tree's
 * .config and version (autoconf.h, asm-offsets, ...): it belongs to the
 * tree's path and to those files, so a reconfigured or updated tree gets
 * a new layer instead of stale generated headers.
 */
static uint64_t prep_key(const char *tree)
{
	XXH3_state_t *st = XXH3_createState();
	uint64_t h;

	if (!st)
		return 0;
	XXH3_64bits_reset(st);
	/* layers made before they were mounted at a fixed place differ */
	XXH3_64bits_update(st, "mounted at .mnt", 16);
	XXH3_64bits_update(st, tree, strlen(tree) + 1);
	hash_file(st, tree, ".config");
	hash_file(st, tree, "Makefile");
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return h;
}

/*
 * Run `make prepare` with our flags once per tree, into a layer of the
 * cache; stamped when complete, renamed into place so that concurrent
 * runs never see half a layer.  A failure only costs speed.
 */
static void make_prep_layer(struct objbuild *b, const char *cc, const char *layer)
{
	char *tmp = xasprintf("%s.%d", layer, (int)getpid());
	char *up = xasprintf("%s/upper", tmp), *work = xasprintf("%s/work", tmp);
	char *log = objbuild_path(b, "prepare.log");
	struct job j = { .upper = up, .work = work, .merged = b->mnt, .lower = b->tree,
			 .cc = cc, .target = "prepare", .log = log };

	fprintf(stderr, "kpcheck: objects: preparing kbuild for object builds "
		"(once per tree, kept in %s)\n", layer);
	if (mkdir(tmp, 0700) == 0 && mkdir(up, 0700) == 0 && mkdir(work, 0700) == 0 &&
	    run_job(b, &j) == 0 && rename(up, layer) == 0)
		b->prep = xstrdup(layer);
	rm_tree(tmp);
	free(tmp);
	free(up);
	free(work);
	free(log);
}

static void find_prep_layer(struct objbuild *b, const char *cc)
{
	char *cache = cache_dir(NULL), *layer;

	if (!cache)
		return;
	layer = xasprintf("%s/objprep-%016llx", cache,
			  (unsigned long long)prep_key(b->tree));
	/*
	 * kbuild records some paths absolute (objtool's and fixdep's .cmd
	 * files), so the layer is only reusable under the path it was made
	 * at: every build mounts its overlay on the same directory, each in
	 * its own mount namespace, so concurrent runs do not meet.
	 */
	free(b->mnt);
	b->mnt = xasprintf("%s.mnt", layer);
	if (mkdir(b->mnt, 0700) && errno != EEXIST) {
		free(b->mnt);
		b->mnt = objbuild_path(b, "merged");
		free(layer);
		free(cache);
		return;
	}
	if (access(layer, F_OK) == 0)
		b->prep = xstrdup(layer);
	else if (mkdir(cache, 0700) == 0 || errno == EEXIST)
		make_prep_layer(b, cc, layer);
	free(layer);
	free(cache);
}

static const char *const scratch_dirs[] = { "upper", "work", "merged", "pre", "post" };

int objbuild_open(struct objbuild *b, const char *tree)
{
	const char *tmp = getenv("TMPDIR");
	char real[PATH_MAX], *cc;

	memset(b, 0, sizeof(*b));
	if (!realpath(tree, real))
		return fail(b, "%s: %s", tree, strerror(errno));
	b->tree = xstrdup(real);
	if (!exists(real, ".config") || !exists(real, "include/generated/autoconf.h"))
		return fail(b, "%s: the tree is not configured and prepared "
			    "(make olddefconfig prepare)", tree);
	b->scratch = xasprintf("%s/kpcheck-objects.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(b->scratch)) {
		free(b->scratch);
		b->scratch = NULL;
		return fail(b, "cannot create a scratch directory: %s", strerror(errno));
	}
	if (mkdirs(b, scratch_dirs, sizeof(scratch_dirs) / sizeof(scratch_dirs[0])))
		return -1;
	b->mnt = objbuild_path(b, "merged");
	cc = tree_cc(real);
	find_prep_layer(b, cc);
	free(cc);
	return 0;
}

/* kbuild's ".name.o.cmd" beside @path ("dir/name.o"). */
static char *cmd_file(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path + 1) : 0;

	return xasprintf("%.*s.%s.cmd", dir, path, path + dir);
}

/*
 * The object, and its .cmd file beside it under kbuild's name: with
 * CONFIG_MODVERSIONS, Linux 5.19+ writes the exports' CRCs there
 * ("#SYMVER name 0xcrc"), no longer into the object.  The differ reads
 * them to prove a CRC change; a missing .cmd file only loses that proof.
 */
static int move_out(struct objbuild *b, const char *obj, const char *dest)
{
	char *built = xasprintf("%s/upper/%s", b->scratch, obj);
	char *cmd = cmd_file(built), *dcmd = cmd_file(dest);
	int r = rename(built, dest);

	if (r == 0)
		(void)rename(cmd, dcmd);
	free(built);
	free(cmd);
	free(dcmd);
	return r ? fail(b, "%s: kbuild made no object: %s", obj, strerror(errno)) : 0;
}

int objbuild_make(struct objbuild *b, const char *obj, const struct ob_file *files,
		  int nfiles, const char *dest)
{
	char *up = objbuild_path(b, "upper"), *work = objbuild_path(b, "work");
	char *log = objbuild_path(b, "build.log");
	char *lower = b->prep ? xasprintf("%s:%s", b->prep, b->tree) : xstrdup(b->tree);
	char *cc = tree_cc(b->tree);
	struct job j = { .upper = up, .work = work, .merged = b->mnt, .lower = lower,
			 .cc = cc, .target = obj, .files = files, .nfiles = nfiles,
			 .log = log };
	int r = run_job(b, &j);

	if (r == 0)
		r = move_out(b, obj, dest);
	free(up);
	free(work);
	free(log);
	free(lower);
	free(cc);
	return r;
}

int objbuild_make_many(struct objbuild *b, const char *const *objs, int nobjs,
		       const struct ob_file *files, int nfiles, const char *const *dests,
		       int jobs)
{
	char *up = objbuild_path(b, "upper"), *work = objbuild_path(b, "work");
	char *log = objbuild_path(b, "build.log");
	char *lower = b->prep ? xasprintf("%s:%s", b->prep, b->tree) : xstrdup(b->tree);
	char *cc = tree_cc(b->tree);
	struct job j = { .upper = up, .work = work, .merged = b->mnt, .lower = lower,
			 .cc = cc, .target = objs[0], .more = objs + 1, .nmore = nobjs - 1,
			 .jobs = jobs, .files = files, .nfiles = nfiles, .log = log };
	int r = run_job(b, &j), moved = 0;

	for (int i = 0; i < nobjs; i++) {
		char *built = xasprintf("%s/upper/%s", b->scratch, objs[i]);

		if (access(built, F_OK) == 0 && move_out(b, objs[i], dests[i]) == 0)
			moved++;
		free(built);
	}
	free(up);
	free(work);
	free(log);
	free(lower);
	free(cc);
	if (!moved && !r)
		r = fail(b, "kbuild made none of the %d objects", nobjs);
	return moved ? moved : -1;
}

void objbuild_close(struct objbuild *b)
{
	rm_tree(b->scratch);
	free(b->scratch);
	free(b->tree);
	free(b->prep);
	free(b->mnt);
	memset(b, 0, sizeof(*b));
}
