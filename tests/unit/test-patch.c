/*
 * Patch reader: every input format it promises, and the bad inputs it
 * must refuse with the input's name and line.
 */
#include <stdlib.h>
#include "analyzer/model/patch.h"
#include "lib/util.h"
#include "tests/unit/check.h"

static char err[1024];

static int parse(struct kp_series *s, const char *text)
{
	return patch_parse(s, "t.patch", xstrdup(text), strlen(text), err, sizeof(err));
}

static void test_git(void)
{
	struct kp_series s;
	const char *p =
		"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
		"From: A <a@b>\nSubject: [PATCH] proc: fix\n\nbody\n---\n"
		"diff --git a/fs/proc/x.c b/fs/proc/x.c\nindex 1..2 100644\n"
		"--- a/fs/proc/x.c\n+++ b/fs/proc/x.c\n@@ -10,3 +10,4 @@ static int f(void)\n"
		" a\n-b\n+c\n+d\n e\n"
		"diff --git a/old.c b/new.c\nsimilarity index 100%\nrename from old.c\nrename to new.c\n"
		"diff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\n"
		"diff --git a/fw.bin b/fw.bin\nindex 1..2 100644\nBinary files a/fw.bin and b/fw.bin differ\n"
		"diff --git a/n.c b/n.c\nnew file mode 100644\n--- /dev/null\n+++ b/n.c\n@@ -0,0 +1 @@\n+x\n"
		"\\ No newline at end of file\n"
		"-- \n2.39.5\n";

	CHECK(parse(&s, p) == 0);
	CHECK(s.npatches == 1);
	CHECK_STR(s.patches[0].subject, "[PATCH] proc: fix");
	CHECK(s.patches[0].nfiles == 5);
	CHECK_STR(s.patches[0].files[0].path, "fs/proc/x.c");
	CHECK_STR(s.patches[0].files[0].hunks[0].section, "static int f(void)");
	CHECK(s.patches[0].files[0].hunks[0].added == 2);
	CHECK(s.patches[0].files[0].hunks[0].lines[3].new_no == 12);
	CHECK(s.patches[0].files[0].hunks[0].lines[1].old_no == 11);
	CHECK(s.patches[0].files[1].status == FILE_RENAMED);
	CHECK_STR(s.patches[0].files[1].old_path, "old.c");
	CHECK_STR(s.patches[0].files[1].new_path, "new.c");
	CHECK(s.patches[0].files[2].new_mode == 0100755);
	CHECK(s.patches[0].files[3].binary);
	CHECK(s.patches[0].files[4].status == FILE_NEW);
	CHECK(s.patches[0].files[4].old_path == NULL);
	CHECK(s.patches[0].files[4].hunks[0].lines[0].no_newline);
	patch_free(&s);
}

static void test_diff_nru_crlf(void)
{
	struct kp_series s;
	const char *p =
		"diff -Nru linux-6.1/fs/a.c linux-6.1.new/fs/a.c\r\n"
		"--- linux-6.1/fs/a.c\t2024-01-01 00:00:00.000000000 +0000\r\n"
		"+++ linux-6.1.new/fs/a.c\t2024-01-02 00:00:00.000000000 +0000\r\n"
		"@@ -1,2 +1,2 @@\r\n-x\r\n+y\r\n z\r\n"
		"diff -Nru linux-6.1/fs/gone.c linux-6.1.new/fs/gone.c\r\n"
		"--- linux-6.1/fs/gone.c\t2024-01-01\r\n+++ linux-6.1.new/fs/gone.c\t1970-01-01\r\n"
		"@@ -1 +0,0 @@\r\n-int gone;\r\n";

	CHECK(parse(&s, p) == 0);
	CHECK(s.patches[0].nfiles == 2);
	CHECK_STR(s.patches[0].files[0].path, "fs/a.c");
	CHECK(s.patches[0].files[0].hunks[0].lines[1].len == 1);
	CHECK(s.patches[0].files[1].status == FILE_MODIFIED);
	patch_free(&s);
}

static void test_mbox_series(void)
{
	struct kp_series s;
	const char *one =
		"From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
		"Subject: [PATCH %d/2] x\n\n---\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n";
	char *p = xasprintf(one, 1), *q = xasprintf(one, 2), *both = xasprintf("%s%s", p, q);

	CHECK(parse(&s, both) == 0);
	CHECK(s.npatches == 2);
	CHECK(s.patches[1].index == 2);
	CHECK_STR(s.patches[1].subject, "[PATCH 2/2] x");
	patch_free(&s);
	free(p);
	free(q);
	free(both);
}

static void expect_error(const char *text, const char *want)
{
	struct kp_series s;

	CHECK(parse(&s, text) == -1);
	if (!strstr(err, want))
		fprintf(stderr, "error was: %s\n", err);
	CHECK(strstr(err, want) != NULL);
	patch_free(&s);
}

static void test_bad_input(void)
{
	expect_error("", "t.patch:1: empty input");
	expect_error("hello\nworld\n", "t.patch:2: no diff found");
	expect_error("--- a/f.c\n+++ b/f.c\n@@ -1,3 +1,3 @@\n a\n", "t.patch:4: truncated hunk");
	expect_error("--- a/f.c\n+++ b/f.c\n@@ -1,3 +1,3 @@\n a\n-b\n+c\ndiff --git a/x b/x\n",
		     "t.patch:7: hunk ends early");
	expect_error("--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n+c\n",
		     "t.patch:6: line outside any hunk");
	expect_error("--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n",
		     "t.patch:1: path '../etc/passwd' leaves the tree");
	expect_error("--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n",
		     "absolute path '/etc/passwd' refused");
	expect_error("--- a/f.c\n+++ b/f.c\n@@ -x +1 @@\n", "t.patch:3: malformed hunk header");
	{
		struct kp_series s;
		char bin[] = "--- a/f.c\n+++ b/f.c\n\0garbage";

		CHECK(patch_parse(&s, "t.patch", xstrndup(bin, sizeof(bin) - 1),
				  sizeof(bin) - 1, err, sizeof(err)) == -1);
		CHECK(strstr(err, "t.patch:3: NUL byte") != NULL);
		patch_free(&s);
	}
}

int main(void)
{
	test_git();
	test_diff_nru_crlf();
	test_mbox_series();
	test_bad_input();
	return check_done();
}
