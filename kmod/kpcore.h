/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcore.h - the interface kpcore.ko offers to patch modules.
 *
 * A patch is a table of functions to replace.  Patch modules normally do
 * not fill these structures by hand but through kpcheck-patch.h, which
 * can target upstream livepatch from the same declarations.
 */
#ifndef KPCHECK_KMOD_KPCORE_H
#define KPCHECK_KMOD_KPCORE_H

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/completion.h>
#include "shadow.h"

struct kpcore_site;

/**
 * struct kpcore_func - one function to replace
 * @old_name: symbol name of the function to replace
 * @objname: module that holds it, NULL for vmlinux
 * @old_sympos: position among same-named local symbols, 0 if unique
 * @old_size: size the patch was built for, 0 to skip the check
 * @new_func: the replacement
 *
 * The remaining fields belong to kpcore.
 */
struct kpcore_func {
	const char *old_name;
	const char *objname;
	unsigned long old_sympos;
	unsigned long old_size;
	void *new_func;

	unsigned long old_addr;
	unsigned long ip;
	unsigned long chk_start;
	unsigned long chk_end;
	struct kpcore_site *site;
	struct list_head stack_node;
	bool applied;
};

/**
 * struct kpcore_patch - a set of functions switched together
 * @mod: the patch module, THIS_MODULE
 * @funcs: array ended by an entry whose @old_name is NULL
 * @pre_patch: optional, runs before the switch; an error aborts it
 * @post_patch: optional, runs after the switch
 * @pre_unpatch: optional, runs before the switch back
 * @post_unpatch: optional, runs after the switch back, or after a
 *	failed switch whose @pre_patch succeeded
 *
 * The remaining fields belong to kpcore.
 */
struct kpcore_patch {
	struct module *mod;
	struct kpcore_func *funcs;
	int (*pre_patch)(void);
	void (*post_patch)(void);
	void (*pre_unpatch)(void);
	void (*post_unpatch)(void);

	struct list_head node;
	struct kobject kobj;
	struct completion kobj_done;
	bool enabled;
	struct list_head reg_node;
	unsigned long *klp_applied;
};

int kpcore_register_patch(struct kpcore_patch *patch);
void kpcore_unregister_patch(struct kpcore_patch *patch);

#endif /* KPCHECK_KMOD_KPCORE_H */
