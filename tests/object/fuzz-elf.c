/*
 * libFuzzer target: the ELF reader (analyzer/object/elf.c).  The input is handed
 * to elf_open_object() as a file (a memfd), and whatever opens is walked
 * the way the differ walks it: every section's relocations, every
 * symbol's lookups by name, index and offset, and string reads at every
 * relocation's addend.  A malformed object must fail with a message that
 * names the file; nothing may read out of bounds.
 *
 * The writing side too: whatever opens is read again as the builder's
 * editable object, looked up by name, given one more section, written
 * through libelf and read back, and must come back with the same
 * sections, bytes and symbols.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "analyzer/object/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned long sink;

static void walk_section(struct elf *e, struct section *sec)
{
	if (elf_read_relocs(e, sec))
		return;
	for (size_t i = 0; i < sec->nrelocs; i++) {
		const struct reloc *r = &sec->relocs[i];
		const char *s;

		sink += elf_reloc_lower(sec, r->offset);
		if (r->sym->sec && (s = section_string(r->sym->sec, r->addend)))
			sink += strlen(s);
		if (r->sym->sec && elf_symbol_at(r->sym->sec, r->addend))
			sink++;
		if (sec->data)
			sink += sec->data[r->offset];
		/* the relocation-target rule reads the instruction around it */
		sink += elf_reloc_target(sec, r);
	}
	sink += elf_entry_size(sec, 4, 64);
}

static void walk(struct elf *e)
{
	for (size_t i = 0; i < e->nsections; i++) {
		struct section *sec = elf_section_by_index(e, i), *byname;

		/* names may repeat (.group, .rela...): any section of the name */
		byname = elf_section_by_name(e, sec->name);
		if (i && (!byname || strcmp(byname->name, sec->name)))
			__builtin_trap();
		walk_section(e, sec);
	}
	for (size_t i = 0; i < e->nsymbols; i++) {
		struct symbol *s = elf_symbol_by_index(e, i);

		sink += elf_symbol_by_name(e, s->name) != NULL;
		if (s->sec && s->sec->data && s->size)
			sink += s->sec->data[s->offset + s->size - 1];
		if (s->sec)
			sink += elf_symbol_at(s->sec, s->offset) != NULL;
	}
}

static const struct elf_edit_sec *same_name(const struct elf_edit *k, size_t i)
{
	return elf_edit_find(k, k->secs[i].name);
}

/* Every section and named symbol is found by name, the first of its name. */
static void edit_lookups(const struct elf_edit *k)
{
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(k, &n);

	for (size_t i = 1; i < k->nsecs; i++) {
		const struct elf_edit_sec *s = same_name(k, i);

		if (!s || s > &k->secs[i] || strcmp(s->name, k->secs[i].name))
			__builtin_trap();
		if (elf_edit_rela_for(k, i))
			sink++;
	}
	for (size_t i = 1; i < n; i++) {
		const Elf64_Sym *s = elf_edit_sym_by_name(k, elf_edit_symname(k, &syms[i]));

		if (s && strcmp(elf_edit_symname(k, s), elf_edit_symname(k, &syms[i])))
			__builtin_trap();
		if (syms[i].st_shndx < k->nsecs && elf_edit_sym_at(k, syms[i].st_shndx, 0))
			sink++;
	}
}

/* @out, read back, holds @k's sections as they were written. */
static void same_object(const struct elf_edit *k, const struct elf_edit *out)
{
	if (out->nsecs != k->nsecs || out->symtab != k->symtab)
		__builtin_trap();
	for (size_t i = 1; i < k->nsecs; i++) {
		const struct elf_edit_sec *a = &k->secs[i], *b = &out->secs[i];

		if (strcmp(a->name, b->name) || a->sh.sh_type != b->sh.sh_type ||
		    a->sh.sh_flags != b->sh.sh_flags || a->sh.sh_link != b->sh.sh_link ||
		    a->sh.sh_info != b->sh.sh_info || a->size != b->size ||
		    (a->size && memcmp(a->data, b->data, a->size)))
			__builtin_trap();
	}
}

/* Edit, write, read back (the builder's side of the layer). */
static void round_trip(const char *path)
{
	static const unsigned char bytes[] = { 0x90, 0xc3 };
	Elf64_Shdr sh = { .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
			  .sh_addralign = 16 };
	struct elf_edit k, out;
	char opath[64], err[512];
	int fd = memfd_create("fuzz-out.o", 0);
	FILE *fp = fd >= 0 ? fdopen(fd, "w+") : NULL;

	if (!fp)
		__builtin_trap();
	if (elf_edit_read(&k, path, err, sizeof(err)) == 0) {
		edit_lookups(&k);
		elf_edit_add(&k, ".text.kpcheck_fuzz", &sh, bytes, sizeof(bytes));
		edit_lookups(&k);
		snprintf(opath, sizeof(opath), "/proc/self/fd/%d", fd);
		/* libelf may refuse a layout (an odd alignment): that is an error, said */
		if (elf_edit_write(&k, fp) == 0 && fflush(fp) == 0) {
			if (elf_edit_read(&out, opath, err, sizeof(err)))
				(fprintf(stderr, "%s\n", err), __builtin_trap());	/* what was read must write and read back */
			same_object(&k, &out);
			elf_edit_free(&out);
		}
		elf_edit_free(&k);
	} else if (strncmp(err, path, strlen(path))) {
		__builtin_trap();
	}
	fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz.o", 0);
	char path[64], err[512];
	struct elf *e;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		__builtin_trap();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	e = elf_open_object(path, err, sizeof(err));
	if (e) {
		walk(e);
		round_trip(path);
	}
	else if (strncmp(err, path, strlen(path)))
		__builtin_trap();	/* the error must name the file */
	elf_close_object(e);
	close(fd);
	return 0;
}
