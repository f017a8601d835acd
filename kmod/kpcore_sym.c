// SPDX-License-Identifier: GPL-2.0
/*
 * kpcore_sym.c - symbol lookups for kpcore.
 *
 * Neither 6.1 nor 6.12 exports kallsyms_lookup_name() to modules.  A kprobe
 * registered on it resolves its address, and through it the few
 * unexported lookups kpcore needs.  Resolution of a patch's targets runs
 * once, at registration or when the target module loads; the fast
 * paths never look symbols up.  A module's symbols are read from its
 * own kallsyms table, found with find_module(): both have kept their
 * form from 6.1 to 6.12, which module_kallsyms_on_each_symbol() has not.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/ftrace.h>
#include "kpcore_internal.h"

typedef unsigned long (*kpcore_lookup_name_t)(const char *name);
typedef int (*kpcore_size_offset_t)(unsigned long addr, unsigned long *size,
				    unsigned long *offset);
typedef int (*kpcore_match_cb_t)(void *data, unsigned long addr);
typedef int (*kpcore_each_match_t)(kpcore_match_cb_t fn, const char *name,
				   void *data);
typedef struct module *(*kpcore_find_module_t)(const char *name);
typedef unsigned long (*kpcore_ftrace_loc_t)(unsigned long ip);

static kpcore_size_offset_t kpcore_size_offset;
static kpcore_each_match_t kpcore_each_match;
static kpcore_find_module_t kpcore_find_module;
static kpcore_ftrace_loc_t kpcore_ftrace_location;
/* The retpoline thunk the trampolines jump through, if the kernel has one. */
static unsigned long kpcore_thunk_start, kpcore_thunk_end;

struct kpcore_find {
	const char *name;
	const char *objname;
	unsigned long pos;
	unsigned long count;
	unsigned long addr;
	bool obj_seen;
};

int kpcore_sym_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	kpcore_lookup_name_t lookup;
	int ret;

	ret = register_kprobe(&kp);
	if (ret) {
		pr_err("cannot locate kallsyms_lookup_name: %d\n", ret);
		return ret;
	}
	lookup = (kpcore_lookup_name_t)kp.addr;
	unregister_kprobe(&kp);

	kpcore_size_offset = (void *)lookup("kallsyms_lookup_size_offset");
	kpcore_each_match = (void *)lookup("kallsyms_on_each_match_symbol");
	kpcore_find_module = (void *)lookup("find_module");
	kpcore_ftrace_location = (void *)lookup("ftrace_location");
	if (!kpcore_size_offset || !kpcore_each_match || !kpcore_find_module ||
	    !kpcore_ftrace_location) {
		pr_err("kernel lacks the kallsyms helpers kpcore needs\n");
		return -ENOENT;
	}
	/* only patches with relocations against module symbols need it */
	kpcore_apply_relocs = (void *)lookup("klp_apply_section_relocs");
	kpcore_thunk_start = lookup("__x86_indirect_thunk_r11");
	if (kpcore_thunk_start)
		kpcore_thunk_end = kpcore_thunk_start +
				   kpcore_sym_size(kpcore_thunk_start);
	return 0;
}

/**
 * kpcore_sym_in_thunk() - is @addr inside the r11 retpoline thunk
 * @addr: an address from a task's stack
 */
bool kpcore_sym_in_thunk(unsigned long addr)
{
	return addr >= kpcore_thunk_start && addr < kpcore_thunk_end;
}

/* Counts every match so that an ambiguous name is caught, not guessed. */
static int kpcore_count_match(struct kpcore_find *find, unsigned long addr)
{
	find->count++;
	if ((!find->pos && !find->addr) || find->pos == find->count)
		find->addr = addr;
	return 0;
}

static int kpcore_vmlinux_cb(void *data, unsigned long addr)
{
	return kpcore_count_match(data, addr);
}

/*
 * Counts @find's name among the defined symbols of module @find->objname,
 * if it is loaded: live, or coming (its notifier runs before its init).
 * Preemption stays off while the table is read: a module is freed only
 * after an RCU grace period, which that holds up.
 */
static void kpcore_module_find(struct kpcore_find *find)
{
	struct mod_kallsyms *ks;
	struct module *mod;
	const Elf_Sym *sym;
	unsigned int i;

	preempt_disable();
	mod = kpcore_find_module(find->objname);
	if (mod && mod->state != MODULE_STATE_GOING) {
		find->obj_seen = true;
		ks = rcu_dereference_sched(mod->kallsyms);
		for (i = 0; i < ks->num_symtab; i++) {
			sym = &ks->symtab[i];
			if (sym->st_shndx != SHN_UNDEF &&
			    !strcmp(ks->strtab + sym->st_name, find->name))
				kpcore_count_match(find, sym->st_value);
		}
	}
	preempt_enable();
}

/**
 * kpcore_sym_module_live() - is module @name loaded and running
 * @name: module name
 */
bool kpcore_sym_module_live(const char *name)
{
	struct module *mod;
	bool live;

	preempt_disable();
	mod = kpcore_find_module(name);
	live = mod && mod->state == MODULE_STATE_LIVE;
	preempt_enable();
	return live;
}

/**
 * kpcore_sym_size() - size of the function at @addr
 * @addr: start of a function in vmlinux or a module
 *
 * Return: the size in bytes, 0 if @addr is not a symbol's start.
 */
unsigned long kpcore_sym_size(unsigned long addr)
{
	unsigned long size, offset;

	if (!kpcore_size_offset(addr, &size, &offset) || offset)
		return 0;
	return size;
}

static int kpcore_sym_check(struct kpcore_func *f, struct kpcore_find *find)
{
	const char *obj = f->objname ? f->objname : "vmlinux";
	unsigned long size;

	if (!find->addr || (find->pos && find->pos != find->count)) {
		pr_err("symbol '%s' (position %lu) not found in %s\n",
		       f->old_name, f->old_sympos, obj);
		return -ENOENT;
	}
	if (!find->pos && find->count > 1) {
		pr_err("symbol '%s' is ambiguous in %s: give its position\n",
		       f->old_name, obj);
		return -EINVAL;
	}
	size = kpcore_sym_size(find->addr);
	if (f->old_size && size != f->old_size) {
		pr_err("'%s' in %s is %lu bytes, the patch was built for %lu\n",
		       f->old_name, obj, size, f->old_size);
		return -EINVAL;
	}
	f->ip = kpcore_ftrace_location(find->addr);
	if (!f->ip) {
		pr_err("'%s' in %s cannot be traced (notrace or no fentry)\n",
		       f->old_name, obj);
		return -EINVAL;
	}
	f->old_addr = find->addr;
	f->chk_start = find->addr;
	f->chk_end = find->addr + size;
	return 0;
}

/**
 * kpcore_sym_resolve() - find the function a patch entry replaces
 * @f: the entry
 *
 * Checks the name is unique (or its position exists), that the size is
 * the one the patch was built for and that ftrace can redirect it.
 * Return: 0; 1 if the target module is not loaded (the entry waits for
 * it); or a negative errno after one log line.
 */
int kpcore_sym_resolve(struct kpcore_func *f)
{
	struct kpcore_find find = {
		.name = f->old_name,
		.objname = f->objname,
		.pos = f->old_sympos,
	};

	if (f->objname) {
		kpcore_module_find(&find);
		if (!find.obj_seen)
			return 1;
	} else {
		kpcore_each_match(kpcore_vmlinux_cb, f->old_name, &find);
	}
	return kpcore_sym_check(f, &find);
}
