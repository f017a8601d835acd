/*
 * Plugin loader for the source and object tiers (see tier.h for why they
 * are plugins).  Plugins are looked up in kp_libdir(): $KPCHECK_LIBDIR,
 * else beside the binary in its build directory, else in the installed
 * PREFIX/lib/kpcheck (lib/paths.h).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/tier.h"
#include "lib/paths.h"
#include "lib/util.h"
#include "reports/report.h"
#include "rules/rules.h"

static char *plugin_path(const char *plugin)
{
	char *dir = kp_libdir(), *path;

	path = xasprintf("%s/%s", dir ? dir : ".", plugin);
	free(dir);
	return path;
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
