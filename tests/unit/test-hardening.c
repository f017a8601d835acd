/*
 * Regression tests for what fuzzing (tests/fuzz/) found: each case is the
 * smallest input that crashed, leaked or lost data before its fix.  Run
 * under ASan+UBSan by `make asan`, which is where most of them would fail.
 */
#include <stdlib.h>
#include "analyzer/patch/cscan.h"
#include "analyzer/model/patch.h"
#include "lib/util.h"
#include "reports/jsonutil.h"
#include "rules/findings.h"
#include "tests/unit/check.h"

/* Lines are counted, not terminated: "#include <x" without its '>' was
 * searched past the end of the line (and of the buffer). */
static void test_cscan_unterminated_include(void)
{
	static const char text[] = "#include <linux/fs.h";
	char *buf = xmalloc(sizeof(text) - 1);	/* no NUL: ASan sees a read past it */
	const char *lines[] = { buf };
	int lens[] = { sizeof(text) - 1 };
	struct cscan cs;

	memcpy(buf, text, sizeof(text) - 1);
	cscan_run(&cs, lines, lens, 1, NULL);
	CHECK(cs.ndefs == 1 && cs.defs[0].kind == DEF_INCLUDE);
	CHECK_STR(cs.defs[0].include, "<linux/fs.h");
	cscan_free(&cs, 1);
	free(buf);
}

/* The post-image of a hunk that only deletes lines is empty, yet starts
 * inside a function: the definition keeps a sane extent (end == start). */
static void test_cscan_empty_fragment(void)
{
	struct cscan_start st = { .depth = 1, .enclosing = "static int f(void)" };
	struct cscan cs;

	cscan_run(&cs, NULL, NULL, 0, &st);
	CHECK(cs.ndefs == 1);
	CHECK(cs.defs[0].start == 0 && cs.defs[0].end == 0);
	CHECK_STR(cs.defs[0].name, "f");
	cscan_free(&cs, 0);
}

static void expect_repaired(const char *in, const char *want)
{
	json_t *j = jstr(in);

	CHECK_STR(json_string_value(j), want);
	json_decref(j);
}

/* Surrogates, overlongs and code points above U+10FFFF were kept by the
 * repair, so jansson refused the string again and it came out empty. */
static void test_json_repair(void)
{
	expect_repaired("sym\xed\xa0\x80", "sym\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	expect_repaired("a\xc0\xaf" "b", "a\xef\xbf\xbd\xef\xbf\xbd" "b");
	expect_repaired("\xf4\x90\x80\x80!", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
	expect_repaired("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x90\xa7", "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x90\xa7");
	expect_repaired("cut \xe2\x80", "cut \xef\xbf\xbd\xef\xbf\xbd");
}

/* qsort(NULL, 0, ...) is undefined: an empty report must not call it. */
static void test_sort_empty_report(void)
{
	struct kp_report r = { 0 };

	report_sort(&r);
	CHECK(r.nfindings == 0);
	report_free(&r);
}

/* A failed parse frees the input buffer and what it had built (it
 * leaked before); "a//etc/passwd" is absolute after -p1 stripping. */
static void test_patch_errors(void)
{
	static const char *const bad[] = {
		"--- a//etc/passwd\n+++ b//etc/passwd\n@@ -1 +1 @@\n-a\n+b\n",
		"diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1,2 +1,2 @@\n-a\n",
	};
	static const char *const want[] = {
		"t.patch:1: absolute path '/etc/passwd' refused",
		"t.patch:5: truncated hunk",
	};
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kp_series s;

		CHECK(patch_parse(&s, "t.patch", xstrdup(bad[i]), strlen(bad[i]),
				  err, sizeof(err)) == -1);
		CHECK(strstr(err, want[i]) != NULL);
		CHECK(s.buf == NULL && s.patches == NULL);
		patch_free(&s);
	}
}

int main(void)
{
	test_cscan_unterminated_include();
	test_cscan_empty_fragment();
	test_json_repair();
	test_sort_empty_report();
	test_patch_errors();
	return check_done();
}
