// SPDX-License-Identifier: GPL-2.0
/*
 * compat.c - user-space RCU model for the shadow stress build; see
 * compat.h for why an rwlock is a faithful stand-in for a grace period.
 */
#include "compat.h"

static pthread_rwlock_t compat_rcu_lock;
static pthread_once_t compat_rcu_once = PTHREAD_ONCE_INIT;
static __thread int compat_rcu_depth;

static pthread_mutex_t compat_queue_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rcu_head *compat_queue;

/* Writer preference, or a steady stream of readers starves reclaim. */
static void compat_rcu_init(void)
{
	pthread_rwlockattr_t attr;

	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&compat_rcu_lock, &attr);
	pthread_rwlockattr_destroy(&attr);
}

/* Nested sections take the lock once: a nested rdlock could deadlock
 * behind a waiting writer with the writer-preferring kind.
 */
void compat_rcu_read_lock(void)
{
	pthread_once(&compat_rcu_once, compat_rcu_init);
	if (compat_rcu_depth++ == 0)
		pthread_rwlock_rdlock(&compat_rcu_lock);
}

void compat_rcu_read_unlock(void)
{
	if (--compat_rcu_depth == 0)
		pthread_rwlock_unlock(&compat_rcu_lock);
}

void compat_kfree_rcu(void *ptr, struct rcu_head *head)
{
	head->ptr = ptr;
	pthread_mutex_lock(&compat_queue_lock);
	head->next = compat_queue;
	compat_queue = head;
	pthread_mutex_unlock(&compat_queue_lock);
}

/* Must be called outside any read-side section. */
void compat_rcu_reclaim(void)
{
	struct rcu_head *list, *next;

	pthread_once(&compat_rcu_once, compat_rcu_init);
	pthread_mutex_lock(&compat_queue_lock);
	list = compat_queue;
	compat_queue = NULL;
	pthread_mutex_unlock(&compat_queue_lock);
	if (!list)
		return;
	/* Entries were unlinked before queueing: after this grace period
	 * no reader can still hold one.
	 */
	pthread_rwlock_wrlock(&compat_rcu_lock);
	pthread_rwlock_unlock(&compat_rcu_lock);
	for (; list; list = next) {
		next = list->next;
		free(list->ptr);
	}
}
