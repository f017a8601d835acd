/*
 * The plugin interface (analyzer/plugin.h): the real plugins load through
 * their one exported table and export nothing else; a plugin built for
 * another ABI number is refused with an error that says so.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/object/objdiff.h"
#include "analyzer/plugin.h"
#include "kpcheck.h"
#include "lib/util.h"
#include "tests/unit/check.h"

/* The build directory: this test is $(O)/tests/unit/test-plugin. */
static char *build_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = 0;
	for (int up = 0; up < 3; up++)
		*strrchr(exe, '/') = 0;
	return xstrdup(exe);
}

static void test_wrong_abi(const char *build)
{
	char *dir = xasprintf("%s/tests/plugin", build);
	char *want = xasprintf("plugin ABI %d, but this kpcheck needs ABI %d",
			       KP_PLUGIN_ABI + 1, KP_PLUGIN_ABI);
	const struct kp_plugin *p;

	setenv("KPCHECK_LIBDIR", dir, 1);
	p = plugin_load(KP_OBJECT_PLUGIN);
	CHECK(p == NULL);
	CHECK(strstr(plugin_error(), want) != NULL);
	CHECK(strstr(plugin_error(), "tests/plugin/kpcheck-object.so") != NULL);
	unsetenv("KPCHECK_LIBDIR");
	free(want);
	free(dir);
}

static void test_real_plugins(const char *build)
{
	static const char *const files[] = { KP_OBJECT_PLUGIN, KP_SOURCE_PLUGIN };

	setenv("KPCHECK_LIBDIR", build, 1);
	for (int i = 0; i < 2; i++) {
		const struct kp_plugin *p = plugin_load(files[i]);
		char *path = xasprintf("%s/%s", build, files[i]);
		void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);

		CHECK(p && p->abi == KP_PLUGIN_ABI && p->analyze);
		/* only the table is visible, not the plugin's functions */
		CHECK(h && dlsym(h, KP_PLUGIN_SYMBOL) && !dlsym(h, "objdiff_run") &&
		      !dlsym(h, "kp_source_analyze") && !dlsym(h, "xmalloc"));
		if (h)
			dlclose(h);
		free(path);
	}
	CHECK(plugin_load(KP_OBJECT_PLUGIN)->objdiff_carry != NULL);
	unsetenv("KPCHECK_LIBDIR");
}

int main(void)
{
	char *build = build_dir();

	host_register();
	/* the wrong one first: a refused plugin is not remembered */
	test_wrong_abi(build);
	test_real_plugins(build);
	free(build);
	return check_done();
}
