/*
 * The one symbol kpcheck-object.so exports (analyzer/plugin.h): the tier
 * for `kpcheck --objects`, `kpcheck objdiff`, and the differ itself for
 * the builder's cross-check.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "analyzer/object/objtier.h"
#include "analyzer/plugin.h"
#include "lib/util.h"

/* The differ's functions as the plugin table's plain list. */
static int carry(struct kp_carry *c, const char *orig, const char *patched, char *err,
		 size_t errlen)
{
	struct od_result r;
	int ret = objdiff_run(&r, orig, patched, err, errlen);

	memset(c, 0, sizeof(*c));
	for (int i = 0; !ret && i < r.nfuncs; i++) {
		const struct od_func *f = &r.funcs[i];
		struct kp_carry_func *k = VEC_PUSH(c->funcs, c->nfuncs);

		k->name = xstrdup(f->name);
		k->added = f->status == OD_NEW;
		k->part = (f->s && f->s->cold) || str_ends(f->name, ".cold") ||
			  strstr(f->name, ".cold.");
	}
	objdiff_free(&r);
	return ret;
}

static void carry_free(struct kp_carry *c)
{
	for (int i = 0; i < c->nfuncs; i++)
		free(c->funcs[i].name);
	free(c->funcs);
	memset(c, 0, sizeof(*c));
}

KP_PLUGIN_EXPORT const struct kp_plugin kpcheck_plugin = {
	.abi = KP_PLUGIN_ABI,
	.name = "object tier (libelf/libdw)",
	.init = plugin_host_init,
	.analyze = kp_object_analyze,
	.objdiff_analyze = kp_objdiff_analyze,
	.objdiff_carry = carry,
	.objdiff_carry_free = carry_free,
};
