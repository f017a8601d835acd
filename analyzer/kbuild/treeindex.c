/*
 * The tree index (treeindex.h).  Which .c files are built is read from the
 * Makefiles the way kbuild descends: from the top-level Makefile, Kbuild
 * and arch/x86/Makefile, every "obj-y += dir/" (or obj-$(CONFIG_X) with X
 * set, core-/drivers-/libs- at the top) names a directory, and a .c file of
 * such a directory is built unless kbuild_find_object() finds its object
 * not linked (CONFIG unset).  Conditionals (ifeq/ifdef) are not read:
 * a directory named under one is taken, which only widens the search.
 * Files whose object it cannot tell (#included .c files such as those of
 * kernel/sched/build_policy.c) are listed.
 *
 * A search for a name reads every listed file and keeps those where it is
 * a whole identifier: a plain scan, ~0.3 s warm over the ~20,000 files of
 * a distribution config; its answer is cached per name, so a second run
 * reads one small file.  The caches are keyed by the tree's path and the
 * size and mtime of its .config and top-level Makefile; an edited source
 * file of the tree is not seen by a cached answer (trees are prepared
 * once and only read).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/kbuild/treeindex.h"
#include "analyzer/model/tree.h"
#include "analyzer/patch/cscan.h"
#include "lib/kpcache.h"
#include "lib/util.h"

#define TREEINDEX_CACHE "treeindex"
#define MAX_DIR_DEPTH 16
#define MAX_IDENT_CACHED 180

struct flist {
	char **v;
	size_t n;
};

static struct {
	char *tree;
	char key[17];
	struct flist c, h, s;
} idx;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void flist_add(struct flist *l, char *s)
{
	l->v = vec_grow(l->v, l->n, sizeof(char *));
	l->v[l->n++] = s;
}

static void flist_clear(struct flist *l)
{
	treeindex_free_files(l->v, l->n);
	l->v = NULL;
	l->n = 0;
}

/* The key names the tree and the state of its .config and top-level
 * Makefile (size and mtime: a reconfigured tree is another index). */
static void make_key(const char *tree, char key[17])
{
	static const char *const files[] = { ".config", "Makefile" };
	XXH3_state_t *st = XXH3_createState();

	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, "treeindex 3", 12);
	XXH3_64bits_update(st, tree, strlen(tree) + 1);
	for (int i = 0; i < 2; i++) {
		char *p = xasprintf("%s/%s", tree, files[i]);
		struct stat sb;

		if (stat(p, &sb) == 0) {
			long long v[3] = { sb.st_size, sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec };

			XXH3_64bits_update(st, v, sizeof(v));
		}
		free(p);
	}
	snprintf(key, 17, "%016llx", (unsigned long long)XXH3_64bits_digest(st));
	XXH3_freeState(st);
}

/* ---- the cache: one file per list, one path a line ---- */

static char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	buf = xmalloc(st.st_size + 1);
	*len = 0;
	while (*len < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + *len, st.st_size - *len);

		if (r <= 0)
			break;
		*len += r;
	}
	buf[*len] = 0;
	close(fd);
	return buf;
}

static bool cache_get(const char *name, struct flist *out)
{
	char *dir = kpcache_dir(TREEINDEX_CACHE), *path, *buf;
	size_t len;

	if (!dir)
		return false;
	path = xasprintf("%s/%s", dir, name);
	buf = read_whole(path, &len);
	if (buf && len > 0 && buf[len - 1] == '\n' && str_starts(buf, "treeindex\n")) {
		kpcache_touch(path);
		for (char *l = buf + 10, *nl; *l; l = nl + 1) {
			nl = strchr(l, '\n');
			flist_add(out, xstrndup(l, nl - l));
		}
	} else {
		free(buf);
		buf = NULL;
	}
	free(path);
	free(dir);
	if (!buf)
		return false;
	free(buf);
	return true;
}

static void cache_put(const char *name, const struct flist *l)
{
	char *dir = kpcache_dir(TREEINDEX_CACHE);
	size_t len = 10, off;
	char *buf;

	if (!dir)
		return;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + 1;
	buf = xmalloc(len + 1);
	memcpy(buf, "treeindex\n", 10);
	off = 10;
	for (size_t i = 0; i < l->n; i++)
		off += sprintf(buf + off, "%s\n", l->v[i]);
	kpcache_put(dir, name, buf, off);
	kpcache_trim(dir);
	free(buf);
	free(dir);
}

/* ---- walking the Makefiles ---- */

struct walk {
	const char *tree;
	struct flist dirs;	/* visited, so a directory is listed once */
	struct flist *c, *h, *s;
};

static char *read_makefile(const char *tree, const char *dir, const char *name)
{
	char err[256], *buf;
	size_t len;
	char *path = xasprintf("%s%s%s", dir, *dir ? "/" : "", name);
	int r = tree_read(tree, path, &buf, &len, err, sizeof(err));

	free(path);
	if (r != 0)
		return NULL;
	for (char *p = buf; (p = strstr(p, "\\\n")); )
		p[0] = p[1] = ' ';
	return buf;
}

/* Is the assignment's left side linked under the config: obj-y, obj-m,
 * obj-$(CONFIG_X) with X set (likewise core-, drivers-, libs-, lib-)? */
static bool lhs_built(const char *tree, const char *lhs)
{
	const char *c = strstr(lhs, "$(CONFIG_");
	char sym[128];
	size_t n;

	if (!c)
		return str_ends(lhs, "-y") || str_ends(lhs, "-m");
	c += 2;
	n = strcspn(c, ")");
	if (n >= sizeof(sym))
		return false;
	memcpy(sym, c, n);
	sym[n] = 0;
	return kbuild_config(tree, sym) != 0;
}

static bool is_dir(const char *tree, const char *dir)
{
	char *p = xasprintf("%s/%s", tree, dir);
	struct stat st;
	bool r = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return r;
}

static void walk_dir(struct walk *w, const char *dir, int depth);

/* "arch/$(SRCARCH)/" -> "arch/x86"; NULL for other make expressions. */
static char *subdir_word(const char *word, size_t len)
{
	char *s = xstrndup(word, len), *v;

	while ((v = strstr(s, "$(SRCARCH)")) || (v = strstr(s, "$(ARCH)"))) {
		char *t = xasprintf("%.*sx86%s", (int)(v - s), s, strchr(v, ')') + 1);

		free(s);
		s = t;
	}
	if (strchr(s, '$') || len < 2) {
		free(s);
		return NULL;
	}
	s[strlen(s) - 1] = 0;	/* the '/' */
	return s;
}

static void walk_rhs(struct walk *w, const char *dir, const char *rhs, size_t len,
		     bool top_relative, int depth)
{
	for (size_t i = 0; i < len; ) {
		size_t n;
		char *sub, *path;

		i += strspn(rhs + i, " \t");
		n = strcspn(rhs + i, " \t");
		if (n > len - i)
			n = len - i;
		if (n && rhs[i + n - 1] == '/' && (sub = subdir_word(rhs + i, n))) {
			path = top_relative || !*dir ? xstrdup(sub) : xasprintf("%s/%s", dir, sub);
			if (is_dir(w->tree, path))
				walk_dir(w, path, depth + 1);
			free(path);
			free(sub);
		}
		i += n;
	}
}

static bool lhs_descends(const char *lhs, bool *top_relative)
{
	*top_relative = str_starts(lhs, "core-") || str_starts(lhs, "drivers-") ||
			str_starts(lhs, "libs-");
	return *top_relative || str_starts(lhs, "obj-");
}

/* The left side of "LHS op RHS" (op +=, :=, ?=, =), its parentheses
 * kept whole ("obj-$(subst m,y,$(CONFIG_MMC))"); NULL when none. */
static char *assignment_lhs(const char *l, size_t len, const char **rhs)
{
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		if (l[i] == '(')
			depth++;
		else if (l[i] == ')')
			depth--;
		else if (!depth && l[i] == '=') {
			size_t e = i;

			if (e && strchr("+:?", l[e - 1]))
				e--;
			while (e && (l[e - 1] == ' ' || l[e - 1] == '\t'))
				e--;
			*rhs = l + i + 1;
			return xstrndup(l, e);
		} else if (!depth && (l[i] == ' ' || l[i] == '\t') &&
			   !strchr(" \t+:?=", l[i + 1 < len ? i + 1 : i])) {
			return NULL;	/* a word after the name: not an assignment */
		}
	}
	return NULL;
}

static void walk_makefile(struct walk *w, const char *dir, const char *mk, int depth)
{
	for (const char *l = mk; l && *l; ) {
		const char *nl = strchr(l, '\n'), *rhs;
		size_t len = nl ? (size_t)(nl - l) : strlen(l), ws;
		char *lhs;
		bool top;

		/* assignments indented under ifeq count, commented ones not */
		ws = strspn(l, " \t");
		if (ws < len && l[ws] != '#' && (lhs = assignment_lhs(l + ws, len - ws, &rhs))) {
			if (lhs_descends(lhs, &top) && lhs_built(w->tree, lhs))
				walk_rhs(w, dir, rhs, len - (rhs - l), top, depth);
			free(lhs);
		}
		l = nl ? nl + 1 : NULL;
	}
}

/* The .c and .h files of one directory (not below it). */
static void list_sources(struct walk *w, const char *dir)
{
	char *abs = xasprintf("%s/%s", w->tree, dir);
	DIR *d = opendir(abs);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *path;

		if (!str_ends(e->d_name, ".c") && !str_ends(e->d_name, ".h") &&
		    !str_ends(e->d_name, ".S"))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (str_ends(path, ".h"))
			flist_add(w->h, path);
		else if (str_ends(path, ".S"))
			flist_add(w->s, path);
		else if (kbuild_builds(w->tree, path))
			flist_add(w->c, path);
		else
			free(path);
	}
	if (d)
		closedir(d);
	free(abs);
}

static void walk_dir(struct walk *w, const char *dir, int depth)
{
	char *mk;

	if (depth > MAX_DIR_DEPTH)
		return;
	for (size_t i = 0; i < w->dirs.n; i++)
		if (!strcmp(w->dirs.v[i], dir))
			return;
	flist_add(&w->dirs, xstrdup(dir));
	if (*dir)
		list_sources(w, dir);
	/* kbuild reads Kbuild when a directory has one, else Makefile */
	mk = read_makefile(w->tree, dir, "Kbuild");
	if (!mk)
		mk = read_makefile(w->tree, dir, "Makefile");
	walk_makefile(w, dir, mk, depth);
	free(mk);
	if (!*dir) {
		/* the top: its Makefile names core-y/drivers-y too, and
		 * includes arch/x86/Makefile for the arch's own */
		mk = read_makefile(w->tree, "", "Makefile");
		walk_makefile(w, dir, mk, depth);
		free(mk);
		mk = read_makefile(w->tree, "arch/x86", "Makefile");
		walk_makefile(w, dir, mk, depth);
		free(mk);
	}
}

/* Every header of @dir and below. */
static void list_headers(const char *tree, const char *dir, struct flist *h)
{
	char *abs = xasprintf("%s/%s", tree, dir);
	DIR *d = opendir(abs);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			list_headers(tree, path, h);
		if (e->d_type == DT_REG && str_ends(path, ".h"))
			flist_add(h, path);
		else
			free(path);
	}
	if (d)
		closedir(d);
	free(abs);
}

static void build_lists(const char *tree)
{
	struct walk w = { .tree = tree, .c = &idx.c, .h = &idx.h, .s = &idx.s };
	struct flist *l[3] = { &idx.c, &idx.h, &idx.s };
	char *names[3];
	bool cached = true;

	for (int i = 0; i < 3; i++) {
		names[i] = xasprintf("%s.%c", idx.key, "chS"[i]);
		cached = cached && cache_get(names[i], l[i]);
	}
	if (!cached) {
		for (int i = 0; i < 3; i++)
			flist_clear(l[i]);
		walk_dir(&w, "", 0);
		list_headers(tree, "include", &idx.h);
		list_headers(tree, "arch/x86/include", &idx.h);
		for (int i = 0; i < 3; i++)
			if (l[i]->n)	/* qsort of an empty, NULL list is undefined */
				qsort(l[i]->v, l[i]->n, sizeof(char *), cmp_str);
		flist_clear(&w.dirs);
		for (int i = 0; i < 3 && idx.c.n; i++)
			cache_put(names[i], l[i]);
	}
	for (int i = 0; i < 3; i++)
		free(names[i]);
}

static int load(const char *tree, char *err, size_t errlen)
{
	if (idx.tree && !strcmp(idx.tree, tree))
		return 0;
	free(idx.tree);
	flist_clear(&idx.c);
	flist_clear(&idx.h);
	flist_clear(&idx.s);
	idx.tree = xstrdup(tree);
	make_key(tree, idx.key);
	build_lists(tree);
	if (!idx.c.n) {
		snprintf(err, errlen, "%s: no built .c file found (is it a configured kernel tree?)",
			 tree);
		free(idx.tree);
		idx.tree = NULL;
		return -1;
	}
	return 0;
}

int treeindex_built_files(const char *tree, char *const **files, size_t *n,
			  char *err, size_t errlen)
{
	if (load(tree, err, errlen))
		return -1;
	*files = idx.c.v;
	*n = idx.c.n;
	return 0;
}

bool treeindex_is_built(const char *tree, const char *file)
{
	char err[256];

	if (load(tree, err, sizeof(err)))
		return false;
	return bsearch(&file, idx.c.v, idx.c.n, sizeof(char *), cmp_str) != NULL;
}

/* ---- searching ---- */

/* Does the file at @fd name @ident?  @buf is reused between files. */
static bool file_names(int fd, const char *ident, char **buf, size_t *cap)
{
	struct stat st;
	size_t len = 0;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		return false;
	if ((size_t)st.st_size + 1 > *cap) {
		*cap = st.st_size + 1;
		*buf = xrealloc(*buf, *cap);
	}
	while (len < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + len, st.st_size - len);

		if (r <= 0)
			break;
		len += r;
	}
	return has_word(*buf, len, ident);
}

static void scan(const char *tree, const struct flist *all, const char *ident,
		 struct flist *out)
{
	int dfd = open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *buf = NULL;
	size_t cap = 0;

	for (size_t i = 0; dfd >= 0 && i < all->n; i++) {
		int fd = openat(dfd, all->v[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			continue;
		if (file_names(fd, ident, &buf, &cap))
			flist_add(out, xstrdup(all->v[i]));
		close(fd);
	}
	if (dfd >= 0)
		close(dfd);
	free(buf);
}

/* @which: 'c', 'h' or 'S', the list searched. */
static int naming(const char *tree, const char *ident, char which, char ***files,
		  size_t *n, char *err, size_t errlen)
{
	const struct flist *all = which == 'c' ? &idx.c : which == 'h' ? &idx.h : &idx.s;
	struct flist out = { 0 };
	char *name;
	size_t il = strlen(ident);

	*files = NULL;
	*n = 0;
	if (load(tree, err, errlen))
		return -1;
	for (size_t i = 0; i < il; i++)
		if (!is_ident_char((unsigned char)ident[i])) {
			snprintf(err, errlen, "'%s' is not a C identifier", ident);
			return -1;
		}
	name = xasprintf("%s.%c.%s", idx.key, which, ident);
	if (il > MAX_IDENT_CACHED || !cache_get(name, &out)) {
		scan(tree, all, ident, &out);
		if (il <= MAX_IDENT_CACHED)
			cache_put(name, &out);
	}
	free(name);
	*files = out.v;
	*n = out.n;
	return 0;
}

int treeindex_files_naming(const char *tree, const char *ident, char ***files,
			   size_t *n, char *err, size_t errlen)
{
	return naming(tree, ident, 'c', files, n, err, errlen);
}

int treeindex_headers_naming(const char *tree, const char *ident, char ***files,
			     size_t *n, char *err, size_t errlen)
{
	return naming(tree, ident, 'h', files, n, err, errlen);
}

int treeindex_asm_naming(const char *tree, const char *ident, char ***files,
			 size_t *n, char *err, size_t errlen)
{
	return naming(tree, ident, 'S', files, n, err, errlen);
}

/* ---- uses in one file ---- */

/* The first place at or after @from where @line names @ident; NULL if none. */
static const char *token_at(const char *line, const char *from, const char *ident)
{
	size_t il = strlen(ident);

	for (const char *p = from; (p = strstr(p, ident)); p++)
		if ((p == line || !is_ident_char((unsigned char)p[-1])) &&
		    !is_ident_char((unsigned char)p[il]))
			return p;
	return NULL;
}

/* Is the use at @p (in normalized text) anything but a plain call? */
static bool used_by_value(const char *line, const char *p, size_t il)
{
	const char *q = p + il;

	while (*q == ' ')
		q++;
	if (*q != '(')
		return true;
	while (p > line && p[-1] == ' ')
		p--;
	return p > line && p[-1] == '&';
}

static void add_use(struct treeindex_use **uses, size_t *n, const struct cscan_def *d,
		    unsigned line, bool by_value)
{
	struct treeindex_use *u = vec_grow(*uses, *n, sizeof(**uses));

	*uses = u;
	u += (*n)++;
	u->function = xstrdup(d->name);
	u->line = line;
	u->kind = d->kind;
	u->by_address = d->kind == DEF_VARIABLE || by_value;
	u->in_init = d->attrs & (ATTR_INIT | ATTR_EXIT | ATTR_INITDATA);
}

static void def_uses(const struct cscan *cs, const struct cscan_def *d, const char *ident,
		     struct treeindex_use **uses, size_t *n)
{
	size_t il = strlen(ident);
	/* the definition's own name is not a use of it */
	bool self = !strcmp(d->name, ident), found = false, by_value = false;
	unsigned first = 0;

	for (int l = d->start; l <= d->end; l++) {
		const char *line = cs->norm[l], *p;

		for (p = line; (p = token_at(line, p, ident)); p += il) {
			if (self) {
				self = false;
				continue;
			}
			if (!found)
				first = l + 1;
			found = true;
			by_value |= used_by_value(line, p, il);
		}
	}
	if (found)
		add_use(uses, n, d, first, by_value);
}

static void uses_in_text(const char *buf, size_t len, const char *ident, bool macros,
			 struct treeindex_use **out, size_t *n)
{
	const char **lines = NULL;
	int *lens = NULL, nl = 0;
	struct cscan cs;

	for (const char *p = buf, *end = buf + len; p < end; nl++) {
		const char *e = memchr(p, '\n', end - p);

		lines = vec_grow(lines, nl, sizeof(*lines));
		lens = vec_grow(lens, nl, sizeof(*lens));
		lines[nl] = p;
		lens[nl] = e ? (int)(e - p) : (int)(end - p);
		p = e ? e + 1 : end;
	}
	cscan_run(&cs, lines, lens, nl, NULL);
	for (int i = 0; i < cs.ndefs; i++) {
		const struct cscan_def *d = &cs.defs[i];

		if (d->name && (d->kind == DEF_FUNCTION || d->kind == DEF_VARIABLE ||
				(macros && d->kind == DEF_MACRO)))
			def_uses(&cs, d, ident, out, n);
	}
	cscan_free(&cs, nl);
	free(lines);
	free(lens);
}

static int uses(const char *tree, const char *file, const char *ident, bool macros,
		struct treeindex_use **out, size_t *n, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int r = tree_read(tree, file, &buf, &len, err, errlen);

	*out = NULL;
	*n = 0;
	if (r == 1)
		snprintf(err, errlen, "%s: no such file in %s", file, tree);
	if (r)
		return -1;
	uses_in_text(buf, len, ident, macros, out, n);
	free(buf);
	return 0;
}

void treeindex_uses_in_text(const char *text, size_t len, const char *ident,
			    struct treeindex_use **u, size_t *n)
{
	*u = NULL;
	*n = 0;
	uses_in_text(text, len, ident, false, u, n);
}

int treeindex_uses_in_file(const char *tree, const char *file, const char *ident,
			   struct treeindex_use **u, size_t *n, char *err, size_t errlen)
{
	return uses(tree, file, ident, false, u, n, err, errlen);
}

int treeindex_expanders_in_header(const char *tree, const char *file,
				  const char *ident, struct treeindex_use **u,
				  size_t *n, char *err, size_t errlen)
{
	return uses(tree, file, ident, true, u, n, err, errlen);
}

void treeindex_free_files(char **files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

void treeindex_free_uses(struct treeindex_use *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(u[i].function);
	free(u);
}
