// SPDX-License-Identifier: GPL-2.0
/* kpp_stack.c - a second patch of cmdline_proc_show(), stacked on kpp_cmdline. */
#include <linux/seq_file.h>
#include "kpcheck-patch.h"

static int kpp_stack_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "kpcheck stacked cmdline\n");
	return 0;
}

static struct kpcheck_func kpp_funcs[] = {
	KPCHECK_FUNC(NULL, cmdline_proc_show, kpp_stack_cmdline_proc_show, 0),
	{ }
};

KPCHECK_PATCH(kpp_funcs, NULL, NULL, NULL, NULL, NULL);
MODULE_LICENSE("GPL");
