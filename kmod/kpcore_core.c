// SPDX-License-Identifier: GPL-2.0
/*
 * kpcore_core.c - redirection and the switch between old and new code.
 *
 * Each patched address has a site holding a stack of replacements,
 * newest first.  A site is redirected one of two ways:
 *  - an ftrace direct call to a trampoline of kpcore_tramp.S, which
 *    jumps to the top of the stack (or back into the old body): one
 *    call and one jump per call, the default;
 *  - the one ftrace_ops (SAVE_REGS | IPMODIFY) shared by every other
 *    site, whose handler looks the site up and sets the return address:
 *    used when the trampolines run out, when ftrace refuses the direct
 *    call, or when the "direct" parameter is 0.
 * Entries join or leave a stack only inside stop_machine(), after every
 * task's stack has been walked and found clear of the code being
 * replaced (kpatch's original consistency model): no task can then
 * return into, or be running, the code being switched away from.
 *
 * The handler runs with preemption disabled, so stop_machine() is also
 * the grace period after which a removed entry is no longer seen.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/hashtable.h>
#include <linux/sched/signal.h>
#include <linux/stop_machine.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/bitmap.h>
#include <asm/unwind.h>
#include "kpcore_compat.h"
#include "kpcore_internal.h"
#include "kpcore_tramp.h"

static unsigned int retries = 20;
module_param(retries, uint, 0644);
MODULE_PARM_DESC(retries, "switch attempts while a task runs old code");
static unsigned int retry_ms = 50;
module_param(retry_ms, uint, 0644);
MODULE_PARM_DESC(retry_ms, "pause between switch attempts, in ms");
static bool direct = true;
module_param(direct, bool, 0644);
MODULE_PARM_DESC(direct, "redirect new sites by ftrace direct call when possible");

/* Read by the trampolines; written under kpcore_mutex, and only inside
 * stop_machine() while the site's stack is not empty.
 */
unsigned long kpcore_tramp_target[KPCORE_NR_TRAMPS];
static DECLARE_BITMAP(kpcore_tramp_used, KPCORE_NR_TRAMPS);

struct kpcore_site {
	struct hlist_node node;
	unsigned long ip;
	struct list_head stack;
	int tramp;		/* trampoline slot, -1 if kpcore_ops redirects */
	struct ftrace_ops direct_ops;	/* the direct call's, from 6.5 */
};

static DEFINE_HASHTABLE(kpcore_sites, 8);
/* Sites in kpcore_ops' filter. */
static unsigned int kpcore_nr_sites;

static void notrace kpcore_ftrace_handler(unsigned long ip,
					  unsigned long parent_ip,
					  struct ftrace_ops *ops,
					  struct ftrace_regs *fregs)
{
	struct kpcore_site *site;
	struct kpcore_func *f;

	preempt_disable_notrace();
	hash_for_each_possible_rcu_notrace(kpcore_sites, site, node, ip) {
		if (site->ip != ip)
			continue;
		f = list_first_or_null_rcu(&site->stack, struct kpcore_func,
					   stack_node);
		if (f)
			kpcore_fregs_set_ip(fregs, (unsigned long)f->new_func);
		break;
	}
	preempt_enable_notrace();
}

static struct ftrace_ops kpcore_ops = {
	.func = kpcore_ftrace_handler,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_DYNAMIC |
		 FTRACE_OPS_FL_IPMODIFY,
};

static struct kpcore_site *kpcore_site_find(unsigned long ip)
{
	struct kpcore_site *site;

	hash_for_each_possible(kpcore_sites, site, node, ip)
		if (site->ip == ip)
			return site;
	return NULL;
}

/*
 * The filter must never be empty while the ops is registered: an ops
 * with an empty filter traces every function.  So the ops registers
 * after its first address is set and unregisters before its last goes.
 */
static int kpcore_filter_add(unsigned long ip)
{
	int ret;

	ret = ftrace_set_filter_ip(&kpcore_ops, ip, 0, 0);
	if (ret || kpcore_nr_sites)
		return ret;
	ret = register_ftrace_function(&kpcore_ops);
	if (ret)
		ftrace_set_filter_ip(&kpcore_ops, ip, 1, 0);
	return ret;
}

static void kpcore_filter_del(unsigned long ip)
{
	if (!kpcore_nr_sites)
		WARN_ON(unregister_ftrace_function(&kpcore_ops));
	WARN_ON(ftrace_set_filter_ip(&kpcore_ops, ip, 1, 0));
}

/* Points @site's trampoline at the top of its stack; 0, with the stack
 * empty, makes the trampoline return into the old body after the fentry
 * call: a return, not a jump, which IBT would refuse there (6.12).
 */
static void kpcore_site_sync(struct kpcore_site *site)
{
	struct kpcore_func *top;

	if (site->tramp < 0)
		return;
	top = list_first_entry_or_null(&site->stack, struct kpcore_func,
				       stack_node);
	WRITE_ONCE(kpcore_tramp_target[site->tramp],
		   top ? (unsigned long)top->new_func : 0);
}

/*
 * Redirects a new, empty site by direct call when it can, else through
 * kpcore_ops.  ftrace refuses a direct call on a function an IPMODIFY
 * ops (livepatch) redirects, and an IPMODIFY ops on a function with a
 * direct call, so either way nobody else redirects it meanwhile.
 */
static int kpcore_site_claim(struct kpcore_site *site)
{
	int slot = find_first_zero_bit(kpcore_tramp_used, KPCORE_NR_TRAMPS);
	int ret;

	site->tramp = -1;
	if (direct && slot < KPCORE_NR_TRAMPS) {
		site->tramp = slot;
		kpcore_site_sync(site);
		if (!kpcore_direct_add(&site->direct_ops, site->ip,
				       kpcore_tramp_addr(slot))) {
			set_bit(slot, kpcore_tramp_used);
			return 0;
		}
		site->tramp = -1;
	}
	ret = kpcore_filter_add(site->ip);
	if (!ret)
		kpcore_nr_sites++;
	return ret;
}

static int kpcore_site_get(struct kpcore_func *f)
{
	struct kpcore_site *site = kpcore_site_find(f->ip);
	int ret;

	if (!site) {
		site = kzalloc(sizeof(*site), GFP_KERNEL);
		if (!site)
			return -ENOMEM;
		site->ip = f->ip;
		INIT_LIST_HEAD(&site->stack);
		ret = kpcore_site_claim(site);
		if (ret) {
			pr_err("cannot redirect '%s': ftrace error %d%s\n",
			       f->old_name, ret, ret == -EBUSY ?
			       " (already patched by livepatch or another tool)" : "");
			kfree(site);
			return ret;
		}
		hash_add_rcu(kpcore_sites, &site->node, site->ip);
	}
	f->site = site;
	return 0;
}

/* Drops @f's hold on its site; the site goes once its stack is empty. */
static void kpcore_site_put(struct kpcore_func *f)
{
	struct kpcore_site *site = f->site;

	f->site = NULL;
	if (!site || !list_empty(&site->stack))
		return;
	hash_del_rcu(&site->node);
	if (site->tramp >= 0) {
		WARN_ON(kpcore_direct_del(&site->direct_ops, site->ip,
					  kpcore_tramp_addr(site->tramp)));
		/* A task preempted inside the trampoline leaves it before
		 * the slot can serve another site.
		 */
		synchronize_rcu_tasks();
		clear_bit(site->tramp, kpcore_tramp_used);
	} else {
		kpcore_nr_sites--;
		kpcore_filter_del(site->ip);
	}
	/* Handlers that saw the site ran with preemption disabled. */
	synchronize_rcu();
	kfree(site);
}

/**
 * kpcore_sites_put() - release the sites of @patch's unapplied functions
 * @patch: a disabled patch, or one whose enabling failed
 *
 * A disabled patch keeps its sites, so that switching it back and forth
 * costs one stop_machine() and no ftrace update; they go when the patch
 * is unregistered.
 * Context: kpcore_mutex held.
 */
void kpcore_sites_put(struct kpcore_patch *patch)
{
	struct kpcore_func *f;

	kpcore_for_each_func(patch, f)
		if (f->site && !f->applied)
			kpcore_site_put(f);
}

static int kpcore_sites_get(struct kpcore_patch *patch)
{
	struct kpcore_func *f;
	int ret;

	kpcore_for_each_func(patch, f) {
		if (!f->ip || f->site)
			continue;
		ret = kpcore_site_get(f);
		if (ret) {
			kpcore_sites_put(patch);
			return ret;
		}
	}
	return 0;
}

struct kpcore_switch {
	struct kpcore_patch *patch;
	bool enable;
	const char *busy_func;
	char busy_comm[TASK_COMM_LEN];
	pid_t busy_pid;
};

/* The code a switch moves away from: the top of the stack, or the
 * original function when enabling; our own replacement when disabling.
 */
static void kpcore_set_ranges(struct kpcore_patch *patch, bool enable)
{
	struct kpcore_func *f, *top;
	unsigned long start;

	kpcore_for_each_func(patch, f) {
		if (!f->site)
			continue;
		top = list_first_entry_or_null(&f->site->stack,
					       struct kpcore_func, stack_node);
		if (enable && !top)
			start = f->old_addr;
		else
			start = (unsigned long)(enable ? top : f)->new_func;
		f->chk_start = start;
		f->chk_end = start + kpcore_sym_size(start);
	}
}

/*
 * Besides the code a switch moves away from, a task is busy when it was
 * interrupted on its way there: inside the site's trampoline or the
 * retpoline thunk it jumps through (the target is already loaded), or
 * inside the ftrace handler's caller, whose frame returns to the fentry
 * call's next instruction with the target already chosen.
 */
static bool kpcore_site_busy(struct kpcore_site *site, unsigned long addr)
{
	unsigned long tramp;

	if (addr == site->ip + MCOUNT_INSN_SIZE)
		return true;
	if (site->tramp < 0)
		return false;
	tramp = kpcore_tramp_addr(site->tramp);
	return (addr >= tramp && addr < tramp + KPCORE_TRAMP_SIZE) ||
	       kpcore_sym_in_thunk(addr);
}

static const char *kpcore_addr_busy(struct kpcore_patch *patch,
				    unsigned long addr)
{
	struct kpcore_func *f;

	kpcore_for_each_func(patch, f) {
		if (!f->site)
			continue;
		if ((addr >= f->chk_start && addr <= f->chk_end) ||
		    kpcore_site_busy(f->site, addr))
			return f->old_name;
	}
	return NULL;
}

/*
 * Walks a sleeping or preempted task's stack.  A stack the unwinder
 * cannot follow to its end counts as busy: silence is not proof.
 */
static const char *kpcore_task_busy(struct kpcore_patch *patch,
				    struct task_struct *t)
{
	struct unwind_state state;
	struct pt_regs *regs;
	const char *name;
	unsigned long addr;

	for (unwind_start(&state, t, NULL, NULL); !unwind_done(&state);
	     unwind_next_frame(&state)) {
		addr = unwind_get_return_address(&state);
		if (!addr) {
			/* The user-mode frame ends a user task's stack;
			 * anywhere else it is code the unwinder knows
			 * nothing of.
			 */
			regs = unwind_get_entry_regs(&state, NULL);
			if (regs && user_mode(regs))
				break;
			return "(unreliable stack)";
		}
		name = kpcore_addr_busy(patch, addr);
		if (name)
			return name;
	}
	return unwind_error(&state) ? "(unreliable stack)" : NULL;
}

static int kpcore_switch_fn(void *data)
{
	struct kpcore_switch *sw = data;
	struct task_struct *g, *t;
	struct kpcore_func *f;

	/* Every other CPU spins in the stopper: the task list is frozen and
	 * tasks on a CPU right now are the stoppers themselves.
	 */
	for_each_process_thread(g, t) {
		if (READ_ONCE(t->on_cpu))
			continue;
		sw->busy_func = kpcore_task_busy(sw->patch, t);
		if (sw->busy_func) {
			get_task_comm(sw->busy_comm, t);
			sw->busy_pid = task_pid_nr(t);
			return -EBUSY;
		}
	}
	kpcore_for_each_func(sw->patch, f) {
		if (!f->site || f->applied == sw->enable)
			continue;
		if (sw->enable)
			list_add_rcu(&f->stack_node, &f->site->stack);
		else
			list_del_rcu(&f->stack_node);
		kpcore_site_sync(f->site);
		f->applied = sw->enable;
	}
	return 0;
}

/* Retries while tasks run the old code, then names the last one seen. */
static int kpcore_switch(struct kpcore_patch *patch, bool enable)
{
	struct kpcore_switch sw = { .patch = patch, .enable = enable };
	unsigned int i;
	int ret;

	kpcore_set_ranges(patch, enable);
	for (i = 0; i <= retries; i++) {
		if (i)
			msleep(retry_ms);
		ret = stop_machine(kpcore_switch_fn, &sw, NULL);
		if (ret != -EBUSY)
			return ret;
	}
	pr_err("patch '%s': '%s' in use by task '%s' (pid %d) after %u tries\n",
	       patch->mod->name, sw.busy_func, sw.busy_comm, sw.busy_pid, i);
	return -EBUSY;
}

/* The most recently enabled patch sharing a function with @patch. */
static struct kpcore_patch *kpcore_stacked_above(struct kpcore_patch *patch)
{
	struct kpcore_patch *p = patch;
	struct kpcore_func *f, *g;

	list_for_each_entry_continue(p, &kpcore_patches, node)
		kpcore_for_each_func(p, g)
			kpcore_for_each_func(patch, f)
				if (f->site && f->site == g->site)
					return p;
	return NULL;
}

/**
 * kpcore_enable() - redirect every loaded target of @patch
 * @patch: a registered, disabled patch
 *
 * Context: kpcore_mutex held.
 * Return: 0, or a negative errno with nothing left applied.
 */
int kpcore_enable(struct kpcore_patch *patch)
{
	int ret = 0;

	if (patch->pre_patch)
		ret = patch->pre_patch();
	if (ret)
		return ret;
	ret = kpcore_klp_apply(patch, NULL);
	if (!ret)
		ret = kpcore_sites_get(patch);
	if (!ret)
		ret = kpcore_switch(patch, true);
	if (ret) {
		kpcore_sites_put(patch);
		if (patch->post_unpatch)
			patch->post_unpatch();
		return ret;
	}
	__module_get(patch->mod);
	patch->enabled = true;
	list_add_tail(&patch->node, &kpcore_patches);
	if (patch->post_patch)
		patch->post_patch();
	return 0;
}

/**
 * kpcore_disable() - send calls back to the code below @patch
 * @patch: an enabled patch with no newer patch stacked on its functions
 *
 * Context: kpcore_mutex held.
 * Its sites stay until unregistration (see kpcore_sites_put()).
 * Return: 0, or -EBUSY with @patch still fully applied.
 */
int kpcore_disable(struct kpcore_patch *patch)
{
	struct kpcore_patch *above = kpcore_stacked_above(patch);
	int ret;

	if (above) {
		pr_err("patch '%s' is below '%s': disable '%s' first\n",
		       patch->mod->name, above->mod->name, above->mod->name);
		return -EBUSY;
	}
	if (patch->pre_unpatch)
		patch->pre_unpatch();
	ret = kpcore_switch(patch, false);
	if (ret) {
		if (patch->post_patch)
			patch->post_patch();
		return ret;
	}
	list_del(&patch->node);
	patch->enabled = false;
	if (patch->post_unpatch)
		patch->post_unpatch();
	module_put(patch->mod);
	return 0;
}

static bool kpcore_targets(struct kpcore_func *f, struct module *mod)
{
	return f->objname && !strcmp(f->objname, mod->name);
}

/**
 * kpcore_module_coming() - patch a module before its code first runs
 * @mod: the module in MODULE_STATE_COMING
 *
 * No task can be inside code that has never run, so no stack check is
 * needed.  Patches apply oldest first, keeping the stacking order.
 * Context: kpcore_mutex held.
 * Return: 0, or a negative errno that makes the module load fail.
 */
int kpcore_module_coming(struct module *mod)
{
	struct kpcore_patch *patch;
	struct kpcore_func *f;
	int ret;

	list_for_each_entry(patch, &kpcore_patches, node) {
		kpcore_for_each_func(patch, f) {
			if (!kpcore_targets(f, mod) || f->applied)
				continue;
			ret = kpcore_sym_resolve(f);
			if (!ret)
				ret = kpcore_site_get(f);
			if (ret) {
				f->ip = 0;
				kpcore_module_going(mod);
				return ret < 0 ? ret : -ENOENT;
			}
			list_add_rcu(&f->stack_node, &f->site->stack);
			kpcore_site_sync(f->site);
			f->applied = true;
		}
	}
	return 0;
}

/**
 * kpcore_module_going() - forget the targets of a module being removed
 * @mod: the module in MODULE_STATE_GOING, whose code no longer runs
 *
 * Context: kpcore_mutex held.
 */
void kpcore_module_going(struct module *mod)
{
	struct kpcore_patch *patch;
	struct kpcore_func *f;

	list_for_each_entry_reverse(patch, &kpcore_patches, node) {
		kpcore_for_each_func(patch, f) {
			if (!kpcore_targets(f, mod) || !f->applied)
				continue;
			list_del_rcu(&f->stack_node);
			kpcore_site_sync(f->site);
			f->applied = false;
			kpcore_site_put(f);
			f->ip = 0;
		}
	}
}
