/*
 * The base layer's shared helpers: the process runner (argv only, make's
 * variables removed, output in files, the first compiler error found),
 * the cache directory lookup and the shell-word splitter.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/cache.h"
#include "lib/run.h"
#include "lib/util.h"
#include "tests/unit/check.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;

	if (!f)
		return xstrdup("");
	if (getdelim(&buf, &cap, 0, f) < 0) {
		free(buf);
		buf = xstrdup("");
	}
	fclose(f);
	return buf;
}

/* A make of ours must not see the jobserver of a make above kpcheck. */
static void test_run_environment(const char *dir)
{
	char *out = xasprintf("%s/env.out", dir), *text;
	char *const argv[] = { "env", NULL };
	struct run_job j = { .argv = argv, .out = out };

	setenv("MAKEFLAGS", " -j2 --jobserver-auth=3,4", 1);
	setenv("MFLAGS", "-j2", 1);
	setenv("MAKELEVEL", "1", 1);
	setenv("KPCHECK_TEST_KEEP", "kept", 1);
	CHECK(run(&j) == 0);
	run_release(&j);
	text = slurp(out);
	CHECK(strstr(text, "KPCHECK_TEST_KEEP=kept\n") != NULL);
	CHECK(!strstr(text, "MAKEFLAGS=") && !strstr(text, "MFLAGS=") &&
	      !strstr(text, "MAKELEVEL="));
	unsetenv("MAKEFLAGS");
	unsetenv("MFLAGS");
	unsetenv("MAKELEVEL");
	free(text);
	free(out);
}

/* Arguments are words, never parsed by a shell; the exit code comes back. */
static void test_run_argv(const char *dir)
{
	char *out = xasprintf("%s/argv.out", dir), *text;
	char *const echo[] = { "printf", "%s|", "a b", "$HOME", "`x`;y", NULL };
	char *const pwd[] = { "pwd", NULL };
	char *const no[] = { "kpcheck-no-such-program", NULL };
	char *const false_[] = { "false", NULL };
	struct run_job j = { .argv = echo, .out = out };

	CHECK(run(&j) == 0);
	run_release(&j);
	text = slurp(out);
	CHECK_STR(text, "a b|$HOME|`x`;y|");
	free(text);
	j = (struct run_job){ .argv = pwd, .dir = "/usr", .out = out };
	CHECK(run(&j) == 0);
	run_release(&j);
	text = slurp(out);
	CHECK_STR(text, "/usr\n");
	free(text);
	j = (struct run_job){ .argv = no };
	CHECK(run(&j) == 127);
	run_release(&j);
	j = (struct run_job){ .argv = false_ };
	CHECK(run(&j) == 1);
	run_release(&j);
	free(out);
}

/* Output read through a pipe; stopping early ends the child (`| head`). */
static void test_run_read(void)
{
	char *const seq[] = { "seq", "1", "100000000", NULL };
	struct run_job j = { .argv = seq };
	FILE *f = run_read(&j);
	char line[32];
	int n = 0, rc;

	CHECK(f != NULL);
	while (f && n < 3 && fgets(line, sizeof(line), f))
		n++;
	CHECK(n == 3 && !strcmp(line, "3\n"));
	rc = run_close(&j, f, true);
	CHECK(rc == -1);	/* ended by a signal, long before 10^8 lines */
	run_release(&j);
}

static void test_log_error(const char *dir)
{
	char *log = xasprintf("%s/build.log", dir), buf[128];
	FILE *f = fopen(log, "w");

	fputs("  CC      fs/aio.o\nfs/aio.c:904:9: warning: unused\n"
	      "fs/aio.c:910:2: error: 'x' undeclared\nfs/aio.c:911:2: error: second\n"
	      "make: *** [fs/aio.o] Error 1\n", f);
	fclose(f);
	run_log_error(log, buf, sizeof(buf));
	CHECK_STR(buf, "fs/aio.c:910:2: error: 'x' undeclared");
	f = fopen(log, "w");
	fputs("first\nlast line\n\n", f);
	fclose(f);
	run_log_error(log, buf, sizeof(buf));
	CHECK_STR(buf, "last line");
	free(log);
}

static void test_cache_dir(const char *dir)
{
	char *base = xasprintf("%s/cache", dir), *want, *got;
	struct stat st;

	/* $KPCHECK_CACHE first; the directory is made on the way */
	setenv("KPCHECK_CACHE", base, 1);
	got = cache_dir("build-cmd");
	want = xasprintf("%s/build-cmd", base);
	CHECK_STR(got, want);
	CHECK(got && !stat(got, &st) && S_ISDIR(st.st_mode));
	free(got);
	free(want);
	free(base);
	unsetenv("KPCHECK_CACHE");
	setenv("HOME", dir, 1);
	got = cache_dir(NULL);
	want = xasprintf("%s/.cache/kpcheck", dir);
	CHECK_STR(got, want);
	free(got);
	free(want);
}

static void test_shell_words(void)
{
	char **w;
	int n = shell_words("gcc  -DX='\"a b\"' \"-I./x y\" a\\ b\n-c", &w);

	CHECK(n == 5 && w[5] == NULL);
	CHECK_STR(w[0], "gcc");
	CHECK_STR(w[1], "-DX=\"a b\"");
	CHECK_STR(w[2], "-I./x y");
	CHECK_STR(w[3], "a b");
	CHECK_STR(w[4], "-c");
	words_free(w);
	CHECK(shell_words("  ", &w) == 0 && w[0] == NULL);
	words_free(w);
}

int main(void)
{
	char dir[] = "/tmp/kpcheck-test-lib-XXXXXX";
	char *const rm[] = { "rm", "-rf", dir, NULL };
	struct run_job j = { .argv = rm };

	if (!mkdtemp(dir))
		return 2;
	test_run_environment(dir);
	test_run_argv(dir);
	test_run_read();
	test_log_error(dir);
	test_cache_dir(dir);
	test_shell_words();
	run(&j);
	run_release(&j);
	return check_done();
}
