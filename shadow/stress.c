// SPDX-License-Identifier: GPL-2.0
/*
 * stress.c - user-space test of the shadow store: the klp_shadow_*
 * semantics one by one, then threads racing get_or_alloc/alloc/free on a
 * small set of shared <obj, id> keys.  Built twice, under TSan and under
 * ASan+UBSan, so a data race or a use-after-free in the lock-free read
 * path fails the run.  Prints "shadow-stress: ok" and exits 0 on success.
 */
#include <stdio.h>
#include <string.h>
#include "shadow.h"

#define NR_THREADS	8
#define NR_ITERS	40000
#define NR_OBJS		32
#define NR_IDS		3
#define MAGIC(obj, id)	((long)(obj) ^ (long)((id) * 0x1234567UL))

struct payload {
	long magic;
	long hits;
};

static int objs[NR_OBJS];
static long nr_ctor, nr_dtor;
static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);	\
	}								\
} while (0)

static int ctor(void *obj, void *data, void *ctor_data)
{
	struct payload *p = data;

	CHECK(p->magic == 0 && p->hits == 0);	/* data arrives zeroed */
	p->magic = MAGIC(obj, (unsigned long)ctor_data);
	__atomic_add_fetch(&nr_ctor, 1, __ATOMIC_RELAXED);
	return 0;
}

static int failing_ctor(void *obj, void *data, void *ctor_data)
{
	(void)obj; (void)data; (void)ctor_data;
	return -12;
}

static void dtor(void *obj, void *data)
{
	struct payload *p = data;

	(void)obj;
	CHECK(p->magic != 0);
	__atomic_add_fetch(&nr_dtor, 1, __ATOMIC_RELAXED);
}

static void test_semantics(void)
{
	int a, b;
	struct payload *p, *q;

	CHECK(kpcore_shadow_get(&a, 1) == NULL);
	p = kpcore_shadow_alloc(&a, 1, sizeof(*p), GFP_KERNEL, NULL, NULL);
	CHECK(p && p->magic == 0 && p->hits == 0);
	if (p)
		p->magic = MAGIC(&a, 1);
	CHECK(kpcore_shadow_get(&a, 1) == p);
	CHECK(kpcore_shadow_get(&a, 2) == NULL);	/* key is <obj, id> */
	CHECK(kpcore_shadow_get(&b, 1) == NULL);
	CHECK(!kpcore_shadow_alloc(&a, 1, sizeof(*p), GFP_KERNEL, NULL, NULL));
	q = kpcore_shadow_get_or_alloc(&a, 1, sizeof(*p), GFP_KERNEL, ctor,
				       (void *)1UL);
	CHECK(q == p && nr_ctor == 0);		/* ctor only on creation */
	CHECK(!kpcore_shadow_alloc(&b, 1, 8, GFP_KERNEL, failing_ctor, NULL));
	CHECK(kpcore_shadow_get(&b, 1) == NULL && kpcore_shadow_count() == 1);
	q = kpcore_shadow_get_or_alloc(&b, 2, sizeof(*q), GFP_KERNEL, ctor,
				       (void *)2UL);
	CHECK(q && q->magic == MAGIC(&b, 2) && nr_ctor == 1);
	kpcore_shadow_alloc(&b, 1, sizeof(*q), GFP_KERNEL, ctor, (void *)1UL);
	kpcore_shadow_free_all(1, dtor);		/* only id 1 goes */
	CHECK(kpcore_shadow_get(&a, 1) == NULL && kpcore_shadow_get(&b, 1) == NULL);
	CHECK(kpcore_shadow_get(&b, 2) == q && kpcore_shadow_count() == 1);
	kpcore_shadow_free(&b, 2, dtor);
	kpcore_shadow_free(&b, 2, dtor);		/* absent: no-op */
	CHECK(kpcore_shadow_count() == 0 && nr_dtor == 3);
	compat_rcu_reclaim();
	nr_ctor = nr_dtor = 0;
}

static void one_op(unsigned int r)
{
	unsigned long id = 1 + (r >> 8) % NR_IDS;
	void *obj = &objs[(r >> 4) % NR_OBJS];
	struct payload *p;

	switch (r % 8) {
	case 0:
		kpcore_shadow_free(obj, id, dtor);
		return;
	case 1:
		rcu_read_lock();
		p = kpcore_shadow_alloc(obj, id, sizeof(*p), GFP_ATOMIC, ctor,
					(void *)id);
		break;
	default:
		rcu_read_lock();
		p = kpcore_shadow_get_or_alloc(obj, id, sizeof(*p), GFP_ATOMIC,
					       ctor, (void *)id);
		break;
	}
	/* Another thread may free it now; the data must stay readable
	 * until this read-side section ends.
	 */
	if (p) {
		CHECK(__atomic_load_n(&p->magic, __ATOMIC_RELAXED) == MAGIC(obj, id));
		__atomic_add_fetch(&p->hits, 1, __ATOMIC_RELAXED);
	}
	rcu_read_unlock();
}

static void *worker(void *arg)
{
	unsigned int seed = (unsigned int)(unsigned long)arg * 2654435761u;
	int i;

	for (i = 0; i < NR_ITERS; i++) {
		seed = seed * 1103515245u + 12345u;
		one_op(seed >> 8);
		if (i % 64 == 0)
			compat_rcu_reclaim();
	}
	return NULL;
}

int main(void)
{
	pthread_t tid[NR_THREADS];
	unsigned long id;
	int i;

	test_semantics();
	for (i = 0; i < NR_THREADS; i++)
		pthread_create(&tid[i], NULL, worker, (void *)(unsigned long)i + 1);
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(tid[i], NULL);
	for (id = 1; id <= NR_IDS; id++)
		kpcore_shadow_free_all(id, dtor);
	compat_rcu_reclaim();
	CHECK(kpcore_shadow_count() == 0);
	CHECK(nr_ctor == nr_dtor && nr_ctor > NR_OBJS);
	if (failures) {
		fprintf(stderr, "shadow-stress: %d failures\n", failures);
		return 1;
	}
	printf("shadow-stress: ok (%ld variables created and freed)\n", nr_ctor);
	return 0;
}
