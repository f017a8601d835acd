/*
 * Asking kbuild: `make -s -n CC=<cc> dir/file.o` in the tree prints the
 * recipe of the single-object target (gcc command, then objtool's) without
 * running it.  The compiler is the one .config names in
 * CONFIG_CC_VERSION_TEXT: another one would make kbuild re-run syncconfig,
 * and with -n make still runs the recipes that remake its makefiles.
 * When kbuild has no answer (not a kbuild tree, no such object) the
 * built-in x86_64 flags of a 6.x kernel stand in.
 * The dry run itself is kbuild_dry_run(), which keeps the tree unwritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/source/cflags-src.h"
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/model/tree.h"
#include "lib/util.h"

/* First word of CONFIG_CC_VERSION_TEXT, e.g. "gcc-12", or NULL. */
static char *config_cc(const char *tree)
{
	char err[256], *buf, *p, *cc = NULL;
	size_t len;

	if (tree_read(tree, ".config", &buf, &len, err, sizeof(err)) != 0)
		return NULL;
	p = strstr(buf, "\nCONFIG_CC_VERSION_TEXT=\"");
	if (p) {
		p += strlen("\nCONFIG_CC_VERSION_TEXT=\"");
		cc = strstr(p, "clang") && strstr(p, "clang") < strchr(p, '\n')
		     ? xstrdup("clang") : xstrndup(p, strcspn(p, " \""));
	}
	free(buf);
	return cc;
}

/* make would split or expand anything else in a target or a variable. */
static bool plain_word(const char *s)
{
	for (; *s; s++)
		if (!is_ident_char((unsigned char)*s) && !strchr("/.-+,=", *s))
			return false;
	return true;
}

/* The gcc command of @path in kbuild's output line, or NULL. */
static char *compile_command(const char *line, const char *cc, const char *path)
{
	char *tail = xasprintf(" %s", path);
	char *ccw = xasprintf("; %s ", cc);
	const char *start = strstr(line, ccw), *end;
	char *r = NULL;

	if (start && (end = strstr(start, tail)) &&
	    (end[strlen(tail)] == ' ' || end[strlen(tail)] == ';' ||
	     end[strlen(tail)] == '\n'))
		r = xstrndup(start + 2, end + strlen(tail) - (start + 2));
	free(tail);
	free(ccw);
	return r;
}

static char *dry_run(const char *tree, const char *cc, const char *path)
{
	char *obj = xstrdup(path), *line = NULL, *found = NULL;
	char out[] = "/tmp/kpcheck-dry-run-XXXXXX";
	size_t cap = 0;
	int fd = mkstemp(out);
	FILE *f;

	if (fd < 0) {
		free(obj);
		return NULL;
	}
	close(fd);
	obj[strlen(obj) - 1] = 'o';
	if (kbuild_dry_run(tree, cc, obj, out) == 0 && (f = fopen(out, "r"))) {
		while (getline(&line, &cap, f) > 0)
			if (!found)
				found = compile_command(line, cc, path);
		fclose(f);
	}
	unlink(out);
	free(line);
	free(obj);
	return found;
}

int flags_from_dry_run(const char *tree, const char *path, struct cflags *cf)
{
	char *cc = config_cc(tree), *cmd = NULL;

	if (cc && plain_word(cc) && plain_word(path) &&
	    str_ends(path, ".c"))
		cmd = dry_run(tree, cc, path);
	free(cc);
	if (!cmd)
		return -1;
	cflags_from_command(tree, cmd, cf);
	cf->origin = "kbuild dry run";
	free(cmd);
	return 0;
}

int flags_builtin(const char *tree, const char *path, struct cflags *cf)
{
	static const char *const cmd =
		"cc -nostdinc -I./arch/x86/include -I./arch/x86/include/generated "
		"-I./include -I./arch/x86/include/uapi "
		"-I./arch/x86/include/generated/uapi -I./include/uapi "
		"-I./include/generated/uapi "
		"-include ./include/linux/compiler-version.h "
		"-include ./include/linux/kconfig.h "
		"-include ./include/linux/compiler_types.h -D__KERNEL__ "
		"-std=gnu11 -fshort-wchar -fno-PIE -m64 -mno-sse -mno-mmx "
		"-mno-sse2 -mno-3dnow -mno-avx -mcmodel=kernel -O2 -pg -mfentry "
		"-DCC_USING_FENTRY";
	const char *slash = strrchr(path, '/');
	char *base = xstrndup(slash ? slash + 1 : path,
			      strcspn(slash ? slash + 1 : path, "."));
	char *full = xasprintf("%s -I./%.*s -DKBUILD_BASENAME='\"%s\"' "
			       "-DKBUILD_MODNAME='\"%s\"' -D__KBUILD_MODNAME=kmod_%s",
			       cmd, slash ? (int)(slash - path) : 1,
			       slash ? path : ".", base, base, base);

	cflags_from_command(tree, full, cf);
	cf->origin = "built-in x86_64 flags";
	free(base);
	free(full);
	return 0;
}
