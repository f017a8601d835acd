// SPDX-License-Identifier: GPL-2.0
/*
 * kpcore_main.c - kpcore's module entry points: patch registration, the
 * module notifier for targets loaded later, and the init/exit glue.
 *
 * A registered patch is enabled at once, as livepatch does.  While
 * enabled it holds a reference on its module, so the patch module cannot
 * be removed until /sys/kernel/kpcore/PATCH/enabled is set to 0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "kpcore_internal.h"

DEFINE_MUTEX(kpcore_mutex);
LIST_HEAD(kpcore_patches);
/* Every registered patch, enabled or not: their livepatch relocations. */
static LIST_HEAD(kpcore_registered);

static int kpcore_resolve_all(struct kpcore_patch *patch)
{
	struct kpcore_func *f;
	int ret;

	kpcore_for_each_func(patch, f) {
		if (!f->new_func)
			return -EINVAL;
		f->site = NULL;
		f->applied = false;
		f->ip = 0;
		ret = kpcore_sym_resolve(f);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/**
 * kpcore_register_patch() - check, enable and publish a patch
 * @patch: the patch, normally declared with kpcheck-patch.h
 *
 * Targets in modules that are not loaded wait for them.
 * Return: 0, or a negative errno with nothing applied.
 */
int kpcore_register_patch(struct kpcore_patch *patch)
{
	int ret;

	if (!patch->mod || !patch->funcs)
		return -EINVAL;
	mutex_lock(&kpcore_mutex);
	ret = kpcore_klp_init(patch);
	if (!ret)
		ret = kpcore_resolve_all(patch);
	if (!ret)
		ret = kpcore_enable(patch);
	if (!ret) {
		ret = kpcore_sysfs_add(patch);
		if (ret) {
			WARN_ON(kpcore_disable(patch));
			kpcore_sites_put(patch);
		}
	}
	if (ret)
		kpcore_klp_free(patch);
	else
		list_add_tail(&patch->reg_node, &kpcore_registered);
	mutex_unlock(&kpcore_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(kpcore_register_patch);

/**
 * kpcore_unregister_patch() - withdraw a disabled patch
 * @patch: the patch; called from the patch module's exit, which cannot
 *	run while the patch is enabled because enabling pins the module
 */
void kpcore_unregister_patch(struct kpcore_patch *patch)
{
	mutex_lock(&kpcore_mutex);
	WARN_ON(patch->enabled);
	kpcore_sites_put(patch);
	list_del(&patch->reg_node);
	kpcore_klp_free(patch);
	mutex_unlock(&kpcore_mutex);
	kpcore_sysfs_del(patch);
}
EXPORT_SYMBOL_GPL(kpcore_unregister_patch);

/* The relocations of enabled patches against @mod, before its code runs. */
static int kpcore_klp_coming(struct module *mod)
{
	struct kpcore_patch *patch;
	int ret;

	list_for_each_entry(patch, &kpcore_registered, reg_node) {
		if (!patch->enabled)
			continue;	/* kpcore_enable() applies them */
		ret = kpcore_klp_apply(patch, mod->name);
		if (ret)
			return ret;
	}
	return 0;
}

static void kpcore_klp_gone(struct module *mod)
{
	struct kpcore_patch *patch;

	list_for_each_entry(patch, &kpcore_registered, reg_node)
		kpcore_klp_going(patch, mod->name);
}

static int kpcore_module_notify(struct notifier_block *nb,
				unsigned long action, void *data)
{
	struct module *mod = data;
	int ret = 0;

	if (action != MODULE_STATE_COMING && action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&kpcore_mutex);
	if (action == MODULE_STATE_COMING) {
		ret = kpcore_klp_coming(mod);
		if (!ret)
			ret = kpcore_module_coming(mod);
	} else {
		kpcore_module_going(mod);
		kpcore_klp_gone(mod);
	}
	mutex_unlock(&kpcore_mutex);
	if (ret)
		pr_err("module '%s' refused: a patch for it cannot apply\n",
		       mod->name);
	return notifier_from_errno(ret);
}

static struct notifier_block kpcore_module_nb = {
	.notifier_call = kpcore_module_notify,
	/* Run after ftrace has set up the module's call sites. */
	.priority = INT_MIN,
};

static int __init kpcore_init(void)
{
	int ret;

	ret = kpcore_sym_init();
	if (ret)
		return ret;
	ret = kpcore_sysfs_init();
	if (ret)
		return ret;
	ret = register_module_notifier(&kpcore_module_nb);
	if (ret)
		kpcore_sysfs_exit();
	return ret;
}

static void __exit kpcore_exit(void)
{
	unregister_module_notifier(&kpcore_module_nb);
	kpcore_sysfs_exit();
}

module_init(kpcore_init);
module_exit(kpcore_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcheck core: ftrace redirection and shadow variables");
