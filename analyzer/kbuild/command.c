/*
 * kbuild's own command for one object, for everything that compiles a
 * file as the kernel does (the builder) or needs its flags (the source
 * tier): `make -s -n CC=<cc> dir/file.o` in the tree prints the recipe of
 * the single-object target (gcc command, then objtool's) without running
 * it.  The compiler must be the one .config names in
 * CONFIG_CC_VERSION_TEXT: another one would make kbuild re-run
 * syncconfig, and with -n make still runs the recipes that remake its
 * makefiles.
 *
 * The dry run takes 2-8 s, a compile ~1 s: its output is cached in
 * $KPCHECK_CACHE/build-cmd, outside the tree, and trusted while newer
 * than .config and the directory's Makefile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/model/tree.h"
#include "lib/cache.h"
#include "lib/util.h"

char *kbuild_cc(const char *tree)
{
	static const char key[] = "\nCONFIG_CC_VERSION_TEXT=\"";
	char err[256], *buf, *p, *cc = NULL;
	size_t len;

	if (tree_read(tree, ".config", &buf, &len, err, sizeof(err)) != 0)
		return NULL;
	p = strstr(buf, key);
	if (p) {
		p += strlen(key);
		/* "Debian clang version 14.0.6": the compiler is not the first word */
		cc = strstr(p, "clang") && strstr(p, "clang") < strchr(p, '\n') ?
		     xstrdup("clang") : xstrndup(p, strcspn(p, " \"\n"));
	}
	free(buf);
	if (cc && !*cc) {
		free(cc);
		cc = NULL;
	}
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
			 struct kbuild_cmd *k)
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
	char *dir = cache_dir("build-cmd"), *key, *r;

	if (!dir)
		return NULL;
	key = xasprintf("%s/%s", tree, path);
	for (char *p = key; *p; p++)
		if (*p == '/')
			*p = '_';
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

static int fail(char *err, size_t errlen, const char *where, const char *what)
{
	snprintf(err, errlen, "%s%s%s", where, *what == '.' ? "/" : ": ", what);
	return -1;
}

int kbuild_command(const char *tree, const char *path, struct kbuild_cmd *k,
		   char *err, size_t errlen)
{
	char *cc = kbuild_cc(tree), *cache, *out, *obj;
	int r = -1;

	memset(k, 0, sizeof(*k));
	if (!cc)
		return fail(err, errlen, tree,
			    ".config: no CONFIG_CC_VERSION_TEXT: not a configured tree");
	if (!plain_word(cc) || !plain_word(path) || !str_ends(path, ".c") ||
	    !(cache = cache_path(tree, path))) {
		free(cc);
		return fail(err, errlen, path, "kbuild cannot be asked for its command");
	}
	if (!cache_fresh(tree, path, cache)) {
		obj = xasprintf("%.*so", (int)strlen(path) - 1, path);
		kbuild_dry_run(tree, cc, obj, cache);
		free(obj);
	}
	out = read_text(cache);
	if (out)
		r = parse_dry_run(out, cc, path, k);
	if (r) {
		snprintf(err, errlen, "%s: kbuild prints no compile command for it (see %s)",
			 path, cache);
		unlink(cache);
	}
	free(out);
	free(cache);
	free(cc);
	return r;
}

void kbuild_cmd_free(struct kbuild_cmd *k)
{
	free(k->cc);
	free(k->objtool);
	memset(k, 0, sizeof(*k));
}
