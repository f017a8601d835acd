// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_bad.c - patches kpcore must refuse; KPP_BAD selects which:
 * 1 missing symbol, 2 size mismatch, 3 notrace target.
 */
#include <linux/seq_file.h>
#include "kpcheck-patch.h"

static int kpp_bad_show(struct seq_file *m, void *v)
{
	return 0;
}

static struct kpcheck_func kpp_funcs[] = {
#if KPP_BAD == 1
	KPCHECK_FUNC(NULL, kpcheck_no_such_function, kpp_bad_show, 0),
#elif KPP_BAD == 2
	KPCHECK_FUNC(NULL, cmdline_proc_show, kpp_bad_show, KPT_CMDLINE_SIZE + 16),
#else
	KPCHECK_FUNC("kpt_target", kpt_target_notrace, kpp_bad_show, 0),
#endif
	{ }
};

KPCHECK_PATCH(kpp_funcs, NULL, NULL, NULL, NULL, NULL);
MODULE_LICENSE("GPL");
