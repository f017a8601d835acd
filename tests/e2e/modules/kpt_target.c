// SPDX-License-Identifier: GPL-2.0
/*
 * kpt_target.c - the e2e suite's target module.
 *
 * /proc/kpt_target shows kpt_target_value() (1 unpatched) and the
 * counters of the stress threads.  Writing to it drives the threads:
 *   sleep   start kthread "kpt_sleeper", parked inside kpt_target_sleep()
 *   wake    let it leave and exit
 *   stress N  start N kthreads calling kpt_target_value() in a loop
 *   stop    stop them
 * A stress thread counts results other than 1 or 2 (unpatched/patched)
 * as bad.  kpt_target_notrace() cannot be redirected by design.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/delay.h>

#define KPT_MAX_THREADS 4

static DECLARE_WAIT_QUEUE_HEAD(kpt_wq);
static bool kpt_woken;
static struct task_struct *kpt_sleeper;
static struct task_struct *kpt_stress[KPT_MAX_THREADS];
static atomic_long_t kpt_calls, kpt_bad, kpt_patched_calls;

noinline int kpt_target_value(void)
{
	return 1;
}

noinline notrace int kpt_target_notrace(void)
{
	return 1;
}

noinline void kpt_target_sleep(void)
{
	wait_event_interruptible(kpt_wq, READ_ONCE(kpt_woken));
}

static int kpt_sleeper_fn(void *unused)
{
	kpt_target_sleep();
	while (!kthread_should_stop())
		usleep_range(10000, 20000);
	return 0;
}

/*
 * Sleeps now and then: a kthread that never sleeps holds off RCU Tasks
 * grace periods, which ftrace waits for whenever a direct call or an
 * ops trampoline goes away (kpcore's sites and livepatch's alike).
 */
static int kpt_stress_fn(void *unused)
{
	unsigned long n = 0;
	int v;

	while (!kthread_should_stop()) {
		v = kpt_target_value();
		if (v != 1 && v != 2)
			atomic_long_inc(&kpt_bad);
		if (v == 2)
			atomic_long_inc(&kpt_patched_calls);
		atomic_long_inc(&kpt_calls);
		if (++n % 1024)
			cond_resched();
		else
			usleep_range(20, 50);
	}
	return 0;
}

static void kpt_stop_all(void)
{
	int i;

	for (i = 0; i < KPT_MAX_THREADS; i++) {
		if (kpt_stress[i])
			kthread_stop(kpt_stress[i]);
		kpt_stress[i] = NULL;
	}
	if (kpt_sleeper) {
		WRITE_ONCE(kpt_woken, true);
		wake_up(&kpt_wq);
		kthread_stop(kpt_sleeper);
		kpt_sleeper = NULL;
	}
}

static int kpt_show(struct seq_file *m, void *v)
{
	seq_printf(m, "value=%d calls=%s bad=%ld\n", kpt_target_value(),
		   atomic_long_read(&kpt_calls) ? "some" : "none",
		   atomic_long_read(&kpt_bad));
	return 0;
}

static int kpt_open(struct inode *inode, struct file *file)
{
	return single_open(file, kpt_show, NULL);
}

static void kpt_start_stress(int n)
{
	int i;

	for (i = 0; i < n && i < KPT_MAX_THREADS; i++)
		kpt_stress[i] = kthread_run(kpt_stress_fn, NULL, "kpt_stress%d", i);
}

static ssize_t kpt_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *off)
{
	char buf[32] = "";
	int n;

	if (copy_from_user(buf, ubuf, min(len, sizeof(buf) - 1)))
		return -EFAULT;
	if (!strncmp(buf, "sleep", 5) && !kpt_sleeper) {
		WRITE_ONCE(kpt_woken, false);
		kpt_sleeper = kthread_run(kpt_sleeper_fn, NULL, "kpt_sleeper");
		msleep(100);
	} else if (!strncmp(buf, "wake", 4)) {
		WRITE_ONCE(kpt_woken, true);
		wake_up(&kpt_wq);
		msleep(100);
	} else if (sscanf(buf, "stress %d", &n) == 1) {
		kpt_start_stress(n);
	} else if (!strncmp(buf, "stop", 4)) {
		kpt_stop_all();
	}
	return len;
}

static const struct proc_ops kpt_ops = {
	.proc_open = kpt_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = kpt_write,
};

static int __init kpt_init(void)
{
	if (!proc_create("kpt_target", 0644, NULL, &kpt_ops))
		return -ENOMEM;
	return kpt_target_notrace() - 1;
}

static void __exit kpt_exit(void)
{
	kpt_stop_all();
	remove_proc_entry("kpt_target", NULL);
}

module_init(kpt_init);
module_exit(kpt_exit);
MODULE_LICENSE("GPL");
