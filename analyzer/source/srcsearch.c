/*
 * Text searches of the tree, for the facts that would otherwise need
 * parsing it all: a .c file to parse a patched header through, the other
 * files that name a changed inline function, and the definition of a
 * static key declared in a header.  GNU grep does the scanning (0.7 s
 * over the 6.1 tree's .c files when cached, measured here), run from the
 * tree root with paths and patterns quoted; it only reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/source/srctier.h"
#include "analyzer/model/tree.h"
#include "lib/util.h"

#define MAX_EXAMPLES 5
/* Where an includer is looked for first: core code, built in any config. */
static const char *const core_dirs = "kernel mm fs init block ipc net/core lib";

static bool quotable(const char *s)
{
	return !strchr(s, '\'') && !strchr(s, '\n');
}

/* Run @cmd in @tree; return its output lines (at most @max). */
static int run_lines(const char *tree, const char *cmd, char ***out, int max)
{
	char *full = xasprintf("cd '%s' && %s 2>/dev/null", tree, cmd);
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	FILE *p = quotable(tree) ? popen(full, "r") : NULL;

	*out = NULL;
	while (p && getline(&line, &cap, p) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (n < max)
			*VEC_PUSH(*out, n) = xstrdup(line[0] == '.' && line[1] == '/' ?
						     line + 2 : line);
	}
	if (p)
		pclose(p);
	free(line);
	free(full);
	return n;
}

static void free_lines(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* How .c files name the header: <linux/fs.h>, or "sched.h" next to it. */
static char *include_spelling(const char *path)
{
	static const char *const roots[] = { "include/uapi/", "include/",
		"arch/x86/include/uapi/", "arch/x86/include/generated/",
		"arch/x86/include/", NULL };
	const char *slash = strrchr(path, '/');

	for (int i = 0; roots[i]; i++)
		if (str_starts(path, roots[i]))
			return xasprintf("<%s>", path + strlen(roots[i]));
	return xasprintf("\"%s\"", slash ? slash + 1 : path);
}

static bool is_built(const char *tree, const char *c_file)
{
	struct kp_file kf = { .path = c_file };
	struct kp_file_model fm = { .file = &kf };
	bool built;

	kbuild_find_object(tree, &fm);
	built = !fm.object || strcmp(fm.object, "none");
	free(fm.object);
	free(fm.object_why);
	return built;
}

/* include/linux/skbuff.h -> net/core/skbuff.c: the header's own code. */
static char *same_name_includer(const char *tree, const char *path,
				const char *spell)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *list = xstrdup(core_dirs), *save = NULL, *found = NULL;
	char *inc = xasprintf("#include %s", spell);

	for (char *d = strtok_r(list, " ", &save); d && !found;
	     d = strtok_r(NULL, " ", &save)) {
		char *c = xasprintf("%s/%.*s.c", d, (int)strcspn(base, "."), base);
		char err[256], *buf;
		size_t len;

		if (tree_read(tree, c, &buf, &len, err, sizeof(err)) == 0) {
			if (strstr(buf, inc) && is_built(tree, c))
				found = xstrdup(c);
			free(buf);
		}
		free(c);
	}
	free(inc);
	free(list);
	return found;
}

char *search_includer(const char *tree, const char *path)
{
	char *spell = include_spelling(path), *dir = xstrndup(path, strrchr(path, '/') ?
				(size_t)(strrchr(path, '/') - path) : 0);
	char *cmd, **v, *found = NULL;
	int n;

	if (!quotable(path) || (spell[0] == '<' &&
				(found = same_name_includer(tree, path, spell)))) {
		free(spell);
		free(dir);
		return found;
	}
	/* a local header: a .c file beside it; else one from the core dirs */
	/* "# include" with blanks is common in 6.1's kernel/sched/build_*.c;
	 * an unescaped '.' of the name matching any character is harmless */
	cmd = spell[0] == '"' ?
	      xasprintf("grep -lE -e '^#[[:space:]]*include[[:space:]]*%s' %s/*.c",
			spell, *dir ? dir : ".") :
	      xasprintf("grep -rlE --include='*.c' -e "
			"'^#[[:space:]]*include[[:space:]]*%s' %s | head -n 16",
			spell, core_dirs);
	n = run_lines(tree, cmd, &v, 16);
	for (int i = 0; i < n && !found; i++)
		if (is_built(tree, v[i]))
			found = xstrdup(v[i]);
	free_lines(v, n);
	free(cmd);
	free(spell);
	free(dir);
	return found;
}

char *search_key_definition(const char *tree, const char *name)
{
	char *cmd, **v, *r;
	int n;

	if (!quotable(name))
		return NULL;
	cmd = xasprintf("grep -rlE --include='*.c' -e "
			"'DEFINE_STATIC_KEY_[A-Z_]+\\(%s\\b' . | head -n 1", name);
	n = run_lines(tree, cmd, &v, 1);
	r = n ? xstrdup(v[0]) : NULL;
	free_lines(v, n);
	free(cmd);
	return r;
}

struct users {
	char *name;
	struct kp_srcdef *src;
	char *last;		/* last file counted, grep lists a file's matches together */
};

static bool patched(struct src_run *r, const char *path)
{
	for (int i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].fm->file->path, path))
			return true;
	return false;
}

/* One "path:name" line of grep -o output. */
static void count_use(struct src_run *r, struct users *u, int nu, char *line)
{
	char *colon = strrchr(line, ':');

	if (!colon || patched(r, (*colon = 0, line)))
		return;
	for (int i = 0; i < nu; i++) {
		struct kp_srcdef *s = u[i].src;

		if (strcmp(u[i].name, colon + 1) || (u[i].last && !strcmp(u[i].last, line)))
			continue;
		free(u[i].last);
		u[i].last = xstrdup(line);
		s->tree_files++;
		if (s->ntree_examples < MAX_EXAMPLES)
			*VEC_PUSH(s->tree_examples, s->ntree_examples) = xstrdup(line);
	}
}

static int changed_inlines(struct src_run *r, struct users **u)
{
	int n = 0;

	*u = NULL;
	for (int i = 0; i < r->nfiles; i++)
		for (int k = 0; k < r->files[i].fm->ndefs; k++) {
			struct kp_def *d = &r->files[i].fm->defs[k];

			if (d->kind != DEF_FUNCTION || d->tier != TIER_SOURCE || !d->name ||
			    d->change != CHANGE_MODIFIED || d->cosmetic ||
			    !(d->attrs & (ATTR_INLINE | ATTR_ALWAYS_INLINE)) ||
			    !quotable(d->name))
				continue;
			(*u) = vec_grow(*u, n, sizeof(**u));
			(*u)[n].name = d->name;
			(*u)[n].src = srcdef_get(d);
			(*u)[n].src->tree_files = 0;
			(*u)[n++].last = NULL;
		}
	return n;
}

/* Other files of the tree that name each changed inline function: its
 * callers there change too.  One grep for all names; word matches, so a
 * comment naming the function counts as well (said so in the finding). */
void search_users(const char *tree, struct src_run *r)
{
	struct users *u;
	int nu = changed_inlines(r, &u), n;
	char *cmd, *pats, **v = NULL;

	if (!nu)
		return;
	pats = xstrdup("");
	for (int i = 0; i < nu; i++) {
		char *p = xasprintf("%s -e '%s'", pats, u[i].name);

		free(pats);
		pats = p;
	}
	cmd = xasprintf("grep -rowF --include='*.c' --include='*.h' "
			"--exclude-dir=Documentation --exclude-dir=tools "
			"--exclude-dir=scripts --exclude-dir=samples %s .", pats);
	n = run_lines(tree, cmd, &v, 1 << 20);
	for (int i = 0; i < n; i++)
		count_use(r, u, nu, v[i]);
	for (int i = 0; i < nu; i++)
		free(u[i].last);
	free_lines(v, n);
	free(u);
	free(cmd);
	free(pats);
}
