/*
 * The builder's ELF editor: an x86_64 relocatable object (.o or .ko) read
 * whole into memory as sections of owned bytes, edited, and written back.
 * analyzer/object/elf.c is the read-only view the analysis uses; the builder has
 * to create sections, symbols and relocations, which that view cannot, so
 * it works on the raw ELF64 structures of <elf.h> here.
 *
 * Section indices are stable: sections are only ever appended, so every
 * sh_link, sh_info and st_shndx stays valid across edits.  .shstrtab is
 * rebuilt from the section names on write.
 */
#ifndef KPCHECK_BUILDER_KELF_H
#define KPCHECK_BUILDER_KELF_H

#include <elf.h>
#include <stddef.h>
#include <stdio.h>

/* The kernel's flag and index for livepatch relocations (uapi/linux/elf.h). */
#define KP_SHF_RELA_LIVEPATCH	0x00100000
#define KP_SHN_LIVEPATCH	0xff20

struct kelf_sec {
	char *name;
	Elf64_Shdr sh;		/* sh_name and sh_offset are set on write */
	unsigned char *data;	/* owned; NULL when empty or SHT_NOBITS */
	size_t size;		/* bytes at data */
};

struct kelf {
	char *path;		/* for messages */
	Elf64_Ehdr eh;
	struct kelf_sec *secs;	/* secs[0] is the null section */
	size_t nsecs;
	size_t symtab;		/* index of SHT_SYMTAB, 0 if none */
};

/* Read @path; -1 with "path: what" in @err when it is not a sane ET_REL x86_64 object. */
int kelf_read(struct kelf *k, const char *path, char *err, size_t errlen);
/* An empty object with @like's ELF header. */
void kelf_new(struct kelf *k, const struct kelf *like, const char *path);
int kelf_write(const struct kelf *k, FILE *fp);
int kelf_write_file(const struct kelf *k, const char *path);
void kelf_free(struct kelf *k);

/* Append a section (data copied); returns its index. */
size_t kelf_add(struct kelf *k, const char *name, const Elf64_Shdr *sh,
		const void *data, size_t size);
struct kelf_sec *kelf_find(const struct kelf *k, const char *name);

Elf64_Sym *kelf_syms(const struct kelf *k, size_t *n);
const char *kelf_symname(const struct kelf *k, const Elf64_Sym *s);
Elf64_Rela *kelf_relas(const struct kelf_sec *s, size_t *n);
/* The SHT_RELA section applying to section @idx, or NULL. */
struct kelf_sec *kelf_rela_for(const struct kelf *k, size_t idx);
/* A defined, named symbol of section @idx covering @off (or starting
 * nearest before it); NULL if the section has none. */
const Elf64_Sym *kelf_sym_at(const struct kelf *k, size_t idx, Elf64_Sxword off);
/* The defined symbol named @name, or NULL. */
const Elf64_Sym *kelf_sym_by_name(const struct kelf *k, const char *name);

#endif
