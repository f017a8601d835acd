/*
 * Plugin loader for the source and object tiers (see tier.h for why they
 * are plugins).  Plugins are looked up in $KPCHECK_LIBDIR, else next to
 * the running kpcheck binary, else in the installed libexec directory.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/tier.h"
#include "lib/util.h"
#include "reports/report.h"
#include "rules/rules.h"

#ifndef KPCHECK_LIBEXEC
#define KPCHECK_LIBEXEC "/usr/local/libexec/kpcheck"
#endif

static char *plugin_path(const char *plugin)
{
	const char *env = getenv("KPCHECK_LIBDIR");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash, *path;

	if (env && *env)
		return xasprintf("%s/%s", env, plugin);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			path = xasprintf("%s/%s", exe, plugin);
			if (access(path, R_OK) == 0)
				return path;
			free(path);
		}
	}
	return xasprintf("%s/%s", KPCHECK_LIBEXEC, plugin);
}

static char tier_error[512];

const char *tier_last_error(void)
{
	return tier_error;
}

void *tier_symbol(const char *plugin, const char *symbol)
{
	char *path = plugin_path(plugin);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL), *sym;

	if (!h) {
		snprintf(tier_error, sizeof(tier_error), "cannot load %s: %s", path,
			 dlerror());
		free(path);
		return NULL;
	}
	free(path);
	sym = dlsym(h, symbol);
	if (!sym)
		snprintf(tier_error, sizeof(tier_error), "%s has no %s", plugin, symbol);
	/* the handle stays open: the plugin's code runs until exit */
	return sym;
}

int tier_analyze(struct kp_ctx *ctx, const char *plugin, const char *symbol)
{
	int (*analyze)(struct kp_ctx *) = (int (*)(struct kp_ctx *))tier_symbol(plugin, symbol);

	if (!analyze) {
		report_notice(ctx, NULL, 0, "%s: the tier is skipped", tier_error);
		return -1;
	}
	return analyze(ctx);
}
