// SPDX-License-Identifier: GPL-2.0
/*
 * kpcore_klp.c - livepatch relocations of kpcore patches.
 *
 * A kpcore patch refers to unexported symbols, of vmlinux or of a module,
 * through livepatch relocations (.klp.rela.OBJ.SEC against
 * ".klp.sym.OBJ.NAME,POS"), exactly as a livepatch module does, and it is
 * marked "livepatch: Y": the module loader then keeps its ELF data
 * (mod->klp_info) and applies the vmlinux ones itself before init.  The
 * ones of a module are applied here with livepatch's own
 * klp_apply_section_relocs(), so symbols resolve as livepatch resolves
 * them (kallsyms of OBJ, old_sympos): when the patch is enabled, for the
 * modules already loaded, and when a module comes, before its code first
 * runs.  Each section is applied once per load of its module.
 *
 * As livepatch in Linux 6.1 does, the relocations are not cleared when
 * the module goes; the patch's code that uses them only runs from the
 * module's patched functions, which are gone with it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/elf.h>
#include <linux/slab.h>
#include "kpcore_internal.h"

kpcore_apply_relocs_t kpcore_apply_relocs;

#ifdef CONFIG_LIVEPATCH
/* OBJ of section @i of @info if it holds livepatch relocations, else NULL. */
static const char *kpcore_klp_obj(struct klp_modinfo *info, unsigned int i,
				  char obj[MODULE_NAME_LEN])
{
	Elf_Shdr *sec = info->sechdrs + i;

	if (!(sec->sh_flags & SHF_RELA_LIVEPATCH))
		return NULL;
	if (sscanf(info->secstrings + sec->sh_name, ".klp.rela.%55[^.]",
		   obj) != 1 || !strcmp(obj, "vmlinux"))
		return NULL;
	return obj;
}

/**
 * kpcore_klp_apply() - apply @patch's relocations against module symbols
 * @patch: the patch
 * @only: the module that is coming, or NULL for every module loaded
 *
 * Context: kpcore_mutex held.
 * Return: 0, or a negative errno after livepatch's log line.
 */
int kpcore_klp_apply(struct kpcore_patch *patch, const char *only)
{
	struct module *pmod = patch->mod;
	struct klp_modinfo *info = pmod->klp_info;
	char obj[MODULE_NAME_LEN];
	unsigned int i;
	int ret;

	if (!pmod->klp || !info)
		return 0;
	for (i = 1; i < info->hdr.e_shnum; i++) {
		if (!kpcore_klp_obj(info, i, obj) || test_bit(i, patch->klp_applied))
			continue;
		if (only ? strcmp(obj, only) : !kpcore_sym_module_live(obj))
			continue;
		if (!kpcore_apply_relocs) {
			pr_err("kernel lacks klp_apply_section_relocs()\n");
			return -ENOENT;
		}
		ret = kpcore_apply_relocs(pmod, info->sechdrs, info->secstrings,
					  pmod->core_kallsyms.strtab,
					  info->symndx, i, obj);
		if (ret)
			return ret;
		set_bit(i, patch->klp_applied);
	}
	return 0;
}

/**
 * kpcore_klp_going() - a module goes: its sections may be applied again
 * @patch: the patch
 * @name: the module's name
 *
 * A new load of the module gets relocations for its new addresses; the
 * architecture code refuses to overwrite the old ones, which refuses
 * that load, as livepatch does.
 */
void kpcore_klp_going(struct kpcore_patch *patch, const char *name)
{
	struct klp_modinfo *info = patch->mod->klp_info;
	char obj[MODULE_NAME_LEN];
	unsigned int i;

	if (!patch->mod->klp || !info)
		return;
	for (i = 1; i < info->hdr.e_shnum; i++)
		if (kpcore_klp_obj(info, i, obj) && !strcmp(obj, name))
			clear_bit(i, patch->klp_applied);
}

int kpcore_klp_init(struct kpcore_patch *patch)
{
	struct klp_modinfo *info = patch->mod->klp_info;

	if (!patch->mod->klp || !info)
		return 0;
	patch->klp_applied = bitmap_zalloc(info->hdr.e_shnum, GFP_KERNEL);
	return patch->klp_applied ? 0 : -ENOMEM;
}
#else
int kpcore_klp_apply(struct kpcore_patch *patch, const char *only)
{
	return 0;
}

void kpcore_klp_going(struct kpcore_patch *patch, const char *name)
{
}

int kpcore_klp_init(struct kpcore_patch *patch)
{
	return 0;
}
#endif

void kpcore_klp_free(struct kpcore_patch *patch)
{
	bitmap_free(patch->klp_applied);
	patch->klp_applied = NULL;
}
