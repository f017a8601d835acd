/*
 * libFuzzer target: the ELF reader (analyzer/object/elf.c).  The input is handed
 * to elf_open_object() as a file (a memfd), and whatever opens is walked
 * the way the differ walks it: every section's relocations, every
 * symbol's lookups by name, index and offset, and string reads at every
 * relocation's addend.  A malformed object must fail with a message that
 * names the file; nothing may read out of bounds.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz.o", 0);
	char path[64], err[512];
	struct elf *e;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		__builtin_trap();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	e = elf_open_object(path, err, sizeof(err));
	if (e)
		walk(e);
	else if (strncmp(err, path, strlen(path)))
		__builtin_trap();	/* the error must name the file */
	elf_close_object(e);
	close(fd);
	return 0;
}
