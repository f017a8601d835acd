// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_meminfo.c - replaces meminfo_proc_show() with a short version that
 * still reports real figures.  Built for kpcore and, with
 * KPCHECK_TARGET_LIVEPATCH, for upstream livepatch (klp_meminfo.ko).
 */
#include <linux/seq_file.h>
#include <linux/mm.h>
#include "kpcheck-patch.h"

static int kpp_meminfo_proc_show(struct seq_file *m, void *v)
{
	struct sysinfo i;

	si_meminfo(&i);
	seq_printf(m, "MemTotal:       %8lu kB\n", i.totalram << (PAGE_SHIFT - 10));
	seq_printf(m, "MemFree:        %8lu kB\n", i.freeram << (PAGE_SHIFT - 10));
	seq_printf(m, "MemAvailable:   %8lu kB\n",
		   si_mem_available() << (PAGE_SHIFT - 10));
	seq_printf(m, "Patched:        %s\n", KBUILD_MODNAME);
	return 0;
}

static int kpp_pre_patch(void)
{
	pr_info("%s: pre-patch callback\n", KBUILD_MODNAME);
	return 0;
}

static void kpp_post_unpatch(void)
{
	pr_info("%s: post-unpatch callback\n", KBUILD_MODNAME);
}

static struct kpcheck_func kpp_funcs[] = {
	KPCHECK_FUNC(NULL, meminfo_proc_show, kpp_meminfo_proc_show, 0),
	{ }
};

KPCHECK_PATCH(kpp_funcs, NULL, kpp_pre_patch, NULL, NULL, kpp_post_unpatch);
KPCHECK_STAMP("verdict", "eligible");
MODULE_LICENSE("GPL");
