// SPDX-License-Identifier: GPL-2.0
/*
 * shadow.c - the shadow-variable store shared by kpcore.ko and its
 * user-space stress test.
 *
 * Readers walk a hash bucket under RCU and take no lock, because patched
 * fast paths call kpcore_shadow_get() on every invocation.  Writers
 * serialise on one spinlock; a removed entry is freed after a grace
 * period so that a reader still walking past it stays safe.
 *
 * Buckets are singly linked: an entry is published with a release store
 * after its fields are set, and an unlinked entry keeps its ->next, so a
 * reader that sits on it still reaches the rest of the chain.
 */
#ifdef __KERNEL__
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/atomic.h>
#endif
#include "shadow.h"

#define KPCORE_SHADOW_BITS	12
#define KPCORE_SHADOW_BUCKETS	(1UL << KPCORE_SHADOW_BITS)

struct kpcore_shadow {
	struct kpcore_shadow __rcu *next;
	struct rcu_head rcu;
	void *obj;
	unsigned long id;
	char data[];
};

static struct kpcore_shadow __rcu *kpcore_shadow_table[KPCORE_SHADOW_BUCKETS];
static DEFINE_SPINLOCK(kpcore_shadow_lock);
static atomic_long_t kpcore_shadow_nr = ATOMIC_LONG_INIT(0);

static unsigned long kpcore_shadow_hash(void *obj, unsigned long id)
{
	/* Objects are at least 8-byte aligned: the low bits carry nothing. */
	unsigned long key = ((unsigned long)obj >> 3) ^ (id * 0x9e3779b9UL);

	key *= 0x9e3779b97f4a7c15UL;
	return key >> (64 - KPCORE_SHADOW_BITS);
}

static struct kpcore_shadow *kpcore_shadow_find(void *obj, unsigned long id)
{
	struct kpcore_shadow *s;

	s = rcu_dereference(kpcore_shadow_table[kpcore_shadow_hash(obj, id)]);
	for (; s; s = rcu_dereference(s->next))
		if (s->obj == obj && s->id == id)
			return s;
	return NULL;
}

/**
 * kpcore_shadow_get() - find the shadow data attached to an object
 * @obj: the object the variable is attached to
 * @id: the variable's id
 *
 * Return: the data, or NULL if no such variable exists.  Lock free.
 */
void *kpcore_shadow_get(void *obj, unsigned long id)
{
	struct kpcore_shadow *s;

	rcu_read_lock();
	s = kpcore_shadow_find(obj, id);
	rcu_read_unlock();
	return s ? s->data : NULL;
}
EXPORT_SYMBOL_GPL(kpcore_shadow_get);

/* Called with kpcore_shadow_lock held; @fresh is zeroed and unpublished. */
static void *kpcore_shadow_insert(struct kpcore_shadow *fresh, bool or_get,
				  kpcore_shadow_ctor_t ctor, void *ctor_data)
{
	struct kpcore_shadow *old, __rcu **head;

	old = kpcore_shadow_find(fresh->obj, fresh->id);
	if (old) {
		kfree(fresh);
		/* Upstream refuses a duplicate alloc; get_or_alloc returns it. */
		return or_get ? old->data : NULL;
	}
	if (ctor && ctor(fresh->obj, fresh->data, ctor_data)) {
		kfree(fresh);
		return NULL;
	}
	head = &kpcore_shadow_table[kpcore_shadow_hash(fresh->obj, fresh->id)];
	RCU_INIT_POINTER(fresh->next, rcu_dereference_protected(*head, 1));
	rcu_assign_pointer(*head, fresh);
	atomic_long_inc(&kpcore_shadow_nr);
	return fresh->data;
}

static void *kpcore_shadow_add(void *obj, unsigned long id, size_t size,
			       gfp_t gfp_flags, kpcore_shadow_ctor_t ctor,
			       void *ctor_data, bool or_get)
{
	struct kpcore_shadow *fresh;
	unsigned long flags;
	void *data;

	if (or_get) {
		data = kpcore_shadow_get(obj, id);
		if (data)
			return data;
	}
	/* Allocate outside the lock: @gfp_flags may allow sleeping. */
	fresh = kzalloc(sizeof(*fresh) + size, gfp_flags);
	if (!fresh)
		return NULL;
	fresh->obj = obj;
	fresh->id = id;

	spin_lock_irqsave(&kpcore_shadow_lock, flags);
	data = kpcore_shadow_insert(fresh, or_get, ctor, ctor_data);
	spin_unlock_irqrestore(&kpcore_shadow_lock, flags);
	return data;
}

/**
 * kpcore_shadow_alloc() - attach a new shadow variable to an object
 * @obj: the object
 * @id: the variable's id
 * @size: size of the data, zeroed before @ctor runs
 * @gfp_flags: allocation flags
 * @ctor: optional constructor, called under the store's lock
 * @ctor_data: passed to @ctor
 *
 * Return: the new data; NULL if <@obj, @id> exists already, if the
 * allocation failed or if @ctor returned an error.
 */
void *kpcore_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp_flags, kpcore_shadow_ctor_t ctor,
			  void *ctor_data)
{
	return kpcore_shadow_add(obj, id, size, gfp_flags, ctor, ctor_data,
				 false);
}
EXPORT_SYMBOL_GPL(kpcore_shadow_alloc);

/**
 * kpcore_shadow_get_or_alloc() - find a shadow variable, or attach it
 * @obj: the object
 * @id: the variable's id
 * @size: size of the data when it is created
 * @gfp_flags: allocation flags
 * @ctor: optional constructor, called only when the variable is created
 * @ctor_data: passed to @ctor
 *
 * Return: the existing or new data, NULL on allocation or @ctor failure.
 */
void *kpcore_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp_flags, kpcore_shadow_ctor_t ctor,
				 void *ctor_data)
{
	return kpcore_shadow_add(obj, id, size, gfp_flags, ctor, ctor_data,
				 true);
}
EXPORT_SYMBOL_GPL(kpcore_shadow_get_or_alloc);

/* Called with kpcore_shadow_lock held. */
static void kpcore_shadow_unlink(struct kpcore_shadow __rcu **link,
				 struct kpcore_shadow *s,
				 kpcore_shadow_dtor_t dtor)
{
	rcu_assign_pointer(*link, rcu_dereference_protected(s->next, 1));
	if (dtor)
		dtor(s->obj, s->data);
	atomic_long_dec(&kpcore_shadow_nr);
	kfree_rcu(s, rcu);
}

/**
 * kpcore_shadow_free() - detach and free one shadow variable
 * @obj: the object
 * @id: the variable's id
 * @dtor: optional destructor, called under the store's lock
 *
 * The memory is released after an RCU grace period, so concurrent
 * lock-free readers never touch freed memory.
 */
void kpcore_shadow_free(void *obj, unsigned long id, kpcore_shadow_dtor_t dtor)
{
	struct kpcore_shadow __rcu **link;
	struct kpcore_shadow *s;
	unsigned long flags;

	spin_lock_irqsave(&kpcore_shadow_lock, flags);
	link = &kpcore_shadow_table[kpcore_shadow_hash(obj, id)];
	for (; (s = rcu_dereference_protected(*link, 1)); link = &s->next) {
		if (s->obj == obj && s->id == id) {
			kpcore_shadow_unlink(link, s, dtor);
			break;
		}
	}
	spin_unlock_irqrestore(&kpcore_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(kpcore_shadow_free);

/**
 * kpcore_shadow_free_all() - free every variable with a given id
 * @id: the variable id, whatever object it is attached to
 * @dtor: optional destructor, called for each
 *
 * A patch calls this when it is removed so that no state outlives it.
 */
void kpcore_shadow_free_all(unsigned long id, kpcore_shadow_dtor_t dtor)
{
	struct kpcore_shadow __rcu **link;
	struct kpcore_shadow *s;
	unsigned long flags, i;

	spin_lock_irqsave(&kpcore_shadow_lock, flags);
	for (i = 0; i < KPCORE_SHADOW_BUCKETS; i++) {
		link = &kpcore_shadow_table[i];
		while ((s = rcu_dereference_protected(*link, 1))) {
			if (s->id == id)
				kpcore_shadow_unlink(link, s, dtor);
			else
				link = &s->next;
		}
	}
	spin_unlock_irqrestore(&kpcore_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(kpcore_shadow_free_all);

/**
 * kpcore_shadow_count() - number of live shadow variables
 *
 * Return: the count; tests use it to prove nothing leaked.
 */
long kpcore_shadow_count(void)
{
	return atomic_long_read(&kpcore_shadow_nr);
}
EXPORT_SYMBOL_GPL(kpcore_shadow_count);
