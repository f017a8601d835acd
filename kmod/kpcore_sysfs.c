// SPDX-License-Identifier: GPL-2.0
/*
 * kpcore_sysfs.c - /sys/kernel/kpcore/PATCH/{enabled,functions} and
 * /sys/kernel/kpcore/shadow_count.
 *
 * Writing 0 or 1 to "enabled" switches a patch off or on, with the same
 * stack check and retries as at registration; the write fails with the
 * switch's errno.  "functions" lists one target per line:
 * OBJECT FUNCTION[,POS] applied|pending.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sysfs.h>
#include <linux/kobject.h>
#include "kpcore_internal.h"

static struct kobject *kpcore_root;

#define to_patch(k) container_of(k, struct kpcore_patch, kobj)

static ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(kobj)->enabled);
}

static ssize_t enabled_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct kpcore_patch *patch = to_patch(kobj);
	bool want;
	int ret;

	ret = kstrtobool(buf, &want);
	if (ret)
		return ret;
	mutex_lock(&kpcore_mutex);
	if (want != patch->enabled)
		ret = want ? kpcore_enable(patch) : kpcore_disable(patch);
	mutex_unlock(&kpcore_mutex);
	return ret ? ret : count;
}

static ssize_t functions_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct kpcore_patch *patch = to_patch(kobj);
	struct kpcore_func *f;
	int len = 0;

	mutex_lock(&kpcore_mutex);
	kpcore_for_each_func(patch, f)
		len += sysfs_emit_at(buf, len, "%s %s,%lu %s\n",
				     f->objname ? f->objname : "vmlinux",
				     f->old_name, f->old_sympos,
				     f->applied ? "applied" : "pending");
	mutex_unlock(&kpcore_mutex);
	return len;
}

static struct kobj_attribute enabled_attr = __ATTR_RW(enabled);
static struct kobj_attribute functions_attr = __ATTR_RO(functions);

static struct attribute *kpcore_patch_attrs[] = {
	&enabled_attr.attr,
	&functions_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kpcore_patch);

/* The kobject lives in the patch module: its exit waits for the release. */
static void kpcore_patch_release(struct kobject *kobj)
{
	complete(&to_patch(kobj)->kobj_done);
}

static const struct kobj_type kpcore_patch_ktype = {
	.release = kpcore_patch_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = kpcore_patch_groups,
};

int kpcore_sysfs_add(struct kpcore_patch *patch)
{
	int ret;

	init_completion(&patch->kobj_done);
	ret = kobject_init_and_add(&patch->kobj, &kpcore_patch_ktype,
				   kpcore_root, "%s", patch->mod->name);
	if (ret) {
		kobject_put(&patch->kobj);
		wait_for_completion(&patch->kobj_done);
	}
	return ret;
}

void kpcore_sysfs_del(struct kpcore_patch *patch)
{
	kobject_put(&patch->kobj);
	wait_for_completion(&patch->kobj_done);
}

static ssize_t shadow_count_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%ld\n", kpcore_shadow_count());
}

static struct kobj_attribute shadow_count_attr = __ATTR_RO(shadow_count);

int kpcore_sysfs_init(void)
{
	int ret;

	kpcore_root = kobject_create_and_add("kpcore", kernel_kobj);
	if (!kpcore_root)
		return -ENOMEM;
	ret = sysfs_create_file(kpcore_root, &shadow_count_attr.attr);
	if (ret)
		kobject_put(kpcore_root);
	return ret;
}

void kpcore_sysfs_exit(void)
{
	kobject_put(kpcore_root);
}
