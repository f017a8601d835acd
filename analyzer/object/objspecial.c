/*
 * Special sections: tables the kernel walks at boot or module load
 * (static keys, static calls, bug sites, exception fixups, alternatives,
 * paravirt sites, lock prefixes, return/call thunk sites).  Each entry
 * points at an instruction through its first field; the entry belongs to
 * the function holding that instruction, and is compared with it, so a
 * function whose code is the same but whose alternatives or bug entries
 * differ still counts as changed (or as line-only, for bug lines).
 *
 * Entry sizes are those of x86_64 Linux 6.1 (struct jump_entry,
 * static_call_site, bug_entry with relative pointers, exception_table_entry,
 * alt_instr, paravirt_patch_site); a section whose size is not a multiple
 * of its entry size is skipped rather than misread.
 */
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "lib/util.h"

static const struct od_special specials[] = {
	{ "__jump_table", 16, 8 },
	{ ".static_call_sites", 8, 4 },
	{ "__bug_table", 12, 0 },
	{ "__ex_table", 12, 0 },
	{ ".altinstructions", 12, 0 },
	{ ".parainstructions", 16, 0 },
	{ ".smp_locks", 4, 0 },
	{ ".return_sites", 4, 0 },
	{ ".call_sites", 4, 0 },
	{ ".retpoline_sites", 4, 0 },
};

static const struct od_special *special_kind(const struct section *sec)
{
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (!strcmp(sec->name, specials[i].name))
			return &specials[i];
	return NULL;
}

/* The function an entry's first field points into, and the offset. */
static struct od_sym *entry_func(const struct section *sec, unsigned long off,
				 unsigned long *at)
{
	size_t i = elf_reloc_lower(sec, off);
	const struct reloc *r;
	const struct symbol *t;
	long where;

	if (i >= sec->nrelocs || sec->relocs[i].offset != off)
		return NULL;
	r = &sec->relocs[i];
	where = r->addend + (r->sym->type == STT_SECTION ? 0 : (long)r->sym->offset);
	if (!r->sym->sec || !section_is_text(r->sym->sec) || where < 0)
		return NULL;
	t = elf_symbol_at(r->sym->sec, where);
	if (!t || t->type != STT_FUNC || !t->priv || (unsigned long)where >= t->offset + t->size)
		return NULL;
	*at = where - t->offset;
	return t->priv;
}

static void map_section(struct section *sec, const struct od_special *k)
{
	for (unsigned long off = 0; off + k->size <= sec->size; off += k->size) {
		unsigned long at;
		struct od_sym *f = entry_func(sec, off, &at);
		struct od_entry *e;

		if (!f)
			continue;
		e = VEC_PUSH(f->entries, f->nentries);
		e->kind = k;
		e->sec = sec;
		e->offset = off;
		e->at = at;
	}
}

static bool is_fentry(const struct reloc *r)
{
	return !strcmp(r->sym->name, "__fentry__") || !strcmp(r->sym->name, "mcount");
}

/* ftrace can redirect a function whose first instructions call __fentry__
 * (after an endbr64 with IBT, so look at the first 16 bytes). */
static void find_fentry(struct od_sym *f)
{
	const struct section *sec = f->sym->sec;

	for (size_t i = elf_reloc_lower(sec, f->sym->offset);
	     i < sec->nrelocs && sec->relocs[i].offset < f->sym->offset + 16; i++)
		if (is_fentry(&sec->relocs[i]))
			f->fentry = true;
}

int od_map_specials(struct od_obj *o)
{
	for (size_t i = 1; i < o->e->nsections; i++) {
		struct section *sec = &o->e->sections[i];
		const struct od_special *k = special_kind(sec);

		if (k && sec->data && sec->size % k->size == 0)
			map_section(sec, k);
	}
	for (size_t i = 0; i < o->nsyms; i++)
		if (od_is_func(&o->syms[i]))
			find_fentry(&o->syms[i]);
	return 0;
}

/* The key a __jump_table (field at 8) or .static_call_sites (at 4) entry
 * names, if this object defines it; its low bits are flags. */
const struct symbol *od_entry_key(const struct od_entry *e)
{
	unsigned long field = e->offset + e->kind->key_field;
	size_t i = elf_reloc_lower(e->sec, field);
	const struct reloc *r;
	const struct symbol *k;

	if (!e->kind->key_field || i >= e->sec->nrelocs ||
	    e->sec->relocs[i].offset != field)
		return NULL;
	r = &e->sec->relocs[i];
	k = r->sym;
	if (k->type == STT_SECTION && k->sec)
		k = elf_symbol_at(k->sec, r->addend & ~3L);
	return k && k->sec ? k : NULL;
}

/* What kind of section a symbol lives in, for the facts. */
const char *od_section_kind(const struct section *sec)
{
	const char *n = sec->name;

	if (str_starts(n, ".init."))
		return "init";
	if (str_starts(n, ".exit."))
		return "exit";
	if (str_starts(n, ".noinstr.text") || str_starts(n, ".entry.text"))
		return "noinstr";
	if (str_starts(n, ".data..ro_after_init"))
		return "ro_after_init";
	if (str_starts(n, ".data..read_mostly"))
		return "read_mostly";
	if (str_starts(n, ".rodata"))
		return "rodata";
	if (str_starts(n, ".bss"))
		return "bss";
	if (str_starts(n, ".data"))
		return "data";
	if (section_is_text(sec))
		return "text";
	return NULL;
}
