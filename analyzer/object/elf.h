/*
 * The one ELF reader of kpcheck: an x86_64 relocatable object (a kernel .o
 * or .ko) opened read-only through libelf and turned into sections,
 * symbols and relocations that point at each other, with hash lookups by
 * name and sorted lookups by offset.  Nothing else in kpcheck calls libelf.
 *
 * Every index, offset and size read from the file is checked before use,
 * so a truncated or fuzzed object gives an error naming the file and what
 * is wrong, never a crash.
 */
#ifndef KPCHECK_ANALYZER_OBJECT_ELF_H
#define KPCHECK_ANALYZER_OBJECT_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>

struct section;

struct symbol {
	size_t idx;
	const char *name;		/* "" for unnamed symbols */
	unsigned char type, bind;	/* STT_*, STB_* */
	struct section *sec;		/* NULL for undefined/absolute/common */
	unsigned long offset, size;
	struct symbol *name_next;	/* hash chain by name */
	void *priv;			/* the differ's per-symbol state */
};

struct reloc {
	unsigned long offset;		/* in the section it applies to */
	unsigned int type;		/* R_X86_64_* */
	struct symbol *sym;
	long addend;
};

struct section {
	size_t idx;
	const char *name;
	GElf_Shdr sh;
	const unsigned char *data;	/* NULL for SHT_NOBITS and empty sections */
	size_t size;			/* bytes at data (sh_size, 0 for NOBITS) */
	struct section *rela;		/* SHT_RELA section applying to this one */
	struct section *base;		/* for a SHT_RELA section: its target */
	struct reloc *relocs;		/* sorted by offset, read on first use */
	size_t nrelocs;
	bool relocs_read;
	struct symbol **syms;		/* defined here, sorted by offset */
	size_t nsyms;
	struct symbol *secsym;		/* the STT_SECTION symbol, if any */
	struct section *name_next;
	void *priv;			/* the differ's per-section state */
};

struct elf {
	char *path;
	int fd;
	void *elf;			/* Elf *, kept opaque to users */
	size_t file_size;
	bool is_module;			/* has .modinfo or .gnu.linkonce.this_module */
	struct section *sections;
	size_t nsections;
	struct symbol *symbols;
	size_t nsymbols;
	struct section *symtab, *strtab;
	struct section **sec_hash;
	struct symbol **sym_hash;
	size_t sec_hash_size, sym_hash_size;
	char err[512];			/* why the last call failed */
};

/* Open @path; NULL on failure with the reason in @err ("path: what: why"). */
struct elf *elf_open_object(const char *path, char *err, size_t errlen);
void elf_close_object(struct elf *e);

struct section *elf_section_by_name(const struct elf *e, const char *name);
struct section *elf_section_by_index(const struct elf *e, size_t idx);
struct symbol *elf_symbol_by_name(const struct elf *e, const char *name);
struct symbol *elf_symbol_by_index(const struct elf *e, size_t idx);
/* The symbol of @sec whose extent covers @offset (functions and objects
 * first), else the last one starting at or before it; NULL if none. */
struct symbol *elf_symbol_at(const struct section *sec, unsigned long offset);

/* Read @sec's relocations (once); -1 with e->err set when they are bad. */
int elf_read_relocs(struct elf *e, struct section *sec);
/*
 * The entry size of a table of fixed-size entries with relocated fields
 * (__jump_table, __bug_table, .altinstructions, ...), read off the table:
 * the smallest size in [min, max] dividing the section such that every
 * relocation recurs, same type, one entry further on.  0 if none (or no
 * relocations read).  Layouts change between kernels; this does not pin one.
 */
unsigned long elf_entry_size(const struct section *sec, unsigned long min,
			     unsigned long max);
/* Index of the first relocation of @sec at or after @offset. */
size_t elf_reloc_lower(const struct section *sec, unsigned long offset);

/* Is @type a relocation type of the x86_64 psABI? */
bool elf_reloc_known(unsigned int type);
/* Bytes a relocation of @type patches (0 for R_X86_64_NONE and unknown types). */
unsigned int elf_reloc_width(unsigned int type);
/*
 * The one relocation-target rule.  Where a relocation in @from really
 * points, as an offset in its symbol's section: S + A, plus, for a
 * PC-relative operand in code, the distance from the field to the end of
 * its instruction, since the CPU adds the displacement to the address of
 * the next instruction (the assembler folds that distance into the
 * addend: -4 for a call, -5 for `cmpb $1, x(%rip)`).  In data (special
 * sections) a PC-relative field is relative to itself: no bias.
 */
long elf_reloc_bias(const struct section *from, const struct reloc *r);
long elf_reloc_target(const struct section *from, const struct reloc *r);
bool section_is_text(const struct section *sec);
bool section_is_pcrel(unsigned int type);
/* The NUL-terminated string at @offset of a string section, or NULL. */
const char *section_string(const struct section *sec, unsigned long offset);

#endif
