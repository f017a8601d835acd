/*
 * The tree index on the prepared Debian tree ($KTREE): which .c files the
 * config builds, which of them name a well-known static inline of a
 * header, and in one file the functions and ops tables that use it.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include "analyzer/kbuild/treeindex.h"
#include "lib/util.h"
#include "tests/unit/check.h"

static bool has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static const struct treeindex_use *use_of(const struct treeindex_use *u, size_t n,
					  const char *fn)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(u[i].function, fn))
			return &u[i];
	return NULL;
}

/* obj-y, obj-m through a composite, lib-y; not an unset config, not
 * another arch, not tools/. */
static void test_built(const char *tree)
{
	char *const *v;
	size_t n;
	char err[512];

	CHECK(treeindex_built_files(tree, &v, &n, err, sizeof(err)) == 0);
	CHECK(n > 10000);
	CHECK(has(v, n, "fs/pipe.c"));
	CHECK(has(v, n, "kernel/fork.c"));
	CHECK(has(v, n, "fs/ext4/inode.c"));		/* ext4-y, CONFIG_EXT4_FS=m */
	CHECK(has(v, n, "arch/x86/kernel/process.c"));
	CHECK(has(v, n, "drivers/net/ethernet/intel/e1000e/netdev.c"));
	CHECK(!has(v, n, "fs/ext2/inode.c"));		/* CONFIG_EXT2_FS is not set */
	CHECK(!has(v, n, "arch/arm64/kernel/process.c"));
	CHECK(!has(v, n, "tools/objtool/check.c"));
	CHECK(treeindex_is_built(tree, "fs/splice.c"));
	CHECK(!treeindex_is_built(tree, "fs/ext2/super.c"));
}

/* pipe_buf_confirm(), a static inline of include/linux/pipe_fs_i.h:
 * called in fs/pipe.c, fs/splice.c and fs/fuse/dev.c; "page_cache_"
 * prefixed names are other identifiers. */
static void test_naming(const char *tree)
{
	char **v, **h;
	size_t n, nh;
	char err[512];

	CHECK(treeindex_files_naming(tree, "pipe_buf_confirm", &v, &n, err, sizeof(err)) == 0);
	CHECK(n == 3);
	CHECK(n == 3 && !strcmp(v[0], "fs/fuse/dev.c") && !strcmp(v[1], "fs/pipe.c") &&
	      !strcmp(v[2], "fs/splice.c"));
	treeindex_free_files(v, n);
	/* the second time from the cache, the same answer */
	CHECK(treeindex_files_naming(tree, "pipe_buf_confirm", &v, &n, err, sizeof(err)) == 0);
	CHECK(n == 3);
	treeindex_free_files(v, n);
	CHECK(treeindex_headers_naming(tree, "pipe_buf_confirm", &h, &nh, err, sizeof(err)) == 0);
	CHECK(has(h, nh, "include/linux/pipe_fs_i.h"));
	treeindex_free_files(h, nh);
	CHECK(treeindex_files_naming(tree, "no such(name", &v, &n, err, sizeof(err)) == -1);
}

static void test_uses(const char *tree)
{
	struct treeindex_use *u;
	const struct treeindex_use *x;
	size_t n;
	char err[512];

	CHECK(treeindex_uses_in_file(tree, "fs/pipe.c", "pipe_buf_confirm", &u, &n,
				     err, sizeof(err)) == 0);
	CHECK(n == 2);
	CHECK((x = use_of(u, n, "pipe_read")) && x->line == 300 && !x->by_address &&
	      x->kind == DEF_FUNCTION);
	CHECK(use_of(u, n, "pipe_write") != NULL);
	treeindex_free_uses(u, n);

	/* an ops table names its callback by address */
	CHECK(treeindex_uses_in_file(tree, "fs/splice.c", "page_cache_pipe_buf_confirm",
				     &u, &n, err, sizeof(err)) == 0);
	CHECK(n == 1);
	CHECK((x = use_of(u, n, "page_cache_pipe_buf_ops")) && x->by_address &&
	      x->kind == DEF_VARIABLE);
	treeindex_free_uses(u, n);

	/* an __init user */
	CHECK(treeindex_uses_in_file(tree, "fs/pipe.c", "register_filesystem", &u, &n,
				     err, sizeof(err)) == 0);
	CHECK(n == 1 && u[0].in_init && !strcmp(u[0].function, "init_pipe_fs"));
	treeindex_free_uses(u, n);

	/* a header's expanders: the inline itself is not its own user */
	CHECK(treeindex_expanders_in_header(tree, "include/linux/pipe_fs_i.h",
					    "pipe_buf_confirm", &u, &n, err, sizeof(err)) == 0);
	CHECK(use_of(u, n, "pipe_buf_confirm") == NULL);
	treeindex_free_uses(u, n);
	CHECK(treeindex_uses_in_file(tree, "fs/no-such.c", "x", &u, &n, err, sizeof(err)) == -1);
}

int main(void)
{
	const char *tree = getenv("KTREE");
	struct stat st;

	if (!tree || stat(tree, &st) || !S_ISDIR(st.st_mode)) {
		printf("needs the prepared kernel tree ($KTREE unset or not a directory)\n");
		return 77;
	}
	test_built(tree);
	test_naming(tree);
	test_uses(tree);
	return check_done();
}
