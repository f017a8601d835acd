/*
 * Kbuild reader for module-target: finds the line of the directory's
 * Makefile (or Kbuild) that names "file.o", follows composite objects
 * ("ext4-y += inode.o" then "obj-$(CONFIG_EXT4_FS) += ext4.o") and reads the
 * CONFIG symbol's value in .config, reading files only.  Files that
 * kbuild reaches some other way (#included .c files such as
 * kernel/sched/fair.c in 6.1) stay unknown rather than guessed.
 *
 * kbuild_dry_run() is the one place where kbuild itself runs on the
 * user's tree (make -n, for a file's compile command).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/model/tree.h"
#include "lib/run.h"
#include "lib/util.h"

#define MAX_COMPOSITE_DEPTH 4

static char *config_cache;
static char *config_tree;

static const char *config_text(const char *tree)
{
	char err[256];
	size_t len;

	if (config_tree && !strcmp(config_tree, tree))
		return config_cache;
	free(config_cache);
	free(config_tree);
	config_cache = NULL;
	config_tree = xstrdup(tree);
	if (tree_read(tree, ".config", &config_cache, &len, err, sizeof(err)) != 0)
		config_cache = NULL;
	return config_cache;
}

char kbuild_config(const char *tree, const char *sym)
{
	const char *cfg = config_text(tree), *p;
	size_t len = strlen(sym);

	for (p = cfg; p && (p = strstr(p, sym)); p += len) {
		bool line_start = p == cfg || p[-1] == '\n';

		if (line_start && p[len] == '=')
			return p[len + 1] == 'y' || p[len + 1] == 'm' ? p[len + 1] : 0;
	}
	return 0;
}

/* Makefile text with continuation lines joined, or NULL. */
static char *read_makefile(const char *tree, const char *dir)
{
	static const char *const names[] = { "Kbuild", "Makefile" };
	char err[256];

	for (int i = 0; i < 2; i++) {
		char *path = xasprintf("%s%s%s", dir, *dir ? "/" : "", names[i]);
		char *buf;
		size_t len;
		int r = tree_read(tree, path, &buf, &len, err, sizeof(err));

		free(path);
		if (r != 0)
			continue;
		for (char *p = buf; (p = strstr(p, "\\\n")); )
			p[0] = p[1] = ' ';
		return buf;
	}
	return NULL;
}

/* Does the right-hand side of @line name @word as a whole word? */
static bool rhs_names(const char *line, size_t len, const char *word)
{
	const char *eq = memchr(line, '=', len);

	return eq && has_word(eq + 1, len - (eq + 1 - line), word);
}

/* Find "LHS += ... word ..." and copy LHS (up to the operator) to @lhs. */
static bool find_assignment(const char *mk, const char *word, char *lhs, size_t lhs_size)
{
	for (const char *l = mk; l && *l; ) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		const char *op = memchr(l, '=', len);

		if (op && l[0] != '#' && rhs_names(l, len, word)) {
			size_t n = strcspn(l, " \t+:=");

			if (n >= lhs_size)
				n = lhs_size - 1;
			memcpy(lhs, l, n);
			lhs[n] = 0;
			return true;
		}
		l = nl ? nl + 1 : NULL;
	}
	return false;
}

/* "obj-$(CONFIG_FOO)" -> 'y'/'m'/0 with the symbol in @why. */
static char lhs_value(const char *tree, const char *lhs, char **why)
{
	const char *c = strstr(lhs, "$(CONFIG_");
	char sym[128];
	size_t n;
	char v;

	if (!c)
		return str_ends(lhs, "-m") ? 'm' : 'y';
	c += 2;
	n = strcspn(c, ")");
	if (n >= sizeof(sym))
		return 0;
	memcpy(sym, c, n);
	sym[n] = 0;
	v = kbuild_config(tree, sym);
	*why = v ? xasprintf("%s=%c", sym, v) : xasprintf("%s is not set", sym);
	return v;
}

static void set_result(struct kp_file_model *fm, const char *object, char *why)
{
	free(fm->object);
	free(fm->object_why);
	fm->object = xstrdup(object);
	fm->object_why = why;
}

/* Module names use '_' where the object file has '-'. */
static char *module_name(const char *obj)
{
	char *m = xstrndup(obj, strcspn(obj, "."));

	for (char *p = m; *p; p++)
		if (*p == '-')
			*p = '_';
	return m;
}

static void resolve(const char *tree, const char *mk, const char *obj,
		    struct kp_file_model *fm, int depth)
{
	char lhs[256], *why = NULL, *comp;
	char v;

	if (depth > MAX_COMPOSITE_DEPTH || !find_assignment(mk, obj, lhs, sizeof(lhs)))
		return;
	if (str_starts(lhs, "lib-")) {
		set_result(fm, "vmlinux", xstrdup("lib-y: linked only when referenced"));
		return;
	}
	if (str_starts(lhs, "obj-")) {
		v = lhs_value(tree, lhs, &why);
		if (v == 'm') {
			char *mod = module_name(obj);

			set_result(fm, mod, why);
			free(mod);
		} else {
			set_result(fm, v ? "vmlinux" : "none", why ? why : xstrdup("obj-y"));
		}
		return;
	}
	/* "ext4-y += inode.o" or "ext4-$(CONFIG_X) += inode.o" or "ext4-objs" */
	comp = xasprintf("%.*s.o", (int)(strrchr(lhs, '-') ? strrchr(lhs, '-') - lhs : (long)strlen(lhs)), lhs);
	resolve(tree, mk, comp, fm, depth + 1);
	if (!fm->object) {
		/* a list named elsewhere: "mmu-$(CONFIG_MMU) := rmap.o ..." and
		 * "obj-y := ... $(mmu-y)" (mm/), "isofs-objs := $(isofs-objs-y)" */
		char *var = xasprintf("$(%.*s-y)", (int)(strlen(comp) - 2), comp);
		char *cfg = strstr(lhs, "$(CONFIG_");

		if (!cfg || lhs_value(tree, lhs, &why))
			resolve(tree, mk, var, fm, depth + 1);
		free(var);
	}
	free(why);
	free(comp);
}

void kbuild_find_object(const char *tree, struct kp_file_model *fm)
{
	const char *path = fm->file->path;
	const char *slash = strrchr(path, '/');
	char *dir, *obj, *mk;

	if (fm->kind != FK_C_SOURCE && fm->kind != FK_ASM)
		return;
	dir = xstrndup(path, slash ? (size_t)(slash - path) : 0);
	obj = xasprintf("%.*s.o", (int)strcspn(slash ? slash + 1 : path, "."),
			slash ? slash + 1 : path);
	mk = read_makefile(tree, dir);
	if (mk)
		resolve(tree, mk, obj, fm, 0);
	free(mk);
	free(dir);
	free(obj);
}

/* "6.12.118", from the VERSION, PATCHLEVEL and SUBLEVEL lines of
 * DIR/Makefile, or NULL. */
char *kbuild_version(const char *dir)
{
	char *p = xasprintf("%s/Makefile", dir), *line = NULL;
	FILE *f = fopen(p, "r");
	long v[3] = { -1, -1, -1 };
	size_t cap = 0;
	int lines = 0;

	while (f && lines++ < 20 && getline(&line, &cap, f) > 0) {
		sscanf(line, "VERSION = %ld", &v[0]);
		sscanf(line, "PATCHLEVEL = %ld", &v[1]);
		sscanf(line, "SUBLEVEL = %ld", &v[2]);
	}
	if (f)
		fclose(f);
	free(line);
	free(p);
	return v[0] < 0 || v[1] < 0 || v[2] < 0 ? NULL : xasprintf("%ld.%ld.%ld", v[0], v[1], v[2]);
}

bool kbuild_builds(const char *tree, const char *path)
{
	struct kp_file f = { .path = path };
	struct kp_file_model fm = { .file = &f, .kind = FK_C_SOURCE };
	bool built;

	kbuild_find_object(tree, &fm);
	built = !fm.object || strcmp(fm.object, "none");
	free(fm.object);
	free(fm.object_why);
	return built;
}

/*
 * Even a dry run evaluates the Makefiles' $(shell) calls, and kbuild's
 * try-run (cc-option and friends) compiles its probes in TMPOUT, by
 * default .tmp_PID at the top of the tree: TMPOUT is pointed at a private
 * directory.  The runner keeps make out of the jobserver of a make above us.
 */
int kbuild_dry_run(const char *tree, const char *cc, const char *obj,
		   const char *out)
{
	char scratch[] = "/tmp/kpcheck-kbuild-XXXXXX";
	char *ccarg, *tmparg;
	int r;

	if (!mkdtemp(scratch))
		return -1;
	ccarg = xasprintf("CC=%s", cc);
	tmparg = xasprintf("TMPOUT=%s/probe", scratch);
	/* -n does not stop recipes that call $(MAKE): 6.1's "prepare: tools/objtool"
	 * and "tools/bpf/resolve_btfids" run their sub-make with MAKEFLAGS of
	 * their own and rebuild both in the tree (in place, through the hard
	 * links of a cp -al copy too).  -o takes them as up to date. */
	char *const argv[] = { "make", "-s", "-n", "-o", "tools/objtool",
			       "-o", "tools/bpf/resolve_btfids", ccarg, tmparg,
			       (char *)obj, NULL };
	struct run_job j = { .argv = argv, .dir = tree, .out = out };

	r = run(&j);
	run_release(&j);
	/* try-run removes its own probe directory on exit */
	rmdir(scratch);
	free(ccarg);
	free(tmparg);
	return r == 0 ? 0 : -1;
}

bool kbuild_drops_fentry(const char *tree, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = xstrndup(path, slash ? (size_t)(slash - path) : 0);
	char *mk = read_makefile(tree, dir);
	struct kbuild_cmd k;
	char err[256];
	bool drops = false;

	/* only a Makefile that removes ftrace flags is worth a dry run */
	if (mk && (strstr(mk, "ccflags-remove") || strstr(mk, "CFLAGS_REMOVE")) &&
	    kbuild_config(tree, "CONFIG_FUNCTION_TRACER") == 'y' &&
	    kbuild_command(tree, path, &k, err, sizeof(err)) == 0) {
		drops = k.cc && !strstr(k.cc, "-mfentry");
		kbuild_cmd_free(&k);
	}
	free(mk);
	free(dir);
	return drops;
}
