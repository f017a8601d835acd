/*
 * A plugin built for another ABI number than this kpcheck's: the loader
 * must refuse it before running any of its code (tests/unit/test-plugin.c).
 * Built as build/tests/plugin/kpcheck-object.so by mk/plugin.mk.
 */
#include <stdlib.h>
#include "analyzer/plugin.h"

static int init(const struct kp_host *host)
{
	(void)host;
	abort();	/* never reached: the ABI check comes first */
}

KP_PLUGIN_EXPORT const struct kp_plugin kpcheck_plugin = {
	.abi = KP_PLUGIN_ABI + 1,
	.name = "wrong ABI",
	.init = init,
};
