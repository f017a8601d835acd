/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcore_internal.h - declarations shared by kpcore's own files.
 */
#ifndef KPCHECK_KMOD_KPCORE_INTERNAL_H
#define KPCHECK_KMOD_KPCORE_INTERNAL_H

#include <linux/mutex.h>
#include <linux/elf.h>
#include "kpcore.h"

#define kpcore_for_each_func(patch, f) \
	for ((f) = (patch)->funcs; (f)->old_name; (f)++)

/* Serialises every change of patch state: sysfs, registration, modules. */
extern struct mutex kpcore_mutex;
/* Enabled patches, oldest first: the stacking order. */
extern struct list_head kpcore_patches;

int kpcore_sym_init(void);
int kpcore_sym_resolve(struct kpcore_func *f);
unsigned long kpcore_sym_size(unsigned long addr);
bool kpcore_sym_in_thunk(unsigned long addr);

bool kpcore_sym_module_live(const char *name);

/* klp_apply_section_relocs(), found through kallsyms (kpcore_sym.c) */
typedef int (*kpcore_apply_relocs_t)(struct module *pmod, Elf_Shdr *sechdrs,
				     const char *shstrtab, const char *strtab,
				     unsigned int symndx, unsigned int secndx,
				     const char *objname);
extern kpcore_apply_relocs_t kpcore_apply_relocs;
int kpcore_klp_init(struct kpcore_patch *patch);
int kpcore_klp_apply(struct kpcore_patch *patch, const char *only);
void kpcore_klp_going(struct kpcore_patch *patch, const char *name);
void kpcore_klp_free(struct kpcore_patch *patch);

int kpcore_enable(struct kpcore_patch *patch);
int kpcore_disable(struct kpcore_patch *patch);
void kpcore_sites_put(struct kpcore_patch *patch);
int kpcore_module_coming(struct module *mod);
void kpcore_module_going(struct module *mod);

int kpcore_sysfs_init(void);
void kpcore_sysfs_exit(void);
int kpcore_sysfs_add(struct kpcore_patch *patch);
void kpcore_sysfs_del(struct kpcore_patch *patch);

#endif /* KPCHECK_KMOD_KPCORE_INTERNAL_H */
