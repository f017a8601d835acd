/*
 * Text searches of the tree, for the facts that would otherwise need
 * parsing it all: a .c file to parse a patched header through, the other
 * files that name a changed inline function, and the definition of a
 * static key declared in a header.  GNU grep does the scanning (0.7 s
 * over the 6.1 tree's .c files when cached, measured here), run from the
 * tree root through the process runner (an argv, no shell); it only reads.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/source/srctier.h"
#include "analyzer/model/tree.h"
#include "lib/run.h"
#include "lib/util.h"

#define MAX_EXAMPLES 5
/* Where an includer is looked for first: core code, built in any config. */
static const char *const core_dirs = "kernel mm fs init block ipc net/core lib";

/* One line: grep reads a pattern with a newline as two patterns. */
static bool quotable(const char *s)
{
	return !strchr(s, '\'') && !strchr(s, '\n');
}

/* Run @argv in @tree; return its output lines (at most @max: then it stops). */
static int run_lines(const char *tree, char **argv, char ***out, int max)
{
	struct run_job j = { .argv = argv, .dir = tree };
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	FILE *p = run_read(&j);

	*out = NULL;
	while (p && n < max && getline(&line, &cap, p) > 0) {
		line[strcspn(line, "\n")] = 0;
		*VEC_PUSH(*out, n) = xstrdup(line[0] == '.' && line[1] == '/' ? line + 2 : line);
	}
	if (p)
		run_close(&j, p, true);
	run_release(&j);
	free(line);
	return n;
}

/* The .c files directly in @dir of @tree, relative to it, as grep operands. */
static void push_c_files(char ***argv, int *n, const char *tree, const char *dir)
{
	char *pat = xasprintf("%s/%s/*.c", tree, dir);
	size_t skip = strlen(tree) + 1;
	glob_t g;

	if (glob(pat, 0, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc; i++)
			*VEC_PUSH(*argv, *n) = xstrdup(g.gl_pathv[i] + skip);
	globfree(&g);
	free(pat);
}

/* The words of @s (plain words, no quoting) appended to an argv. */
static void push_words(char ***argv, int *n, const char *s)
{
	char **w;
	int nw = shell_words(s, &w);

	for (int i = 0; i < nw; i++)
		*VEC_PUSH(*argv, *n) = w[i];
	free(w);
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
			if (strstr(buf, inc) && kbuild_builds(tree, c))
				found = xstrdup(c);
			free(buf);
		}
		free(c);
	}
	free(inc);
	free(list);
	return found;
}

/*
 * grep for the .c files including @spell: beside a local header, else in
 * the core dirs.  NULL when there is no file to search.  "# include" with
 * blanks is common in 6.1's kernel/sched/build_*.c; an unescaped '.' of
 * the name matching any character is harmless.
 */
static char **includer_grep(const char *tree, const char *spell, const char *dir)
{
	bool local = spell[0] == '"';
	char **argv = NULL;
	int n = 0, operands;

	push_words(&argv, &n, local ? "grep -lE -e" : "grep -rlE --include=*.c -e");
	*VEC_PUSH(argv, n) = xasprintf("^#[[:space:]]*include[[:space:]]*%s", spell);
	operands = n;
	if (local)
		push_c_files(&argv, &n, tree, *dir ? dir : ".");
	else
		push_words(&argv, &n, core_dirs);
	*VEC_PUSH(argv, n) = NULL;
	if (n - 1 > operands)
		return argv;
	words_free(argv);
	return NULL;
}

char *search_includer(const char *tree, const char *path)
{
	char *spell = include_spelling(path), *dir = xstrndup(path, strrchr(path, '/') ?
				(size_t)(strrchr(path, '/') - path) : 0);
	char **v = NULL, **argv, *found = NULL;
	int n = 0;

	if (!quotable(path) || (spell[0] == '<' &&
				(found = same_name_includer(tree, path, spell)))) {
		free(spell);
		free(dir);
		return found;
	}
	argv = includer_grep(tree, spell, dir);
	if (argv)
		n = run_lines(tree, argv, &v, 16);
	for (int i = 0; i < n && !found; i++)
		if (kbuild_builds(tree, v[i]))
			found = xstrdup(v[i]);
	free_lines(v, n);
	words_free(argv);
	free(spell);
	free(dir);
	return found;
}

char *search_key_definition(const char *tree, const char *name)
{
	char *pat, **v, *r;
	int n;

	if (!quotable(name))
		return NULL;
	pat = xasprintf("DEFINE_STATIC_KEY_[A-Z_]+\\(%s\\b", name);
	char *argv[] = { "grep", "-rlE", "--include=*.c", "-e", pat, ".", NULL };

	n = run_lines(tree, argv, &v, 1);
	r = n ? xstrdup(v[0]) : NULL;
	free_lines(v, n);
	free(pat);
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

/* A global function whose prototype changed: every caller and every
 * use of its address must be in the patch for callee and callers to be
 * replaced together (signature-change). */
static bool global_sig_changed(const struct kp_def *d)
{
	const struct kp_srcdef *s = d->src;

	return (d->kind == DEF_FUNCTION || d->kind == DEF_PROTOTYPE) &&
	       !(d->attrs & ATTR_STATIC) && !(d->old_attrs & ATTR_STATIC) &&
	       s && s->old_sig && s->new_sig && strcmp(s->old_sig, s->new_sig);
}

/* Changed inline functions (their callers change too) and global
 * functions whose prototype changed (their callers must be patched). */
static int changed_inlines(struct src_run *r, struct users **u)
{
	int n = 0;

	*u = NULL;
	for (int i = 0; i < r->nfiles; i++)
		for (int k = 0; k < r->files[i].fm->ndefs; k++) {
			struct kp_def *d = &r->files[i].fm->defs[k];
			bool inl = d->kind == DEF_FUNCTION &&
				   (d->attrs & (ATTR_INLINE | ATTR_ALWAYS_INLINE));

			if (d->tier != TIER_SOURCE || !d->name ||
			    d->change != CHANGE_MODIFIED || d->cosmetic ||
			    !(inl || global_sig_changed(d)) || !quotable(d->name))
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
	int nu = changed_inlines(r, &u), n, na = 0;
	char **argv = NULL, **v = NULL;

	if (!nu)
		return;
	push_words(&argv, &na, "grep -rowF --include=*.c --include=*.h "
		   "--exclude-dir=Documentation --exclude-dir=tools "
		   "--exclude-dir=scripts --exclude-dir=samples");
	for (int i = 0; i < nu; i++) {
		*VEC_PUSH(argv, na) = xstrdup("-e");
		*VEC_PUSH(argv, na) = xstrdup(u[i].name);
	}
	*VEC_PUSH(argv, na) = xstrdup(".");
	*VEC_PUSH(argv, na) = NULL;
	n = run_lines(tree, argv, &v, 1 << 20);
	for (int i = 0; i < n; i++)
		count_use(r, u, nu, v[i]);
	for (int i = 0; i < nu; i++)
		free(u[i].last);
	free_lines(v, n);
	free(u);
	words_free(argv);
}
