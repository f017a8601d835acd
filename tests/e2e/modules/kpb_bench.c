// SPDX-License-Identifier: GPL-2.0
/*
 * kpb_bench.c - the guest benchmark's target function and stopwatch.
 *
 * kpb_bench_target() is what kpp_bench (kpcore) and klp_bench
 * (livepatch) replace.  Writing to /proc/kpb_bench runs a measurement,
 * reading it shows the last result:
 *   call N R      R rounds of N calls of kpb_bench_target(), and R
 *                 rounds of the same loop without the call
 *   shadow K N R  K objects, each with a kpcore and a livepatch shadow
 *                 variable; R rounds of N gets from each store, and of
 *                 the same loop without the get
 * Figures are medians over the rounds, in picoseconds per iteration.
 * Preemption stays enabled (rounds last up to seconds under TCG); the
 * median absorbs the odd interrupt.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/livepatch.h>
#include "shadow.h"
#include "kpb_bench.h"

#define KPB_MAX_ROUNDS	31
#define KPB_SHADOW_ID	0x6b620001UL

static char kpb_result[256] = "none\n";
/* Keeps the loops' results, and with them the calls, alive. */
static long kpb_sink;

/*
 * noipa: neither a clone called instead of the patched function, nor
 * the caller computing the result itself from what GCC knows of it.
 */
__attribute__((__noipa__)) int kpb_bench_target(int x)
{
	return x + 1;
}

static int kpb_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 kpb_median_ps(u64 *ns, int r, u64 n)
{
	sort(ns, r, sizeof(*ns), kpb_cmp, NULL);
	return div64_u64(ns[r / 2] * 1000, n);
}

/*
 * One round of @n iterations; each returns its duration in ns.  One
 * function per kind keeps a branch on the kind out of the loop.
 */
typedef u64 (*kpb_round_t)(u64 n, long *objs, u64 mask);

#define KPB_ROUND(_name, _expr)						\
static u64 _name(u64 n, long *objs, u64 mask)				\
{									\
	u64 i, t0 = ktime_get_ns();					\
	long sum = 0;							\
	void *obj;							\
									\
	for (i = 0; i < n; i++) {					\
		obj = &objs[i & mask];					\
		OPTIMIZER_HIDE_VAR(obj);				\
		sum += (long)(_expr);					\
		OPTIMIZER_HIDE_VAR(sum);				\
	}								\
	WRITE_ONCE(kpb_sink, sum);					\
	return ktime_get_ns() - t0;					\
}

KPB_ROUND(kpb_round_empty, obj)
KPB_ROUND(kpb_round_call, kpb_bench_target(i))
KPB_ROUND(kpb_round_kpcore, kpcore_shadow_get(obj, KPB_SHADOW_ID))
KPB_ROUND(kpb_round_klp, klp_shadow_get(obj, KPB_SHADOW_ID))

static u64 kpb_measure(kpb_round_t round, u64 n, int r, long *objs, u64 mask)
{
	u64 ns[KPB_MAX_ROUNDS];
	int i;

	for (i = 0; i < r; i++)
		ns[i] = round(n, objs, mask);
	return kpb_median_ps(ns, r, n);
}

static void kpb_call(u64 n, int r)
{
	long obj = 0;
	u64 loop = kpb_measure(kpb_round_empty, n, r, &obj, 0);
	u64 call = kpb_measure(kpb_round_call, n, r, &obj, 0);

	snprintf(kpb_result, sizeof(kpb_result),
		 "value=%d loop_ps=%llu call_ps=%llu\n", kpb_bench_target(0),
		 loop, call);
}

static int kpb_shadow(u64 k, u64 n, int r)
{
	static u64 ns[3][KPB_MAX_ROUNDS];
	u64 i, loop, kpcore, klp;
	long *objs;
	int j;

	if (!k || (k & (k - 1)))
		return -EINVAL;
	objs = kcalloc(k, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		return -ENOMEM;
	for (i = 0; i < k; i++) {
		if (!kpcore_shadow_alloc(&objs[i], KPB_SHADOW_ID, sizeof(long),
					 GFP_KERNEL, NULL, NULL) ||
		    !klp_shadow_alloc(&objs[i], KPB_SHADOW_ID, sizeof(long),
				      GFP_KERNEL, NULL, NULL))
			break;
	}
	/* Rounds alternate between the stores so both see the same noise. */
	for (j = 0; j < r; j++) {
		ns[0][j] = kpb_round_empty(n, objs, k - 1);
		ns[1][j] = kpb_round_kpcore(n, objs, k - 1);
		ns[2][j] = kpb_round_klp(n, objs, k - 1);
	}
	loop = kpb_median_ps(ns[0], r, n);
	kpcore = kpb_median_ps(ns[1], r, n);
	klp = kpb_median_ps(ns[2], r, n);
	snprintf(kpb_result, sizeof(kpb_result),
		 "objects=%llu loop_ps=%llu kpcore_ps=%llu klp_ps=%llu\n",
		 i, loop, kpcore, klp);
	kpcore_shadow_free_all(KPB_SHADOW_ID, NULL);
	klp_shadow_free_all(KPB_SHADOW_ID, NULL);
	kfree(objs);
	return 0;
}

static int kpb_show(struct seq_file *m, void *v)
{
	seq_puts(m, kpb_result);
	return 0;
}

static int kpb_open(struct inode *inode, struct file *file)
{
	return single_open(file, kpb_show, NULL);
}

static ssize_t kpb_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *off)
{
	char buf[64] = "";
	u64 k, n;
	int r, ret = -EINVAL;

	if (copy_from_user(buf, ubuf, min(len, sizeof(buf) - 1)))
		return -EFAULT;
	if (sscanf(buf, "call %llu %d", &n, &r) == 2 && n &&
	    r > 0 && r <= KPB_MAX_ROUNDS) {
		kpb_call(n, r);
		ret = 0;
	} else if (sscanf(buf, "shadow %llu %llu %d", &k, &n, &r) == 3 && n &&
		   r > 0 && r <= KPB_MAX_ROUNDS) {
		ret = kpb_shadow(k, n, r);
	}
	return ret ? ret : len;
}

static const struct proc_ops kpb_ops = {
	.proc_open = kpb_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = kpb_write,
};

static int __init kpb_init(void)
{
	return proc_create("kpb_bench", 0644, NULL, &kpb_ops) ? 0 : -ENOMEM;
}

static void __exit kpb_exit(void)
{
	remove_proc_entry("kpb_bench", NULL);
}

module_init(kpb_init);
module_exit(kpb_exit);
MODULE_LICENSE("GPL");
