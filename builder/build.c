/*
 * `kpcheck build PATCH -C DIR -o X.ko [--target livepatch|kpcore]`: judge
 * the patch exactly as `kpcheck PATCH -C DIR` does (same report, same exit
 * code when it is not eligible, and then nothing is built), else make the
 * livepatch module in a private scratch directory, removed afterwards
 * unless --keep-tmp, and write X.ko atomically.
 *
 * The target kernel is the one --kernel names, else the one whose kbuild
 * directory /lib/modules/VER/build has the version of the tree -C names;
 * its image and symbol table follow from VER (/boot/vmlinuz-VER).
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "analyzer/kbuild/kbuild.h"
#include "lib/paths.h"
#include "lib/run.h"
#include "lib/util.h"
#include "builder/build.h"
#include "builder/manifest.h"

static const char build_usage[] =
	"usage: kpcheck build PATCH|MBOX|DIR... -C DIR [-o X.ko] [--target livepatch|kpcore]\n"
	"                     [--kernel VER] [--symbols vmlinuz|vmlinux|System.map] [--vmlinux FILE]\n"
	"                     [--keep-tmp] [--base PREVIOUS.ko [--allow-revert]] [--no-replace]\n"
	"       kpcheck build --print-symbols [--kernel VER] [--symbols FILE]\n";

/* Each file is compiled twice, one after the other, and diffed: a header
 * change set beyond this many files is a kernel update, not a livepatch. */
#define BUILD_MAX_FILES 64

static struct timespec build_start;
static char *volatile build_tmp;

void build_progress(const char *fmt, ...)
{
	struct timespec now;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr, "kpcheck build: [%5.1fs] ", (now.tv_sec - build_start.tv_sec) +
		(now.tv_nsec - build_start.tv_nsec) / 1e9);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void build_show_log(const char *log)
{
	FILE *f = fopen(log, "r");
	char **lines = NULL, *line = NULL;
	size_t cap = 0;
	int n = 0;

	while (f && getline(&line, &cap, f) > 0)
		*VEC_PUSH(lines, n) = xstrdup(line);
	for (int i = n > 40 ? n - 40 : 0; i < n; i++)
		fputs(lines[i], stderr);
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(line);
	if (f)
		fclose(f);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * An interrupted build leaves no scratch directory behind either: rm -rf,
 * prepared when the directory was made, since a signal handler must not
 * allocate.
 */
static char *rm_argv[4] = { "rm", "-rf", NULL, NULL };
static struct run_job rm_job = { .argv = rm_argv };

static void on_signal(int sig)
{
	if (build_tmp)
		run(&rm_job);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int make_tmp(struct build_job *job)
{
	const char *base = getenv("TMPDIR");
	char *t = xasprintf("%s/kpcheck-build.XXXXXX", base && *base ? base : "/tmp");

	if (!mkdtemp(t)) {
		fprintf(stderr, "kpcheck: %s: cannot create: %s\n", t, strerror(errno));
		free(t);
		return -1;
	}
	job->tmp = t;
	rm_argv[2] = t;
	run_prepare(&rm_job);
	build_tmp = t;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	return 0;
}

static void drop_tmp(struct build_job *job)
{
	if (!job->tmp)
		return;
	if (job->keep_tmp)
		build_progress("scratch directory kept: %s", job->tmp);
	else
		nftw(job->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	build_tmp = NULL;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
}

static bool kbuild_dir(const char *ver)
{
	char *p = xasprintf("/lib/modules/%s/build/Makefile", ver);
	bool ok = !access(p, R_OK);

	free(p);
	return ok;
}

/* Is /lib/modules/@rel a kbuild directory of kernel version @want? Its
 * source link holds the version (Debian's build/Makefile only includes it). */
static bool kernel_of_version(const char *rel, const char *want)
{
	char *src = xasprintf("/lib/modules/%s/source", rel), *v;
	bool yes;

	v = kbuild_version(src);
	if (!v) {
		free(src);
		src = xasprintf("/lib/modules/%s/build", rel);
		v = kbuild_version(src);
	}
	yes = kbuild_dir(rel) && v && !strcmp(v, want);
	free(v);
	free(src);
	return yes;
}

/*
 * The kernel the tree @tree is the source of: the one installed kbuild
 * directory of the same version.  Never the running kernel for being
 * the running one: a build host runs another kernel than its targets
 * (Debian's 6.1 and 6.12 are both installed side by side).
 */
static char *find_kernel(const char *tree)
{
	char *want = kbuild_version(tree), *found = NULL;
	struct dirent *e;
	DIR *d;
	int n = 0;

	if (!want) {
		fprintf(stderr, "kpcheck: %s/Makefile: no kernel version: name the kernel with --kernel\n",
			tree);
		return NULL;
	}
	d = opendir("/lib/modules");
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && kernel_of_version(e->d_name, want) && !n++)
			found = xstrdup(e->d_name);
	if (d)
		closedir(d);
	if (n > 1)
		fprintf(stderr, "kpcheck: headers of %d kernels of version %s in /lib/modules: "
			"name one with --kernel\n", n, want);
	else if (!n)
		fprintf(stderr, "kpcheck: no kernel headers of version %s (the tree's) in "
			"/lib/modules/*/build: install its linux-headers, or name one with --kernel\n",
			want);
	if (n != 1) {
		free(found);
		found = NULL;
	}
	free(want);
	return found;
}

bool kernel_has_livepatch(const struct build_job *job)
{
	char *cfg = xasprintf("%s/.config", job->kdir), *line = NULL;
	FILE *f = fopen(cfg, "r");
	size_t cap = 0;
	bool yes = false;

	while (f && getline(&line, &cap, f) > 0)
		if (!strcmp(line, "CONFIG_LIVEPATCH=y\n"))
			yes = true;
	if (f)
		fclose(f);
	free(line);
	free(cfg);
	return yes;
}

/*
 * kpcheck's kmod/: $KPCHECK_KMOD_DIR, else in the source tree above the
 * build directory of the binary, or in the installed share/kpcheck.
 */
static char *find_kmod(void)
{
	const char *env = getenv("KPCHECK_KMOD_DIR");
	char *data, *p;

	if (env)
		return xstrdup(env);
	data = kp_datadir();
	if (!data)
		return NULL;
	p = xasprintf("%s/kmod", data);
	free(data);
	if (access(p, R_OK)) {
		free(p);
		return NULL;
	}
	return p;
}

/* "fix-cmdline.ko" -> "fix_cmdline", as the kernel names modules. */
static char *module_name(const char *output)
{
	const char *slash = strrchr(output, '/'), *base = slash ? slash + 1 : output;
	char *name = xstrndup(base, str_ends(base, ".ko") ? strlen(base) - 3 : strlen(base));

	for (char *p = name; *p; p++)
		if (!is_ident_char((unsigned char)*p))
			*p = '_';
	return name;
}

enum {
	OPT_TARGET = 256, OPT_KEEP, OPT_KERNEL, OPT_SYMBOLS, OPT_VMLINUX, OPT_PRINT_SYMBOLS,
	OPT_BASE, OPT_ALLOW_REVERT, OPT_NO_REPLACE,
};

static const struct option build_options[] = {
	{ "tree", required_argument, NULL, 'C' },
	{ "output", required_argument, NULL, 'o' },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "keep-tmp", no_argument, NULL, OPT_KEEP },
	{ "symbols", required_argument, NULL, OPT_SYMBOLS },
	{ "vmlinux", required_argument, NULL, OPT_VMLINUX },
	{ "print-symbols", no_argument, NULL, OPT_PRINT_SYMBOLS },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "allow-revert", no_argument, NULL, OPT_ALLOW_REVERT },
	{ "no-replace", no_argument, NULL, OPT_NO_REPLACE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int usage_fail(const char *msg)
{
	fprintf(stderr, "kpcheck: build: %s\n%s", msg, build_usage);
	return 2;
}

/* -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct build_job *job, const char **target)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "C:o:h", build_options, NULL)) != -1) {
		switch (c) {
		case 'C': job->tree = optarg; break;
		case 'o': job->output = optarg; break;
		case OPT_TARGET: *target = optarg; break;
		case OPT_KERNEL: job->kver = xstrdup(optarg); break;
		case OPT_KEEP: job->keep_tmp = true; break;
		case OPT_SYMBOLS: job->symbols = optarg; break;
		case OPT_VMLINUX: job->vmlinux = optarg; break;
		case OPT_PRINT_SYMBOLS: job->print_symbols = true; break;
		case OPT_BASE: job->base = optarg; break;
		case OPT_ALLOW_REVERT: job->allow_revert = true; break;
		case OPT_NO_REPLACE: job->no_replace = true; break;
		case 'h': fputs(build_usage, stdout); return 0;
		default: return usage_fail("invalid option");
		}
	}
	if (job->print_symbols)
		return optind == argc ? -1 : usage_fail("--print-symbols takes no PATCH");
	if (optind == argc)
		return usage_fail("a PATCH wanted");
	if (series_inputs(job, argc - optind, argv + optind))
		return 2;
	if (!job->tree)
		return usage_fail("-C DIR is required");
	if (!job->output)
		job->output = job->default_output = modname_default_output(job->patch);
	if (*target && strcmp(*target, "livepatch") && strcmp(*target, "kpcore"))
		return usage_fail("--target wants livepatch or kpcore");
	if (job->vmlinux && !kimage_plausible(job->vmlinux)) {
		fprintf(stderr, "kpcheck: %s: cannot read, or neither a vmlinux nor a bzImage\n",
			job->vmlinux);
		return 2;
	}
	return -1;
}

static int load_exports(struct build_job *job)
{
	char *p = xasprintf("%s/Module.symvers", job->kdir);
	int r = symset_load_symvers(&job->exports, p);

	if (r < 0)
		fprintf(stderr, "kpcheck: %s: cannot read\n", p);
	free(p);
	return r;
}

static int setup_kernel(struct build_job *job, const char *target)
{
	if (!job->kver && !(job->kver = find_kernel(job->tree)))
		return -1;
	job->kdir = xasprintf("/lib/modules/%s/build", job->kver);
	if (!kbuild_dir(job->kver)) {
		fprintf(stderr, "kpcheck: %s: no kbuild directory\n", job->kdir);
		return -1;
	}
	job->target = target && !strcmp(target, "kpcore") ? TARGET_KPCORE :
		      target || kernel_has_livepatch(job) ? TARGET_LIVEPATCH : TARGET_KPCORE;
	if (job->target == TARGET_LIVEPATCH && !kernel_has_livepatch(job)) {
		fprintf(stderr, "kpcheck: kernel %s has no CONFIG_LIVEPATCH: use --target kpcore\n",
			job->kver);
		return -1;
	}
	if (!(job->kmod = find_kmod())) {
		fputs("kpcheck: kpcheck's kmod/ directory not found (set KPCHECK_KMOD_DIR)\n", stderr);
		return -1;
	}
	if (load_exports(job))
		return -1;
	if (job->base && (job->no_replace ? (fputs("kpcheck: build: --base replaces the "
			"base: not with --no-replace\n", stderr), -1) : base_load(job)))
		return -1;
	/* a table named on the command line must be usable before anything is built */
	if (job->symbols && kimage_load_symbols(job)) {
		fprintf(stderr, "kpcheck: %s\n", kimage_symbols_error(job));
		return -1;
	}
	return 0;
}

/* --print-symbols: the target's vmlinux table as a System.map, the way
 * kpcheck build finds it (with --kernel and --symbols). */
static int print_symbols(struct build_job *job)
{
	if (!job->kver && !job->tree) {
		fputs("kpcheck: --print-symbols: name the kernel with --kernel or its tree with -C\n",
		      stderr);
		return 2;
	}
	if (!job->kver && !(job->kver = find_kernel(job->tree)))
		return 2;
	job->kdir = xasprintf("/lib/modules/%s/build", job->kver);
	return kimage_print_symbols(job, stdout) ? 2 : 0;
}

static struct build_unit *unit_for(struct build_job *job, const struct kp_function *fn)
{
	struct build_unit *u;

	for (int i = 0; i < job->nunits; i++)
		if (!strcmp(job->units[i].file, fn->file))
			return &job->units[i];
	u = VEC_PUSH(job->units, job->nunits);
	u->file = fn->file;
	u->object = xstrdup(fn->object ? fn->object : "vmlinux");
	for (char *p = u->object; *p; p++)
		if (*p == '-')
			*p = '_';
	return u;
}

static int group_functions(struct build_job *job)
{
	for (int i = 0; i < job->j.nfunctions; i++) {
		const struct kp_function *fn = &job->j.functions[i];
		struct build_unit *u;

		if (!str_ends(fn->file, ".c")) {
			fprintf(stderr, "kpcheck: %s: function '%s' outside a .c file cannot be carried\n",
				fn->file, fn->name);
			return -1;
		}
		u = unit_for(job, fn);
		u->verdict_added = xrealloc(u->verdict_added,
					    (u->nverdict + 1) * sizeof(*u->verdict_added));
		u->verdict_added[u->nverdict] = fn->added;
		*VEC_PUSH(u->verdict, u->nverdict) = fn->name;
	}
	if (!job->nunits) {
		fputs("kpcheck: build: the verdict names no function to replace\n", stderr);
		return -1;
	}
	if (job->nunits > BUILD_MAX_FILES) {
		fprintf(stderr, "kpcheck: build: the change set spans %d files (a header "
			"change reaches them, see header-change and blast-radius); kpcheck "
			"build compiles at most %d: ship the fix in a kernel update, or fix "
			"it in the .c files instead of the header\n", job->nunits,
			BUILD_MAX_FILES);
		return -1;
	}
	return 0;
}

static int mkdirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	free(p);
	return 0;
}

/* The post-image of every patched file under tmp/src, tree-relative. */
static int write_sources(struct build_job *job)
{
	const struct kp_overlay *o = &job->j.files;

	for (int i = 0; i < o->n; i++) {
		char *path = xasprintf("%s/src/%s", job->tmp, o->paths[i]);
		FILE *f;

		if (!o->texts[i]) {
			free(path);
			continue;
		}
		mkdirs(path);
		f = fopen(path, "w");
		if (!f || fwrite(o->texts[i], 1, o->lens[i], f) != o->lens[i] || fclose(f)) {
			fprintf(stderr, "kpcheck: %s: cannot write: %s\n", path, strerror(errno));
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* The command judges the patch (@verdict_of fills job->j); only an eligible
 * verdict goes on to a build. */
static int judge_patch(struct build_job *job, build_judge_fn verdict_of)
{
	int code;

	build_progress("judging %s", job->patch);
	code = verdict_of(job);
	if (code == 1)
		fprintf(stderr, "kpcheck: build: %s is not eligible as it stands; nothing built\n",
			job->patch);
	else if (code == 3)
		fprintf(stderr, "kpcheck: build: %s changes no code; nothing built\n", job->patch);
	return code;
}

/* Two fixes that change one function: the module carries both, in patch order. */
static void report_overlaps(const struct build_job *job)
{
	for (int i = 0; i < job->j.nfunctions; i++)
		for (int k = i + 1; k < job->j.nfunctions; k++) {
			const struct kp_function *a = &job->j.functions[i], *b = &job->j.functions[k];

			if (a->patch != b->patch && !strcmp(a->name, b->name) &&
			    !strcmp(a->file, b->file))
				build_progress("note: %s: '%s' is changed by fixes %d and %d: the "
					       "module carries both, in patch order", a->file, a->name,
					       a->patch, b->patch);
		}
}

/* The manifest the module carries; the report against --base (1: refused). */
static int manifest_step(struct build_job *job)
{
	char *path = xasprintf("%s/mod/manifest.txt", job->tmp);
	struct manifest now;
	int r = 0;

	report_overlaps(job);
	base_states(job);
	if (manifest_write(job, path)) {
		free(path);
		return 2;
	}
	if (job->basem) {
		FILE *f = fopen(path, "r");
		char *buf = xmalloc(1 << 20);
		size_t n = f ? fread(buf, 1, (1 << 20) - 1, f) : 0;

		buf[n] = 0;
		if (f)
			fclose(f);
		if (manifest_parse(buf, n, &now) == 0) {
			r = base_report(job, &now) ? 1 : 0;
			manifest_free(&now);
		}
		free(buf);
	}
	free(path);
	return r;
}


/* The compiled objects through rules/: 1 (report shown) when one may not be carried. */
static int judge_objects(struct build_job *job)
{
	for (int i = 0; i < job->nunits; i++) {
		const struct build_unit *u = &job->units[i];
		char *report = xasprintf("%s/judge-%d.txt", job->tmp, i);
		int code = job->objects_of(u, report);

		if (code == 1) {
			FILE *f = fopen(report, "r");
			char buf[4096];
			size_t n;

			while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
				fwrite(buf, 1, n, stdout);
			if (f)
				fclose(f);
			fprintf(stderr, "kpcheck: build: %s: what the module would carry is not "
				"eligible as compiled; nothing built\n", u->file);
		} else if (code == 2) {
			fprintf(stderr, "kpcheck: build: %s: the object tier cannot judge it\n",
				u->file);
		}
		free(report);
		if (code == 1 || code == 2)
			return code;
	}
	return 0;
}

static int build_steps(struct build_job *job)
{
	char *ko = NULL;
	int r;

	if (group_functions(job) || make_tmp(job) || write_sources(job) ||
	    callbacks_write_compat(job))
		return 2;
	{
		char *mod = xasprintf("%s/mod", job->tmp);

		mkdir(mod, 0755);
		free(mod);
	}
	shadow_ids_find(job);
	if (compile_units(job))
		return 2;
	if ((r = judge_objects(job)))
		return r;
	if (diff_units(job) || extract_units(job))
		return 2;
	if ((r = manifest_step(job)))
		return r;
	r = module_build(job, &ko) || klp_convert(job, ko, job->output);
	free(ko);
	if (!r)
		build_progress("wrote %s", job->output);
	/* kpcore stacks patches: a module of several fixes replaces no earlier one */
	if (!r && job->target == TARGET_KPCORE && job->j.nfixes > 1)
		fprintf(stderr, "kpcheck: build: note: kpcore has no atomic replace: %s stacks "
			"on the kpcore patches loaded before it; unload those yourself\n",
			job->output);
	return r ? 2 : 0;
}

static void free_job(struct build_job *job)
{
	for (int i = 0; i < job->nunits; i++) {
		struct build_unit *u = &job->units[i];

		for (int f = 0; f < u->nout; f++) {
			free(u->out[f].old_name);
			free(u->out[f].alias);
		}
		free(u->out);
		for (int k = 0; k < CALLBACK_KINDS; k++)
			free(u->callbacks[k]);
		for (int k = 0; k < u->ncarried; k++)
			free(u->carried[k]);
		free(u->carried);
		for (int f = 0; f < u->nfuncs; f++)
			free(u->funcs[f]);
		free(u->funcs);
		free(u->added);
		free(u->verdict);
		free(u->verdict_added);
		free(u->object);
		free(u->orig_o);
		free(u->patched_o);
		free(u->carried_o);
	}
	free(job->units);
	for (int i = 0; i < job->nshadows; i++)
		free(job->shadows[i]);
	free(job->shadows);
	judgement_free(&job->j);
	symset_free(&job->exports);
	for (int i = 0; i < job->nklp_objs; i++)
		free(job->klp_objs[i]);
	free(job->klp_objs);
	kimage_free(job);
	free(job->kver);
	free(job->kdir);
	free(job->kmod);
	free(job->tmp);
	free(job->modname);
	free(job->default_output);
	for (int i = 0; i < job->npatches; i++)
		free(job->patches[i]);
	free(job->patches);
	for (int i = 0; i < job->nstates; i++)
		free(job->states[i].id);
	free(job->states);
	if (job->basem)
		manifest_free(job->basem);
	free(job->basem);
}

int build_command(int argc, char **argv, build_judge_fn verdict_of,
		  build_objects_fn objects_of)
{
	struct build_job job = { .objects_of = objects_of };
	const char *target = NULL;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &build_start);
	r = parse_args(argc, argv, &job, &target);
	if (r < 0 && job.print_symbols) {
		r = print_symbols(&job);
		free_job(&job);
		return r;
	}
	if (r < 0 && setup_kernel(&job, target))
		r = 2;
	if (r < 0 && series_sha256(&job))
		r = 2;
	/* a name the kernel would refuse is bad input: before any report */
	if (r < 0 && (job.modname = module_name(job.output)) && modname_check(&job))
		r = 2;
	if (r < 0 && (r = judge_patch(&job, verdict_of)) == 0)
		r = build_steps(&job);
	drop_tmp(&job);
	free_job(&job);
	return r;
}
