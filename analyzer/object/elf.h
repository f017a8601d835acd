/*
 * The one ELF reader of kpcheck: an x86_64 relocatable object (a kernel .o
 * or .ko) opened read-only through libelf and turned into sections,
 * symbols and relocations that point at each other, with hash lookups by
 * name and sorted lookups by offset.  Nothing else in kpcheck calls libelf.
 * It also holds the builder's editable object (struct elf_edit, below):
 * read through the same checked reader, edited, and written back through
 * libelf.
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
#include <stdio.h>

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
/*
 * The kernel's special sections: tables whose entries point into code
 * (static keys and calls, bug sites, exception fixups, alternatives,
 * paravirt sites, lock prefixes, thunk sites, ORC, mcount, patchable
 * function entries, IBT seal sites).  One table
 * for the object tier and the builder; entry sizes are read off the
 * object (elf_special_entry_size), never pinned to one kernel.
 */
struct elf_special {
	const char *name;
	unsigned int size;	/* smallest entry size any x86_64 kernel had */
	bool keyed;		/* names a static key or static call key */
	bool compared;		/* entries compared with their function */
	const char *pair;	/* parallel table without relocations, or NULL */
};
const struct elf_special *elf_special_kind(const char *name);
/* Every kind, for walking the table: @n gets its length. */
const struct elf_special *elf_specials(size_t *n);
/* The entry size of @sec (a special section of kind @k), or 0. */
unsigned long elf_special_entry_size(const struct section *sec, const struct elf_special *k);
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
/* The same rule on raw code: @code (of @size bytes) holds a relocation of
 * @type at @p; 0 when it is not PC-relative.  For the editable objects. */
long elf_code_bias(const unsigned char *code, size_t size, unsigned long p,
		   unsigned int type);
long elf_reloc_target(const struct section *from, const struct reloc *r);
bool section_is_text(const struct section *sec);
/*
 * Is a relocation against @name at @offset bytes into a function the call
 * that ftrace redirects?  It is the first instruction, or follows the
 * endbr64 of IBT kernels (6.12: `endbr64; call __fentry__`, after the
 * function's padding, which is not part of its symbol).
 */
bool elf_fentry_call(const char *name, unsigned long offset);
bool section_is_pcrel(unsigned int type);
/* The NUL-terminated string at @offset of a string section, or NULL. */
const char *section_string(const struct section *sec, unsigned long offset);

/*
 * The editable object the builder reads, edits and writes: every section
 * as owned bytes (the raw ELF64 structures of <elf.h>, the host's own
 * layout on x86_64), so sections, symbols and relocations can be made.
 * elf_edit_read() goes through elf_open_object(), so an object the
 * builder edits passed every check the analysis makes; elf_edit_write()
 * lays the file out through libelf, with extended section numbering when
 * there are SHN_LORESERVE sections or more.
 *
 * Section indices are stable: sections are only ever appended, so every
 * sh_link, sh_info and st_shndx stays valid across edits.  .shstrtab is
 * rebuilt from the section names on write.
 */

/* The kernel's flag and index for livepatch relocations (uapi/linux/elf.h). */
#define KP_SHF_RELA_LIVEPATCH	0x00100000
#define KP_SHN_LIVEPATCH	0xff20

struct elf_edit_sec {
	char *name;
	Elf64_Shdr sh;		/* sh_name and sh_offset are set on write */
	unsigned char *data;	/* owned; NULL when empty or SHT_NOBITS */
	size_t size;		/* bytes at data */
	size_t name_next;	/* hash chain by name (index, 0 ends it) */
};

struct elf_edit {
	char *path;		/* for messages */
	Elf64_Ehdr eh;
	struct elf_edit_sec *secs;	/* secs[0] is the null section */
	size_t nsecs;
	size_t symtab;		/* index of SHT_SYMTAB, 0 if none */
	/* name hashes: a cache, built on first lookup and rebuilt when stale */
	size_t *sec_hash, sec_hash_size, sec_hashed;
	size_t *sym_hash, *sym_next, sym_hash_size;
	const void *sym_hashed_tab, *sym_hashed_str;
	size_t sym_hashed_n;
};

/* Read @path; -1 with "path: what" in @err when it is not a sane ET_REL x86_64 object. */
int elf_edit_read(struct elf_edit *k, const char *path, char *err, size_t errlen);
/* An empty object with @like's ELF header. */
void elf_edit_new(struct elf_edit *k, const struct elf_edit *like, const char *path);
/* Write to @fp (a regular file, at its start); -1 with a message on stderr. */
int elf_edit_write(const struct elf_edit *k, FILE *fp);
int elf_edit_write_file(const struct elf_edit *k, const char *path);
void elf_edit_free(struct elf_edit *k);

/* Append a section (data copied); returns its index. */
size_t elf_edit_add(struct elf_edit *k, const char *name, const Elf64_Shdr *sh,
		    const void *data, size_t size);
/* The first section named @name (by hash), or NULL. */
struct elf_edit_sec *elf_edit_find(const struct elf_edit *k, const char *name);

Elf64_Sym *elf_edit_syms(const struct elf_edit *k, size_t *n);
const char *elf_edit_symname(const struct elf_edit *k, const Elf64_Sym *s);
Elf64_Rela *elf_edit_relas(const struct elf_edit_sec *s, size_t *n);
/* The SHT_RELA section applying to section @idx, or NULL. */
struct elf_edit_sec *elf_edit_rela_for(const struct elf_edit *k, size_t idx);
/* A defined, named symbol of section @idx covering @off (or starting
 * nearest before it); NULL if the section has none. */
const Elf64_Sym *elf_edit_sym_at(const struct elf_edit *k, size_t idx, Elf64_Sxword off);
/* The defined symbol named @name (by hash), or NULL. */
const Elf64_Sym *elf_edit_sym_by_name(const struct elf_edit *k, const char *name);

/*
 * A linked kernel image (vmlinux, ET_EXEC x86_64) held in memory: its
 * bytes by link-time address, through the PT_LOAD program headers.  The
 * builder reads the running kernel's copy of a function with it.
 */
struct elf_image_seg {
	unsigned long vaddr, offset, filesz;
};

struct elf_image {
	char *path;			/* for messages */
	unsigned char *buf;		/* the whole file, owned */
	size_t size;
	struct elf_image_seg *segs;
	size_t nsegs;
	unsigned long text;		/* link-time address of .text: _text on x86_64 */
};

/* Take @buf (malloc()ed, @size bytes; owned by @im even on failure) as an
 * image; -1 with "path: what" in @err. */
int elf_image_open(struct elf_image *im, const char *path, unsigned char *buf, size_t size,
		   char *err, size_t errlen);
void elf_image_free(struct elf_image *im);
/* The @len bytes at link-time address @addr, or NULL when not all in the file. */
const unsigned char *elf_image_at(const struct elf_image *im, unsigned long addr, size_t len);

#endif
