/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the few kernel primitives shadow.c uses, for the user-space
 * stress build.
 *
 * RCU is modelled by a writer-preferring rwlock: readers hold it shared,
 * a grace period is one exclusive acquire and release, which cannot
 * complete while any reader that started earlier is still inside.
 * kfree_rcu() queues the entry; compat_rcu_reclaim() waits for a grace
 * period and frees the queue, which lets ASan catch any reader that
 * would touch memory freed too early.  Pointer publication uses C11
 * acquire/release atomics so TSan sees the same ordering the kernel's
 * rcu_assign_pointer()/rcu_dereference() provide.
 */
#ifndef KPCHECK_SHADOW_COMPAT_H
#define KPCHECK_SHADOW_COMPAT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

typedef unsigned int gfp_t;
#define GFP_KERNEL	0x1u
#define GFP_ATOMIC	0x2u

#define __rcu
#define EXPORT_SYMBOL_GPL(sym)	extern int compat_export_##sym

struct rcu_head {
	struct rcu_head *next;
	void *ptr;
};

void compat_rcu_read_lock(void);
void compat_rcu_read_unlock(void);
void compat_kfree_rcu(void *ptr, struct rcu_head *head);
void compat_rcu_reclaim(void);

#define rcu_read_lock()		compat_rcu_read_lock()
#define rcu_read_unlock()	compat_rcu_read_unlock()
#define rcu_dereference(p)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_protected(p, c) __atomic_load_n(&(p), __ATOMIC_RELAXED)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELAXED)
#define kfree_rcu(p, field)	compat_kfree_rcu((p), &(p)->field)

#define DEFINE_SPINLOCK(name)	pthread_mutex_t name = PTHREAD_MUTEX_INITIALIZER
#define spin_lock_irqsave(l, f)	((void)(f), pthread_mutex_lock(l))
#define spin_unlock_irqrestore(l, f) ((void)(f), pthread_mutex_unlock(l))

typedef struct { long counter; } atomic_long_t;
#define ATOMIC_LONG_INIT(v)	{ (v) }
#define atomic_long_inc(a)	__atomic_add_fetch(&(a)->counter, 1, __ATOMIC_RELAXED)
#define atomic_long_dec(a)	__atomic_sub_fetch(&(a)->counter, 1, __ATOMIC_RELAXED)
#define atomic_long_read(a)	__atomic_load_n(&(a)->counter, __ATOMIC_RELAXED)

#define kzalloc(size, gfp)	((void)(gfp), calloc(1, (size)))
#define kfree(p)		free(p)

#endif /* KPCHECK_SHADOW_COMPAT_H */
