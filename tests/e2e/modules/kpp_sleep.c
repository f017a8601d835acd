// SPDX-License-Identifier: GPL-2.0
/* kpp_sleep.c - replaces kpt_target_sleep(), where kpt_sleeper may sit. */
#include "kpcheck-patch.h"

static void kpp_target_sleep(void)
{
}

static struct kpcheck_func kpp_funcs[] = {
	KPCHECK_FUNC("kpt_target", kpt_target_sleep, kpp_target_sleep, 0),
	{ }
};

KPCHECK_PATCH(kpp_funcs, NULL, NULL, NULL, NULL, NULL);
MODULE_LICENSE("GPL");
