/*
 * Plugin loader for the source and object tiers (see plugin.h for why they
 * are plugins).  Plugins are looked up in kp_libdir(): $KPCHECK_LIBDIR,
 * else beside the binary in its build directory, else in the installed
 * PREFIX/lib/kpcheck (lib/paths.h).
 * A plugin is checked before any of its code runs: it must export
 * KP_PLUGIN_SYMBOL, built for this KP_PLUGIN_ABI.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/plugin.h"
#include "lib/paths.h"
#include "lib/util.h"

static const struct kp_host *host;
static char plugin_err[1024];

/* A plugin per file name, loaded once: both tiers may run per patch. */
static struct loaded {
	char *file;
	const struct kp_plugin *plugin;
} *loaded;
static int nloaded;

void plugin_set_host(const struct kp_host *h)
{
	host = h;
}

const char *plugin_error(void)
{
	return plugin_err;
}

static char *plugin_path(const char *plugin)
{
	char *dir = kp_libdir(), *path;

	path = xasprintf("%s/%s", dir ? dir : ".", plugin);
	free(dir);
	return path;
}

static const struct kp_plugin *fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static const struct kp_plugin *fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(plugin_err, sizeof(plugin_err), fmt, ap);
	va_end(ap);
	return NULL;
}

/* dlopen, find the one symbol, check the ABI, hand over the host table. */
static const struct kp_plugin *open_plugin(const char *path)
{
	const struct kp_plugin *p;
	void *h;

	if (!host)
		return fail("%s: no host table for plugins", path);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return fail("cannot load %s: %s", path, dlerror());
	p = dlsym(h, KP_PLUGIN_SYMBOL);
	if (!p) {
		dlclose(h);
		return fail("%s: not a kpcheck plugin (no %s)", path, KP_PLUGIN_SYMBOL);
	}
	if (p->abi != KP_PLUGIN_ABI) {
		unsigned int abi = p->abi;

		dlclose(h);
		return fail("%s: plugin ABI %u, but this kpcheck needs ABI %u: the plugin "
			    "belongs to another kpcheck build; rebuild or reinstall it",
			    path, abi, KP_PLUGIN_ABI);
	}
	if (!p->init || p->init(host)) {
		dlclose(h);
		return fail("%s: the plugin refused this kpcheck's host table", path);
	}
	/* the handle stays open: the plugin's code runs until exit */
	return p;
}

const struct kp_plugin *plugin_load(const char *file)
{
	const struct kp_plugin *p;
	struct loaded *l;
	char *path;

	for (int i = 0; i < nloaded; i++)
		if (!strcmp(loaded[i].file, file))
			return loaded[i].plugin;
	path = plugin_path(file);
	p = open_plugin(path);
	free(path);
	if (!p)
		return NULL;
	l = VEC_PUSH(loaded, nloaded);
	l->file = xstrdup(file);
	l->plugin = p;
	return p;
}

int plugin_analyze(struct kp_ctx *ctx, const char *file)
{
	const struct kp_plugin *p = plugin_load(file);

	if (!p || !p->analyze) {
		ctx_notice(ctx, NULL, 0, "%s: the tier is skipped",
			   p ? "the plugin has no analyze entry" : plugin_err);
		return -1;
	}
	return p->analyze(ctx);
}
