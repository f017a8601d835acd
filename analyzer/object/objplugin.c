/*
 * The one symbol kpcheck-object.so exports (analyzer/plugin.h): the tier
 * for `kpcheck --objects`, `kpcheck objdiff`, and the differ itself for
 * the builder's cross-check.
 */
#include "analyzer/object/objdiff.h"
#include "analyzer/object/objtier.h"
#include "analyzer/plugin.h"

KP_PLUGIN_EXPORT const struct kp_plugin kpcheck_plugin = {
	.abi = KP_PLUGIN_ABI,
	.name = "object tier (libelf/libdw)",
	.init = plugin_host_init,
	.analyze = kp_object_analyze,
	.objdiff_analyze = kp_objdiff_analyze,
	.objdiff_run = objdiff_run,
	.objdiff_free = objdiff_free,
};
