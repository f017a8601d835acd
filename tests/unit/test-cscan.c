/*
 * The tolerant C scanner on real kernel files of the prepared Debian tree
 * ($KTREE, default: scripts/ktree.sh's output) and on fragments cut out of
 * them the way hunks cut them.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include "analyzer/patch/cscan.h"
#include "analyzer/model/tree.h"
#include "lib/util.h"
#include "tests/unit/check.h"

struct lines {
	const char **l;
	int *len;
	int n;
	char *buf;
};

static void load(struct lines *ls, const char *path)
{
	const char *tree = getenv("KTREE");
	char err[512];
	size_t size;
	char *p, *end;

	memset(ls, 0, sizeof(*ls));
	if (!tree || tree_read(tree, path, &ls->buf, &size, err, sizeof(err))) {
		fprintf(stderr, "cannot read %s from $KTREE\n", path);
		exit(1);
	}
	for (p = ls->buf, end = ls->buf + size; p < end; ) {
		char *nl = memchr(p, '\n', end - p);

		VEC_PUSH(ls->l, ls->n);
		ls->len = vec_grow(ls->len, ls->n - 1, sizeof(int));
		ls->l[ls->n - 1] = p;
		ls->len[ls->n - 1] = nl ? (int)(nl - p) : (int)(end - p);
		p = nl ? nl + 1 : end;
	}
}

/* The index of the first line from @from on that starts with @text, or -1:
 * where struct file sits differs between 6.1 and 6.12. */
static int line_of(const struct lines *ls, int from, const char *text)
{
	size_t n = strlen(text);

	for (int i = from; i < ls->n; i++)
		if (ls->len[i] >= (int)n && !memcmp(ls->l[i], text, n))
			return i;
	return -1;
}

static const struct cscan_def *find(const struct cscan *cs, enum kp_def_kind kind,
				    const char *name)
{
	for (int i = 0; i < cs->ndefs; i++)
		if (cs->defs[i].kind == kind && cs->defs[i].name &&
		    !strcmp(cs->defs[i].name, name))
			return &cs->defs[i];
	return NULL;
}

static void test_generic_c(void)
{
	struct lines ls;
	struct cscan cs;
	const struct cscan_def *d;

	load(&ls, "fs/proc/generic.c");
	cscan_run(&cs, ls.l, ls.len, ls.n, NULL);
	d = find(&cs, DEF_FUNCTION, "proc_match");
	CHECK(d && d->start == 45 && d->end == 53 && (d->attrs & ATTR_STATIC));
	d = find(&cs, DEF_FUNCTION, "proc_set_user");
	CHECK(d && !(d->attrs & ATTR_STATIC));
	CHECK(find(&cs, DEF_EXPORT, "proc_set_user") != NULL);
	d = find(&cs, DEF_FUNCTION, "__xlate_proc_name");
	CHECK(d && d->uses_line);
	CHECK(find(&cs, DEF_INCLUDE, "<linux/seq_file.h>") != NULL);
	CHECK(cs.owner[47] >= 0 && !strcmp(cs.defs[cs.owner[47]].name, "proc_match"));
	cscan_free(&cs, ls.n);
	free(ls.l);
	free(ls.len);
	free(ls.buf);
}

static void test_headers(void)
{
	struct lines ls;
	struct cscan cs;
	const struct cscan_def *d;

	load(&ls, "include/linux/fs.h");
	cscan_run(&cs, ls.l, ls.len, ls.n, NULL);
	d = find(&cs, DEF_STRUCT, "file");
	CHECK(d && d->start == line_of(&ls, 0, "struct file {"));
	d = find(&cs, DEF_FUNCTION, "file_inode");
	CHECK(d && (d->attrs & ATTR_INLINE) && (d->attrs & ATTR_STATIC));
	CHECK(find(&cs, DEF_MACRO, "MAY_EXEC") != NULL);
	cscan_free(&cs, ls.n);
	free(ls.l);
	free(ls.len);
	free(ls.buf);

	load(&ls, "fs/read_write.c");
	cscan_run(&cs, ls.l, ls.len, ls.n, NULL);
	d = find(&cs, DEF_FUNCTION, "sys_read");
	CHECK(d && (d->attrs & ATTR_SYSCALL) && d->syscall && !strcmp(d->syscall, "read"));
	cscan_free(&cs, ls.n);
	free(ls.l);
	free(ls.len);
	free(ls.buf);
}

/* A fragment starting inside struct file's nested union, as a hunk would:
 * its last member (6.1's f_iocb_flags, 6.12's f_pipe) and 6 lines on. */
static void test_fragment(void)
{
	struct lines ls;
	struct cscan cs;
	struct cscan_start st = { .depth = 2, .enclosing = "struct file {" };
	int u, end;

	load(&ls, "include/linux/fs.h");
	u = line_of(&ls, line_of(&ls, 0, "struct file {"), "\tunion {");
	end = line_of(&ls, u, "\t};");
	CHECK(u > 0 && end > u + 1);
	cscan_run(&cs, ls.l + end - 1, ls.len + end - 1, 7, &st);
	CHECK(cs.ndefs >= 1 && cs.defs[0].kind == DEF_STRUCT &&
	      cs.defs[0].name && !strcmp(cs.defs[0].name, "file"));
	CHECK(cs.owner[2] == 0);	/* the member after the union */
	cscan_free(&cs, 7);
	free(ls.l);
	free(ls.len);
	free(ls.buf);
}

/* A statement read as a head (a hunk whose depth was misjudged) names no
 * function; a fragment that opens with one takes the hunk header's. */
static void test_keyword_heads(void)
{
	static const char *const heads[] = { "if (clone_flags & CLONE_PIDFD)",
		"bad_fork_put_pidfd: if (clone_flags & CLONE_PIDFD)", "while (1)",
		"switch (cmd)", "return sizeof(x)", "for (i = 0; i < n; i++)", NULL };
	static const char *const frag[] = { "\tif (clone_flags & CLONE_PIDFD) {",
		"\t\tfput(pidfile);", "\t}" };
	int lens[3] = { (int)strlen(frag[0]), (int)strlen(frag[1]), (int)strlen(frag[2]) };
	struct cscan_start st = {
		.enclosing = "static __latent_entropy struct task_struct *copy_process(",
	};
	struct cscan cs;

	for (int i = 0; heads[i]; i++) {
		struct cscan_def d = { 0 };

		cscan_classify_head(heads[i], &d);
		CHECK(d.name == NULL);
		free(d.name);
	}
	cscan_run(&cs, frag, lens, 3, &st);
	CHECK(cs.ndefs == 1 && cs.defs[0].kind == DEF_FUNCTION);
	CHECK_STR(cs.ndefs ? cs.defs[0].name : NULL, "copy_process");
	cscan_free(&cs, 3);
}

int main(void)
{
	const char *tree = getenv("KTREE");
	struct stat st;

	/* every case reads the tree: without it, skip (77, as automake's tests) */
	if (!tree || !*tree || stat(tree, &st) || !S_ISDIR(st.st_mode)) {
		printf("needs the prepared kernel tree ($KTREE unset or not a directory)\n");
		return 77;
	}
	test_generic_c();
	test_headers();
	test_fragment();
	test_keyword_heads();
	return check_done();
}
