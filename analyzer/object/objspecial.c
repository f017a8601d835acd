/*
 * Special sections: tables the kernel walks at boot or module load
 * (static keys, static calls, bug sites, exception fixups, alternatives,
 * paravirt sites, lock prefixes, return/call thunk sites).  Each entry
 * points at an instruction through its first field; the entry belongs to
 * the function holding that instruction, and is compared with it, so a
 * function whose code is the same but whose alternatives or bug entries
 * differ still counts as changed (or as line-only, for bug lines).
 *
 * Entry sizes are not pinned to one kernel: struct jump_entry was 24
 * bytes before relative references (x86_64, 5.4) and 16 since, alt_instr
 * lost its pad length, exception entries gained a handler field and lost
 * it again.  So the size is read off the table being judged: the pattern
 * of relocated fields repeats once per entry, and the smallest period at
 * or above the kind's smallest known size that divides the section and
 * maps every relocation to one at the same place of the next entry is
 * the entry size (kpatch gets the same numbers from the kernel's headers
 * through kpatch-build).  A table without relocations is skipped.
 */
#include <string.h>
#include "analyzer/object/objdiff.h"
#include "lib/util.h"

/* A special section the differ compares entry by entry (elf.c's table). */
static const struct elf_special *special_kind(const struct section *sec)
{
	const struct elf_special *k = elf_special_kind(sec->name);

	return k && k->compared ? k : NULL;
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
	where = elf_reloc_target(sec, r);
	if (!r->sym->sec || !section_is_text(r->sym->sec) || where < 0)
		return NULL;
	t = elf_symbol_at(r->sym->sec, where);
	if (!t || t->type != STT_FUNC || !t->priv || (unsigned long)where >= t->offset + t->size)
		return NULL;
	*at = where - t->offset;
	return t->priv;
}

/* The entry size of this kernel's table (see the top), or 0. */
static unsigned long entry_size(const struct section *sec, const struct elf_special *k)
{
	return elf_special_entry_size(sec, k);
}

/* The key a __jump_table or .static_call_sites entry names: the last
 * relocated field (jump_entry's key, static_call_site's key), whose low
 * bits are flags. */
static void entry_key(struct od_entry *e, unsigned long size)
{
	size_t i = elf_reloc_lower(e->sec, e->offset + size);
	const struct reloc *r;
	const struct symbol *k;

	if (i == 0 || e->sec->relocs[i - 1].offset <= e->offset)
		return;
	r = &e->sec->relocs[i - 1];
	k = r->sym;
	if (k->type == STT_SECTION && k->sec)
		k = elf_symbol_at(k->sec, elf_reloc_target(e->sec, r) & ~3L);
	if (!k)
		return;
	e->key = k;
	e->key_local = k->sec != NULL;
	e->key_inert = str_starts(k->name, "__tracepoint_") ||
		       str_starts(k->name, "__SCK__tp_func_") ||
		       (k->sec && (!strcmp(k->sec->name, "__dyndbg") ||
				   !strcmp(k->sec->name, "__verbose")));
}

bool od_entry_key_new(const struct od_entry *e)
{
	const struct od_sym *k = e->key ? e->key->priv : NULL;

	return k && !k->twin;
}

static void map_section(struct section *sec, const struct elf_special *k,
			unsigned long size)
{
	for (unsigned long off = 0; off + size <= sec->size; off += size) {
		unsigned long at;
		struct od_sym *f = entry_func(sec, off, &at);
		struct od_entry *e;

		if (!f)
			continue;
		e = VEC_PUSH(f->entries, f->nentries);
		e->kind = k;
		e->sec = sec;
		e->offset = off;
		e->size = size;
		e->at = at;
		if (k->keyed)
			entry_key(e, size);
	}
}

/* ftrace can redirect a function whose first instructions call __fentry__
 * (elf_fentry_call). */
static void find_fentry(struct od_sym *f)
{
	const struct section *sec = f->sym->sec;

	for (size_t i = elf_reloc_lower(sec, f->sym->offset);
	     i < sec->nrelocs && sec->relocs[i].offset < f->sym->offset + 16; i++)
		if (elf_fentry_call(sec->relocs[i].sym->name,
				    sec->relocs[i].offset - f->sym->offset))
			f->fentry = true;
}

int od_map_specials(struct od_obj *o)
{
	for (size_t i = 1; i < o->e->nsections; i++) {
		struct section *sec = &o->e->sections[i];
		const struct elf_special *k = special_kind(sec);

		unsigned long size = k && sec->data ? entry_size(sec, k) : 0;

		if (size)
			map_section(sec, k, size);
	}
	for (size_t i = 0; i < o->nsyms; i++)
		if (od_is_func(&o->syms[i]))
			find_fentry(&o->syms[i]);
	return 0;
}

/* The function symbol (its parent for a .cold part) whose code holds
 * @offset of @sec, or NULL. */
static struct od_sym *function_at(const struct section *sec, unsigned long offset)
{
	struct symbol *s = elf_symbol_at(sec, offset);
	struct od_sym *f = s ? s->priv : NULL;

	while (f && f->parent)
		f = f->parent;
	return f && od_is_func(f) ? f : NULL;
}

/* Sections whose references hold a function's address for later calls
 * (ops tables, exports); the others are metadata (ORC, debug info,
 * __mcount_loc, the special sections' sites). */
static bool holds_addresses(const struct section *sec)
{
	return str_starts(sec->name, ".data") || str_starts(sec->name, ".rodata") ||
	       str_starts(sec->name, "__ksymtab") || str_starts(sec->name, ".init.data");
}

static void note_use(const struct section *sec, const struct reloc *r)
{
	struct od_sym *t = function_at(r->sym->sec, elf_reloc_target(sec, r));
	struct od_sym *from;

	if (!t || t->fentry || t->cold)
		return;
	if (section_is_text(sec)) {
		from = function_at(sec, r->offset);
		if (from == t)
			return;	/* its own code */
		if (from && from->fentry && !from->cold) {
			if (!t->traced_caller)
				t->traced_caller = from;
			return;
		}
	} else if (!holds_addresses(sec)) {
		return;
	}
	t->untraced_use = true;
}

void od_find_callers(struct od_obj *o)
{
	for (size_t i = 1; i < o->e->nsections; i++) {
		const struct section *sec = &o->e->sections[i];

		for (size_t k = 0; k < sec->nrelocs; k++)
			if (sec->relocs[k].sym && sec->relocs[k].sym->sec)
				note_use(sec, &sec->relocs[k]);
	}
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
