// SPDX-License-Identifier: GPL-2.0
/* kpp_target.c - replaces kpt_target_value() of module kpt_target. */
#include "kpcheck-patch.h"

static int kpp_target_value(void)
{
	return 2;
}

static struct kpcheck_func kpp_funcs[] = {
	KPCHECK_FUNC("kpt_target", kpt_target_value, kpp_target_value, 0),
	{ }
};

KPCHECK_PATCH(kpp_funcs, NULL, NULL, NULL, NULL, NULL);
MODULE_LICENSE("GPL");
