/*
 * Where compile flags come from: compile_commands.json, kbuild's .cmd
 * files, the flags cache, a kbuild dry run and the built-in x86_64 set.
 * Tree files are read with tree_read() (beneath the root only); kbuild is
 * only ever run with -n, and its environment's MAKEFLAGS is cleared so a
 * `make check` jobserver or -k does not leak into it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/source/cflags-src.h"
#include "analyzer/model/tree.h"
#include "lib/cache.h"
#include "lib/util.h"

static char *object_of(const char *path)
{
	char *o = xstrdup(path);

	o[strlen(o) - 1] = 'o';
	return o;
}

static json_t *ccjson_entry(const char *buf, size_t len, const char *path)
{
	char *needle = xasprintf("/%s\"", path);
	const char *p = buf, *start, *end;
	json_t *j = NULL;

	while (!j && (p = strstr(p, needle))) {
		start = p;
		while (start > buf && *start != '{')
			start--;
		end = strchr(p, '}');
		p += strlen(needle);
		if (*start == '{' && end)
			j = json_loadb(start, end - start + 1, 0, NULL);
		if (j && !json_is_string(json_object_get(j, "command"))) {
			json_decref(j);
			j = NULL;
		}
	}
	(void)len;
	free(needle);
	return j;
}

int flags_from_ccjson(const char *tree, const char *path, struct cflags *cf)
{
	char err[256], *buf;
	size_t len;
	json_t *j;

	if (tree_read(tree, "compile_commands.json", &buf, &len, err,
		      sizeof(err)) != 0)
		return -1;
	j = ccjson_entry(buf, len, path);
	free(buf);
	if (!j)
		return -1;
	cflags_from_command(tree, json_string_value(json_object_get(j, "command")), cf);
	cf->origin = "compile_commands.json";
	json_decref(j);
	return 0;
}

/* "cmd_dir/f.o := gcc ...; objtool ..." -> the gcc part. */
static char *cmd_line_command(const char *buf)
{
	const char *p = strstr(buf, ":= "), *end;

	if (!p)
		return NULL;
	p += 3;
	end = p + strcspn(p, ";\n");
	return xstrndup(p, end - p);
}

int flags_from_cmd_file(const char *tree, const char *path, struct cflags *cf)
{
	const char *slash = strrchr(path, '/');
	char *obj = object_of(slash ? slash + 1 : path), *cmd, *buf, err[256];
	char *name = xasprintf("%.*s.%s.cmd", slash ? (int)(slash - path + 1) : 0,
			       path, obj);
	size_t len;
	int r = tree_read(tree, name, &buf, &len, err, sizeof(err));

	free(obj);
	free(name);
	if (r != 0)
		return -1;
	cmd = cmd_line_command(buf);
	free(buf);
	if (!cmd)
		return -1;
	cflags_from_command(tree, cmd, cf);
	cf->origin = "kbuild .cmd file";
	free(cmd);
	return 0;
}

/* $KPCHECK_CACHE/flags/TREE/PATH.flags, with '/' made '_' and '%'. */
static char *cache_file(const char *tree, const char *path)
{
	char *t = xstrdup(tree), *p = xstrdup(path), *sub, *dir, *r = NULL;

	for (char *c = t; *c; c++)
		*c = *c == '/' ? '_' : *c;
	for (char *c = p; *c; c++)
		*c = *c == '/' ? '%' : *c;
	sub = xasprintf("flags/%s", t);
	dir = cache_dir(sub);
	if (dir)
		r = xasprintf("%s/%s.flags", dir, p);
	free(dir);
	free(sub);
	free(t);
	free(p);
	return r;
}

static long mtime_of(const char *tree, const char *rel)
{
	char *p = xasprintf("%s/%s", tree, rel);
	struct stat st;
	long t = stat(p, &st) == 0 ? (long)st.st_mtime : 0;

	free(p);
	return t;
}

/* The cache is stale once .config or the directory's Makefile is newer. */
static bool cache_fresh(const char *tree, const char *path, long cached)
{
	const char *slash = strrchr(path, '/');
	char *mk = xasprintf("%.*sMakefile", slash ? (int)(slash - path + 1) : 0,
			     path);
	bool fresh = cached > mtime_of(tree, ".config") &&
		     cached > mtime_of(tree, mk) && cached > mtime_of(tree, "Makefile");

	free(mk);
	return fresh;
}

int flags_from_cache(const char *tree, const char *path, struct cflags *cf)
{
	char *file = cache_file(tree, path), line[4096];
	struct stat st;
	FILE *f = NULL;

	if (file && stat(file, &st) == 0 && cache_fresh(tree, path, st.st_mtime))
		f = fopen(file, "r");
	free(file);
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		*VEC_PUSH(cf->argv, cf->argc) = xstrdup(line);
	}
	fclose(f);
	cf->origin = "kbuild dry run (cached)";
	return cf->argc ? 0 : -1;
}

void flags_to_cache(const char *tree, const char *path, const struct cflags *cf)
{
	char *file = cache_file(tree, path), *tmp;
	FILE *f;

	/* a cache that cannot be written only costs the next run time */
	if (!file)
		return;
	tmp = xasprintf("%s.%d", file, (int)getpid());
	if ((f = fopen(tmp, "w"))) {
		for (int i = 0; i < cf->argc; i++)
			fprintf(f, "%s\n", cf->argv[i]);
		if (fclose(f) == 0)
			rename(tmp, file);
		unlink(tmp);
	}
	free(tmp);
	free(file);
}
