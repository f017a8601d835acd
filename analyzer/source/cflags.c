/*
 * Compile flags per file.  A prepared Debian tree (make prepare, no build)
 * has neither compile_commands.json nor .o.cmd files, so the usual source
 * is a kbuild dry run: `make -n CC=<the .config's compiler> dir/file.o`
 * prints the gcc command without running it (measured: 1.5-1.7 s here).
 * Its answer is cached outside the tree, in $KPCHECK_CACHE (default
 * ~/.cache/kpcheck)/flags/, and trusted while it is newer than the tree's
 * .config and the directory's Makefile.  The CC given must be the one
 * .config was made with, or kbuild would re-run syncconfig and write the
 * tree.
 *
 * The gcc command becomes clang arguments by keeping only what shapes
 * the preprocessor and the types (-D, -U, -I, -include, -std, -m64, ...):
 * clang rejects many of kbuild's gcc code-generation options
 * (-mrecord-mcount, -fconserve-stack, -mindirect-branch-register,
 * -fno-allow-store-data-races, -mskip-rax-setup, -fmin-function-alignment,
 * ...) and a syntax-only parse needs none of them.  -w: warnings cost time
 * and are not ours to report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "analyzer/source/cflags.h"
#include "analyzer/source/cflags-src.h"
#include "lib/util.h"

static void push(struct cflags *cf, char *arg)
{
	*VEC_PUSH(cf->argv, cf->argc) = arg;
}

/* The path argument of -I/-include, absolute. */
static char *abs_path(const char *tree, const char *p)
{
	if (p[0] == '/')
		return xstrdup(p);
	if (p[0] == '.' && p[1] == '/')
		p += 2;
	return xasprintf("%s/%s", tree, p);
}

static bool keep_plain(const char *a)
{
	static const char *const exact[] = {
		"-nostdinc", "-m64", "-m32", "-mno-sse", "-mno-sse2", "-mno-mmx",
		"-mno-avx", "-mno-3dnow", "-mno-80387", "-fshort-wchar",
		"-fno-PIE", "-fno-pie", "-funsigned-char", "-fsigned-char",
		"-fno-common", "-ffreestanding", "-fms-extensions", "-mfentry",
		"-pg", "-fno-strict-aliasing", NULL,
	};

	for (int i = 0; exact[i]; i++)
		if (!strcmp(a, exact[i]))
			return true;
	return str_starts(a, "-D") || str_starts(a, "-U") ||
	       str_starts(a, "-std=") || str_starts(a, "-O") ||
	       str_starts(a, "-mcmodel=") || str_starts(a, "-fno-builtin") ||
	       str_starts(a, "-fstack-protector") || str_starts(a, "-march=");
}

/* Options taking a path, joined (-I./x) or as the next word. */
static int path_option(const char *a)
{
	static const char *const opts[] = { "-I", "-include", "-isystem",
					    "-iquote", "-imacros", NULL };

	for (int i = 0; opts[i]; i++)
		if (str_starts(a, opts[i]))
			return i;
	return -1;
}

static void filter_words(const char *tree, char **w, int n, struct cflags *cf)
{
	static const char *const opts[] = { "-I", "-include", "-isystem",
					    "-iquote", "-imacros" };

	/* w[0] is the compiler */
	for (int i = 1; i < n; i++) {
		int po = path_option(w[i]);

		if (po >= 0) {
			const char *p = w[i] + strlen(opts[po]);

			if (!*p && i + 1 < n)
				p = w[++i];
			push(cf, xstrdup(opts[po]));
			push(cf, abs_path(tree, p));
		} else if (keep_plain(w[i])) {
			push(cf, xstrdup(w[i]));
		} else if (!strcmp(w[i], "-o") || !strcmp(w[i], "-MF")) {
			i++;
		}
	}
	push(cf, xstrdup("-w"));
}

void cflags_from_command(const char *tree, const char *cmd, struct cflags *cf)
{
	char **w = NULL;
	int n = shell_words(cmd, &w);

	filter_words(tree, w, n, cf);
	words_free(w);
}

void cflags_free(struct cflags *cf)
{
	for (int i = 0; i < cf->argc; i++)
		free(cf->argv[i]);
	free(cf->argv);
	cf->argv = NULL;
	cf->argc = 0;
}

int cflags_get(const char *tree, const char *path, struct cflags *cf,
	       char *err, size_t errlen)
{
	memset(cf, 0, sizeof(*cf));
	if (flags_from_ccjson(tree, path, cf) == 0)
		return 0;
	if (flags_from_cmd_file(tree, path, cf) == 0)
		return 0;
	if (flags_from_cache(tree, path, cf) == 0)
		return 0;
	if (flags_from_dry_run(tree, path, cf) == 0) {
		flags_to_cache(tree, path, cf);
		return 0;
	}
	if (flags_builtin(tree, path, cf) == 0)
		return 0;
	snprintf(err, errlen, "%s: no compile flags for it", path);
	return -1;
}
