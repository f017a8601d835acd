// SPDX-License-Identifier: GPL-2.0
/*
 * kpp_cmdline.c - replaces cmdline_proc_show(); counts reads of
 * /proc/cmdline in a shadow variable attached to its live inode.
 */
#include <linux/seq_file.h>
#include <linux/fs.h>
#include "kpcheck-patch.h"

#define KPP_SHADOW_READS 0x6b700001UL

static int kpp_reads_ctor(void *obj, void *data, void *ctor_data)
{
	*(long *)data = 100;	/* proves the ctor ran on creation only */
	return 0;
}

static int kpp_cmdline_proc_show(struct seq_file *m, void *v)
{
	long *reads;

	reads = kpcheck_shadow_get_or_alloc(file_inode(m->file),
					    KPP_SHADOW_READS, sizeof(*reads),
					    GFP_KERNEL, kpp_reads_ctor, NULL);
	if (reads)
		(*reads)++;
	seq_printf(m, "kpcheck patched cmdline, reads %ld\n",
		   reads ? *reads : -1L);
	return 0;
}

static struct kpcheck_func kpp_funcs[] = {
	KPCHECK_FUNC(NULL, cmdline_proc_show, kpp_cmdline_proc_show,
		     KPT_CMDLINE_SIZE),
	{ }
};

static const struct kpcheck_shadow kpp_shadows[] = {
	KPCHECK_SHADOW(KPP_SHADOW_READS, NULL),
	{ }
};

KPCHECK_PATCH(kpp_funcs, kpp_shadows, NULL, NULL, NULL, NULL);
MODULE_LICENSE("GPL");
