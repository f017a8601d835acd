// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_bench.c - replaces kpb_bench_target() with a function of the same
 * cost, so that the benchmark sees only the redirection.  Built for
 * kpcore (kpp_bench.ko) and, with KPCHECK_TARGET_LIVEPATCH, for
 * upstream livepatch (klp_bench.ko).
 */
#include "kpcheck-patch.h"

static noinline int kpp_bench_target(int x)
{
	return x + 2;
}

static struct kpcheck_func kpp_funcs[] = {
	KPCHECK_FUNC("kpb_bench", kpb_bench_target, kpp_bench_target, 0),
	{ }
};

KPCHECK_PATCH(kpp_funcs, NULL, NULL, NULL, NULL, NULL);
MODULE_LICENSE("GPL");
