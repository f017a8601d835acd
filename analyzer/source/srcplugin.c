/*
 * The one symbol kpcheck-source.so exports (analyzer/plugin.h).
 */
#include "analyzer/plugin.h"
#include "analyzer/source/srctier.h"

KP_PLUGIN_EXPORT const struct kp_plugin kpcheck_plugin = {
	.abi = KP_PLUGIN_ABI,
	.name = "source tier (libclang)",
	.init = plugin_host_init,
	.analyze = kp_source_analyze,
};
