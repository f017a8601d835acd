/*
 * Where a .c file's preamble ends (analyzer/source/preamble.c): the part
 * both images of a patched file share through one precompiled copy.  A
 * preamble cut too late would hide code from the parse; too early only
 * costs time.  Cases from kernel files' heads, and a real file of the
 * tree when it is ready.
 */
#include <stdlib.h>
#include "analyzer/source/preamble.c"
#include "tests/unit/check.h"

/* The text after the preamble, its white space skipped. */
static const char *after(const char *text)
{
	const char *p = text + cl_preamble_end(text, strlen(text));

	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	return p;
}

static void test_heads(void)
{
	/* kernel/irq/irqdomain.c's shape: SPDX, pr_fmt, includes */
	CHECK_STR(after("// SPDX-License-Identifier: GPL-2.0\n\n"
			"#define pr_fmt(fmt)  \"irq: \" fmt\n\n"
			"#include <linux/acpi.h>\n#include <linux/fs.h>\n\n"
			"static LIST_HEAD(irq_domain_list);\n"),
		  "static LIST_HEAD(irq_domain_list);\n");
	/* a block comment, and a conditional include kept whole */
	CHECK_STR(after("/*\n * x.c\n */\n#include <linux/a.h>\n"
			"#ifdef CONFIG_X\n#include <linux/x.h>\n#endif\nint x;\n"),
		  "int x;\n");
	/* a directive continued over lines, with a comment in it */
	CHECK_STR(after("#include <linux/a.h>\n#define M(a) \\\n\t((a) + 1) /* one\n"
			"  more */\nint y;\n"),
		  "int y;\n");
}

static void test_cuts(void)
{
	/* code inside #if: the preamble stops before the #if */
	CHECK_STR(after("#include <linux/a.h>\n#ifdef CONFIG_X\nint x;\n#endif\n"),
		  "#ifdef CONFIG_X\nint x;\n#endif\n");
	/* an #endif with no #if: stop there */
	CHECK_STR(after("#include <linux/a.h>\n#endif\nint z;\n"), "#endif\nint z;\n");
	/* no include: nothing worth precompiling */
	CHECK(cl_preamble_end("#define A 1\nint a;\n", 19) == 0);
	CHECK(cl_preamble_end("int a;\n#include <linux/a.h>\n", 27) == 0);
	/* a comment that never ends: the preamble ends before it */
	CHECK_STR(after("#include <linux/a.h>\n/* open\n"), "/* open\n");
	CHECK(cl_preamble_end("", 0) == 0);
}

static void test_blank(void)
{
	const char *t = "#include <a.h>\n#include <b.h>\nint x;\n";
	size_t end = cl_preamble_end(t, strlen(t));
	char *b = cl_preamble_blank(t, strlen(t), end);

	/* same length and lines, nothing of the preamble left */
	CHECK(strlen(b) == strlen(t));
	CHECK_STR(b, "              \n              \nint x;\n");
	free(b);
}

static void test_tree(void)
{
	const char *tree = getenv("KTREE");
	char *path, *text;
	FILE *f;
	long n;

	if (!tree || !*tree)
		return;
	path = xasprintf("%s/kernel/irq/irqdomain.c", tree);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		text = xmalloc(n + 1);
		text[fread(text, 1, n, f)] = '\0';
		fclose(f);
		CHECK(!strncmp(after(text), "static LIST_HEAD(irq_domain_list);", 34));
		free(text);
	}
	free(path);
}

int main(void)
{
	test_heads();
	test_cuts();
	test_blank();
	test_tree();
	return check_done();
}
