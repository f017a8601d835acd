/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcheck-patch.h - declare a live patch once, build it for kpcore or for
 * upstream livepatch.
 *
 * A patch module lists its functions, shadow ids and callbacks, then
 * says KPCHECK_PATCH(); the header writes the module's init and exit.
 * Define KPCHECK_TARGET_LIVEPATCH before including it to build for
 * upstream livepatch (klp_enable_patch()); the default is kpcore.
 *
 *	static struct kpcheck_func funcs[] = {
 *		KPCHECK_FUNC(NULL, cmdline_proc_show, new_cmdline_show, 0x4c),
 *		KPCHECK_FUNC_POS("mymod", helper, 2, new_helper, 0),
 *		{ }
 *	};
 *	static const struct kpcheck_shadow shadows[] = {
 *		KPCHECK_SHADOW(SHADOW_SK_FOO, NULL),
 *		{ }
 *	};
 *	KPCHECK_PATCH(funcs, shadows, NULL, NULL, NULL, NULL);
 *
 * Shadow ids listed are freed on unpatch, before the post_unpatch
 * callback runs, so that no state outlives the code that reads it.
 * Callbacks are int (*)(void) for pre_patch, void (*)(void) otherwise.
 * The size argument is the target's size when the patch was built (0
 * skips the check); kpcore refuses a target of another size.  Upstream
 * livepatch has no such check.
 */
#ifndef KPCHECK_KMOD_KPCHECK_PATCH_H
#define KPCHECK_KMOD_KPCHECK_PATCH_H

#include <linux/module.h>
#include <linux/slab.h>

struct kpcheck_shadow {
	unsigned long id;
	void (*dtor)(void *obj, void *shadow_data);
};

struct kpcheck_callbacks {
	int (*pre_patch)(void);
	void (*post_patch)(void);
	void (*pre_unpatch)(void);
	void (*post_unpatch)(void);
};

#define KPCHECK_SHADOW(_id, _dtor)	{ .id = (_id), .dtor = (_dtor) }

#define KPCHECK_FUNC_POS(_obj, _old, _pos, _new, _size)			\
	{ .objname = (_obj), .old_name = #_old, .old_sympos = (_pos),	\
	  .new_func = (_new), .old_size = (_size) }
#define KPCHECK_FUNC(_obj, _old, _new, _size)				\
	KPCHECK_FUNC_POS(_obj, _old, 0, _new, _size)

/* Stamps read by `kpcheck load`: it refuses a module without a verdict. */
#define KPCHECK_STAMP(_tag, _val)					\
	static const char __UNIQUE_ID(kpcheck_stamp)[]			\
	__used __section(".modinfo") __aligned(1) = "kpcheck." _tag "=" _val

#ifdef KPCHECK_TARGET_LIVEPATCH
#include <linux/livepatch.h>
#define kpcheck_shadow_get		klp_shadow_get
#define kpcheck_shadow_alloc		klp_shadow_alloc
#define kpcheck_shadow_get_or_alloc	klp_shadow_get_or_alloc
#define kpcheck_shadow_free		klp_shadow_free
#define kpcheck_shadow_free_all		klp_shadow_free_all
#include "kpcheck-patch-klp.h"
#else
#include "kpcore.h"
#define kpcheck_func			kpcore_func
#define kpcheck_shadow_get		kpcore_shadow_get
#define kpcheck_shadow_alloc		kpcore_shadow_alloc
#define kpcheck_shadow_get_or_alloc	kpcore_shadow_get_or_alloc
#define kpcheck_shadow_free		kpcore_shadow_free
#define kpcheck_shadow_free_all		kpcore_shadow_free_all
#include "kpcheck-patch-kpcore.h"
#endif

static inline void kpcheck_free_shadows(const struct kpcheck_shadow *s)
{
	for (; s && s->id; s++)
		kpcheck_shadow_free_all(s->id, s->dtor);
}

#endif /* KPCHECK_KMOD_KPCHECK_PATCH_H */
