/*
 * The host table the plugins get (analyzer/plugin.h): every function of
 * the main program a plugin may call.  It is filled here, at the top,
 * because it reaches every layer it hands out (the model, kbuild), while
 * the layers below only see the table's type.
 */
#include "analyzer/kbuild/kbuild.h"
#include "analyzer/kbuild/objbuild.h"
#include "analyzer/model/objfacts.h"
#include "analyzer/model/srcfacts.h"
#include "analyzer/model/tree.h"
#include "analyzer/plugin.h"
#include "kpcheck.h"

static void add_fact(struct kp_def *def, enum kp_tier tier, const char *text)
{
	model_add_fact(def, tier, "%s", text);
}

static const struct kp_host host = {
	.abi = KP_PLUGIN_ABI,
	.model_add_def = model_add_def,
	.model_find_def = model_find_def,
	.model_add_fact = add_fact,
	.model_add_member = model_add_member,
	.srcdef_get = srcdef_get,
	.srcref_add = srcref_add,
	.tree_read = tree_read,
	.kbuild_find_object = kbuild_find_object,
	.kbuild_builds = kbuild_builds,
	.kbuild_command = kbuild_command,
	.kbuild_cmd_free = kbuild_cmd_free,
	.objbuild_open = objbuild_open,
	.objbuild_make = objbuild_make,
	.objbuild_path = objbuild_path,
	.objbuild_close = objbuild_close,
	.objdef_get = objdef_get,
	.objbuild_make_many = objbuild_make_many,
};

void host_register(void)
{
	plugin_set_host(&host);
}
