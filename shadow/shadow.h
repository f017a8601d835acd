/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shadow.h - kpcore shadow-variable store.
 *
 * A shadow variable is extra state attached to an existing object that a
 * livepatch cannot grow (the struct layout is frozen in the running
 * kernel).  Variables are keyed by <obj, id>; the semantics follow upstream
 * klp_shadow_*() so that a patch can be built for either core.
 *
 * The same header serves the kernel build (kpcore.ko) and the user-space
 * test build, where shadow/compat.h supplies the kernel primitives.
 */
#ifndef KPCHECK_SHADOW_SHADOW_H
#define KPCHECK_SHADOW_SHADOW_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/gfp.h>
#else
#include "compat.h"
#endif

typedef int (*kpcore_shadow_ctor_t)(void *obj, void *shadow_data,
				    void *ctor_data);
typedef void (*kpcore_shadow_dtor_t)(void *obj, void *shadow_data);

void *kpcore_shadow_get(void *obj, unsigned long id);
void *kpcore_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp_flags, kpcore_shadow_ctor_t ctor,
			  void *ctor_data);
void *kpcore_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, kpcore_shadow_ctor_t ctor,
				 void *ctor_data);
void kpcore_shadow_free(void *obj, unsigned long id,
			kpcore_shadow_dtor_t dtor);
void kpcore_shadow_free_all(unsigned long id, kpcore_shadow_dtor_t dtor);
long kpcore_shadow_count(void);

#endif /* KPCHECK_SHADOW_SHADOW_H */
