/*
 * The ELF reader (see elf.h).  The file is mapped read-only through
 * libelf's ELF_C_READ_MMAP, so opening even a 10 MB object with DWARF
 * costs little more than its section and symbol tables; relocations are
 * read per section on first use, since the differ never needs those of
 * .debug_* sections.  Only x86_64 relocatable objects (ET_REL, the .o and
 * .ko files kbuild makes) are accepted: everything the differ assumes
 * about relocations and special sections is specific to them.
 */
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/object/elf.h"
#include "lib/util.h"

static int fail(struct elf *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct elf *e, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(e->err, sizeof(e->err), "%s: %s", e->path, what);
	return -1;
}

static unsigned long hash_str(const char *s)
{
	unsigned long h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static size_t hash_size(size_t n)
{
	size_t size = 64;

	while (size < 2 * n)
		size *= 2;
	return size;
}

static int open_file(struct elf *e)
{
	struct stat st;

	e->fd = open(e->path, O_RDONLY | O_CLOEXEC);
	if (e->fd < 0)
		return fail(e, "cannot open: %s", strerror(errno));
	if (fstat(e->fd, &st) || !S_ISREG(st.st_mode))
		return fail(e, "not a regular file");
	e->file_size = st.st_size;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(e, "libelf: %s", elf_errmsg(-1));
	e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
	if (!e->elf)
		return fail(e, "elf_begin failed: %s", elf_errmsg(-1));
	if (elf_kind(e->elf) != ELF_K_ELF)
		return fail(e, "not an ELF file");
	return 0;
}

static int check_header(struct elf *e)
{
	GElf_Ehdr eh;

	if (!gelf_getehdr(e->elf, &eh))
		return fail(e, "bad ELF header: %s", elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return fail(e, "not a 64-bit ELF object (class %d)", eh.e_ident[EI_CLASS]);
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(e, "not a little-endian ELF object");
	if (eh.e_machine != EM_X86_64)
		return fail(e, "not an x86_64 object (machine %d)", eh.e_machine);
	if (eh.e_shoff > e->file_size ||
	    (unsigned long)eh.e_shnum * eh.e_shentsize > e->file_size - eh.e_shoff)
		return fail(e, "section header table lies beyond the end of the file "
			    "(%zu bytes): truncated?", e->file_size);
	if (eh.e_type != ET_REL)
		return fail(e, "not a relocatable object (ELF type %d): "
			    "give the .o or .ko files kbuild builds", eh.e_type);
	return 0;
}

/* Point sec->data at the section's bytes, checking they lie in the file. */
static int read_section_data(struct elf *e, struct section *sec, Elf_Scn *scn)
{
	Elf_Data *d;

	if (sec->sh.sh_type == SHT_NOBITS || sec->sh.sh_size == 0)
		return 0;
	if (sec->sh.sh_offset > e->file_size ||
	    sec->sh.sh_size > e->file_size - sec->sh.sh_offset)
		return fail(e, "section %zu '%s' lies beyond the end of the file "
			    "(offset %#lx, size %#lx)", sec->idx, sec->name,
			    (unsigned long)sec->sh.sh_offset,
			    (unsigned long)sec->sh.sh_size);
	d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf)
		return fail(e, "cannot read section '%s': %s", sec->name, elf_errmsg(-1));
	if (d->d_size != sec->sh.sh_size)
		return fail(e, "section '%s': %zu bytes of data for size %#lx", sec->name,
			    d->d_size, (unsigned long)sec->sh.sh_size);
	sec->data = d->d_buf;
	sec->size = d->d_size;
	return 0;
}

static int read_section(struct elf *e, size_t shstrndx, size_t i)
{
	struct section *sec = &e->sections[i];
	Elf_Scn *scn = elf_getscn(e->elf, i);

	sec->idx = i;
	if (!scn || !gelf_getshdr(scn, &sec->sh))
		return fail(e, "bad section header %zu: %s", i, elf_errmsg(-1));
	sec->name = i ? elf_strptr(e->elf, shstrndx, sec->sh.sh_name) : "";
	if (!sec->name)
		return fail(e, "section %zu: bad name offset %#x", i, sec->sh.sh_name);
	if (read_section_data(e, sec, scn))
		return -1;
	if (sec->sh.sh_type == SHT_SYMTAB) {
		if (e->symtab)
			return fail(e, "more than one symbol table");
		e->symtab = sec;
	}
	return 0;
}

static void hash_sections(struct elf *e)
{
	e->sec_hash_size = hash_size(e->nsections);
	e->sec_hash = xcalloc(e->sec_hash_size, sizeof(*e->sec_hash));
	for (size_t i = 1; i < e->nsections; i++) {
		struct section *sec = &e->sections[i];
		size_t h = hash_str(sec->name) & (e->sec_hash_size - 1);

		sec->name_next = e->sec_hash[h];
		e->sec_hash[h] = sec;
	}
}

static int read_sections(struct elf *e)
{
	size_t n, shstrndx;

	if (elf_getshdrnum(e->elf, &n) || elf_getshdrstrndx(e->elf, &shstrndx))
		return fail(e, "bad section table: %s", elf_errmsg(-1));
	if (n == 0 || shstrndx >= n)
		return fail(e, "no section table, or bad section name table index %zu", shstrndx);
	e->nsections = n;
	e->sections = xcalloc(n, sizeof(*e->sections));
	for (size_t i = 0; i < n; i++)
		if (read_section(e, shstrndx, i))
			return -1;
	if (!e->symtab)
		return fail(e, "no symbol table");
	hash_sections(e);
	e->is_module = elf_section_by_name(e, ".modinfo") ||
		       elf_section_by_name(e, ".gnu.linkonce.this_module");
	return 0;
}

/* Link each SHT_RELA section to the section it applies to. */
static int link_relas(struct elf *e)
{
	for (size_t i = 1; i < e->nsections; i++) {
		struct section *sec = &e->sections[i], *base;

		if (sec->sh.sh_type == SHT_REL)
			return fail(e, "section '%s': SHT_REL is not used on x86_64", sec->name);
		if (sec->sh.sh_type != SHT_RELA)
			continue;
		if (sec->sh.sh_link != e->symtab->idx)
			return fail(e, "section '%s': links to section %u, not the symbol table",
				    sec->name, sec->sh.sh_link);
		if (sec->sh.sh_info == 0 || sec->sh.sh_info >= e->nsections)
			return fail(e, "section '%s': bad target section index %u",
				    sec->name, sec->sh.sh_info);
		if (sec->sh.sh_entsize != sizeof(Elf64_Rela))
			return fail(e, "section '%s': bad entry size %lu", sec->name,
				    (unsigned long)sec->sh.sh_entsize);
		base = &e->sections[sec->sh.sh_info];
		sec->base = base;
		base->rela = sec;
	}
	return 0;
}

static int check_symtab(struct elf *e)
{
	struct section *st = e->symtab;

	if (st->sh.sh_entsize != sizeof(Elf64_Sym))
		return fail(e, "symbol table: bad entry size %lu",
			    (unsigned long)st->sh.sh_entsize);
	if (st->sh.sh_link == 0 || st->sh.sh_link >= e->nsections ||
	    e->sections[st->sh.sh_link].sh.sh_type != SHT_STRTAB)
		return fail(e, "symbol table: bad string table index %u", st->sh.sh_link);
	e->strtab = &e->sections[st->sh.sh_link];
	if (!st->data && st->sh.sh_size)
		return fail(e, "symbol table has no data");
	e->nsymbols = st->size / sizeof(Elf64_Sym);
	return 0;
}

/* The section index of a symbol, following SHN_XINDEX. */
static int symbol_shndx(struct elf *e, Elf_Data *d, Elf_Data *xd, size_t i,
			GElf_Sym *sym, size_t *shndx)
{
	Elf32_Word x;

	if (!gelf_getsymshndx(d, xd, i, sym, &x))
		return fail(e, "symbol %zu: %s", i, elf_errmsg(-1));
	*shndx = sym->st_shndx == SHN_XINDEX ? x : sym->st_shndx;
	if (sym->st_shndx == SHN_XINDEX && !xd)
		return fail(e, "symbol %zu: SHN_XINDEX without SHT_SYMTAB_SHNDX", i);
	return 0;
}

static int place_symbol(struct elf *e, struct symbol *s, const GElf_Sym *sym,
			size_t shndx)
{
	/* a livepatch module's .klp.sym symbols: the kernel resolves them */
	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx == SHN_ABS ||
	    sym->st_shndx == SHN_COMMON || sym->st_shndx == KP_SHN_LIVEPATCH)
		return 0;
	if (shndx == 0 || shndx >= e->nsections)
		return fail(e, "symbol '%s': bad section index %zu", s->name, shndx);
	s->sec = &e->sections[shndx];
	if (s->type == STT_SECTION) {
		/* value and size of a section symbol mean nothing: ignore them */
		s->offset = s->size = 0;
		s->name = s->sec->name;
		if (!s->sec->secsym)
			s->sec->secsym = s;
		return 0;
	}
	if (s->offset > s->sec->sh.sh_size || s->size > s->sec->sh.sh_size - s->offset)
		return fail(e, "symbol '%s' (offset %#lx, size %#lx) lies outside "
			    "section '%s' (size %#lx)", s->name, s->offset, s->size,
			    s->sec->name, (unsigned long)s->sec->sh.sh_size);
	if (s->type == STT_FUNC || s->type == STT_OBJECT || s->type == STT_TLS)
		s->sec->nsyms++;
	return 0;
}

static Elf_Data *xindex_data(struct elf *e)
{
	for (size_t i = 1; i < e->nsections; i++)
		if (e->sections[i].sh.sh_type == SHT_SYMTAB_SHNDX &&
		    e->sections[i].sh.sh_link == e->symtab->idx)
			return elf_getdata(elf_getscn(e->elf, i), NULL);
	return NULL;
}

static int read_symbol(struct elf *e, Elf_Data *d, Elf_Data *xd, size_t i)
{
	struct symbol *s = &e->symbols[i];
	GElf_Sym sym;
	size_t shndx = 0;

	if (symbol_shndx(e, d, xd, i, &sym, &shndx))
		return -1;
	s->idx = i;
	s->name = elf_strptr(e->elf, e->strtab->idx, sym.st_name);
	if (!s->name)
		return fail(e, "symbol %zu: bad name offset %#x", i, sym.st_name);
	s->type = GELF_ST_TYPE(sym.st_info);
	s->bind = GELF_ST_BIND(sym.st_info);
	s->offset = sym.st_value;
	s->size = sym.st_size;
	return place_symbol(e, s, &sym, shndx);
}

static int cmp_sym_offset(const void *a, const void *b)
{
	const struct symbol *x = *(struct symbol *const *)a, *y = *(struct symbol *const *)b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Per-section arrays of the functions and objects, sorted by offset. */
static void sort_symbols(struct elf *e)
{
	for (size_t i = 0; i < e->nsections; i++) {
		e->sections[i].syms = xcalloc(e->sections[i].nsyms + 1, sizeof(struct symbol *));
		e->sections[i].nsyms = 0;
	}
	for (size_t i = 0; i < e->nsymbols; i++) {
		struct symbol *s = &e->symbols[i];

		if (s->sec && (s->type == STT_FUNC || s->type == STT_OBJECT ||
			       s->type == STT_TLS))
			s->sec->syms[s->sec->nsyms++] = s;
	}
	for (size_t i = 0; i < e->nsections; i++)
		qsort(e->sections[i].syms, e->sections[i].nsyms,
		      sizeof(struct symbol *), cmp_sym_offset);
}

static void hash_symbols(struct elf *e)
{
	e->sym_hash_size = hash_size(e->nsymbols);
	e->sym_hash = xcalloc(e->sym_hash_size, sizeof(*e->sym_hash));
	/* reverse order, so a chain yields the lowest index first */
	for (size_t i = e->nsymbols; i-- > 1;) {
		struct symbol *s = &e->symbols[i];
		size_t h;

		if (!*s->name || s->type == STT_SECTION)
			continue;
		h = hash_str(s->name) & (e->sym_hash_size - 1);
		s->name_next = e->sym_hash[h];
		e->sym_hash[h] = s;
	}
}

static int read_symbols(struct elf *e)
{
	Elf_Data *d, *xd;

	if (check_symtab(e))
		return -1;
	d = elf_getdata(elf_getscn(e->elf, e->symtab->idx), NULL);
	if (!d)
		return fail(e, "cannot read the symbol table: %s", elf_errmsg(-1));
	xd = xindex_data(e);
	e->symbols = xcalloc(e->nsymbols + 1, sizeof(*e->symbols));
	for (size_t i = 0; i < e->nsymbols; i++)
		if (read_symbol(e, d, xd, i))
			return -1;
	sort_symbols(e);
	hash_symbols(e);
	return 0;
}

struct elf *elf_open_object(const char *path, char *err, size_t errlen)
{
	struct elf *e = xcalloc(1, sizeof(*e));

	e->path = xstrdup(path);
	e->fd = -1;
	if (open_file(e) || check_header(e) || read_sections(e) ||
	    link_relas(e) || read_symbols(e)) {
		snprintf(err, errlen, "%s", e->err);
		elf_close_object(e);
		return NULL;
	}
	return e;
}

void elf_close_object(struct elf *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nsections; i++) {
		free(e->sections[i].relocs);
		free(e->sections[i].syms);
	}
	free(e->sections);
	free(e->symbols);
	free(e->sec_hash);
	free(e->sym_hash);
	if (e->elf)
		elf_end(e->elf);
	if (e->fd >= 0)
		close(e->fd);
	free(e->path);
	free(e);
}

struct section *elf_section_by_name(const struct elf *e, const char *name)
{
	struct section *sec;

	if (!e->sec_hash)
		return NULL;
	sec = e->sec_hash[hash_str(name) & (e->sec_hash_size - 1)];
	for (; sec; sec = sec->name_next)
		if (!strcmp(sec->name, name))
			return sec;
	return NULL;
}

struct section *elf_section_by_index(const struct elf *e, size_t idx)
{
	return idx < e->nsections ? &e->sections[idx] : NULL;
}

struct symbol *elf_symbol_by_name(const struct elf *e, const char *name)
{
	struct symbol *s;

	if (!e->sym_hash)
		return NULL;
	s = e->sym_hash[hash_str(name) & (e->sym_hash_size - 1)];
	for (; s; s = s->name_next)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

struct symbol *elf_symbol_by_index(const struct elf *e, size_t idx)
{
	return idx < e->nsymbols ? &e->symbols[idx] : NULL;
}

struct symbol *elf_symbol_at(const struct section *sec, unsigned long offset)
{
	size_t lo = 0, hi = sec->nsyms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sec->syms[mid]->offset <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	/* symbols may nest (aliases, zero-sized labels): prefer a covering one */
	for (size_t i = lo; i-- > 0 && i + 8 >= lo;) {
		struct symbol *s = sec->syms[i];

		if (offset < s->offset + s->size)
			return s;
	}
	return sec->syms[lo - 1];
}

/*
 * Every relocation type the x86_64 psABI defines, with the bytes it
 * patches.  Kernel objects hold few of them, but a reader accepts them
 * all: R_X86_64_NONE (0 bytes) is what recordmcount and older toolchains
 * leave over a neutralised mcount call, and the differ just skips it.
 */
static const signed char reloc_widths[] = {
	[R_X86_64_NONE] = 0, [R_X86_64_64] = 8, [R_X86_64_PC32] = 4,
	[R_X86_64_GOT32] = 4, [R_X86_64_PLT32] = 4, [R_X86_64_COPY] = 0,
	[R_X86_64_GLOB_DAT] = 8, [R_X86_64_JUMP_SLOT] = 8, [R_X86_64_RELATIVE] = 8,
	[R_X86_64_GOTPCREL] = 4, [R_X86_64_32] = 4, [R_X86_64_32S] = 4,
	[R_X86_64_16] = 2, [R_X86_64_PC16] = 2, [R_X86_64_8] = 1, [R_X86_64_PC8] = 1,
	[R_X86_64_DTPMOD64] = 8, [R_X86_64_DTPOFF64] = 8, [R_X86_64_TPOFF64] = 8,
	[R_X86_64_TLSGD] = 4, [R_X86_64_TLSLD] = 4, [R_X86_64_DTPOFF32] = 4,
	[R_X86_64_GOTTPOFF] = 4, [R_X86_64_TPOFF32] = 4, [R_X86_64_PC64] = 8,
	[R_X86_64_GOTOFF64] = 8, [R_X86_64_GOTPC32] = 4, [R_X86_64_GOT64] = 8,
	[R_X86_64_GOTPCREL64] = 8, [R_X86_64_GOTPC64] = 8, [R_X86_64_GOTPLT64] = 8,
	[R_X86_64_PLTOFF64] = 8, [R_X86_64_SIZE32] = 4, [R_X86_64_SIZE64] = 8,
	[R_X86_64_GOTPC32_TLSDESC] = 4, [R_X86_64_TLSDESC_CALL] = 0,
	[R_X86_64_TLSDESC] = 16, [R_X86_64_IRELATIVE] = 8, [R_X86_64_RELATIVE64] = 8,
	[39] = -1, [40] = -1,	/* unassigned */
	[R_X86_64_GOTPCRELX] = 4, [R_X86_64_REX_GOTPCRELX] = 4,
};

bool elf_reloc_known(unsigned int type)
{
	return type < sizeof(reloc_widths) && reloc_widths[type] >= 0;
}

unsigned int elf_reloc_width(unsigned int type)
{
	return elf_reloc_known(type) ? (unsigned int)reloc_widths[type] : 0;
}

bool section_is_pcrel(unsigned int type)
{
	return type == R_X86_64_PC32 || type == R_X86_64_PLT32 ||
	       type == R_X86_64_PC64 || type == R_X86_64_GOTPCREL ||
	       type == R_X86_64_GOTPCRELX || type == R_X86_64_REX_GOTPCRELX ||
	       type == R_X86_64_PC16 || type == R_X86_64_PC8;
}

/* One-byte opcodes that take a ModRM operand and an immediate. */
static unsigned int imm_one_byte(unsigned char op, unsigned char reg, bool opsize16)
{
	switch (op) {
	case 0x80: case 0x82: case 0x83: case 0xc0: case 0xc1: case 0xc6: case 0x6b:
		return 1;
	case 0x81: case 0xc7: case 0x69:
		return opsize16 ? 2 : 4;
	case 0xf6:
		return reg < 2;
	case 0xf7:
		return reg < 2 ? (opsize16 ? 2 : 4) : 0;
	default:
		return 0;
	}
}

/*
 * Is "0f op" a two-byte opcode here, or is the 0f the last byte of the
 * previous instruction (`jne .+15` is 75 0f)?  Kernel C code has no SSE,
 * so where op is also a one-byte opcode with an immediate, the two-byte
 * reading is taken only for what the kernel does use: lock xadd (0f c0/c1
 * after a lock or REX prefix) and cmpxchg8b/16b (0f c7 /1).
 */
static bool two_byte(const unsigned char *code, unsigned long p, unsigned char reg)
{
	unsigned char op = code[p - 2];

	if (p < 3 || code[p - 3] != 0x0f || (op >= 0x80 && op <= 0x8f))
		return false;	/* 0f 8x is jcc rel32: no ModRM */
	if (op == 0xc0 || op == 0xc1)
		return p >= 4 && (code[p - 4] == 0xf0 || (code[p - 4] & 0xf0) == 0x40);
	if (op == 0xc7)
		return reg == 1;
	return !imm_one_byte(op, reg, false) && op != 0x81;
}

/*
 * Immediate bytes that follow a RIP-relative disp32 at @p in @code: the
 * instruction's opcode sits before its ModRM byte (mod 00, r/m 101).
 * Read backwards from the displacement: enough for what compilers emit
 * (no VEX/EVEX instruction with an immediate takes a relocation in kernel
 * C code); call/jmp/jcc rel32 have no ModRM and no immediate.
 * tests/object/reloc-target.py checks this against objdump on kpatch's
 * unit objects.
 */
static unsigned int imm_after_disp(const unsigned char *code, unsigned long p,
				   bool opsize16)
{
	unsigned char modrm, op, reg;

	if (p < 2 || (code[p - 1] & 0xc7) != 0x05)
		return 0;
	modrm = code[p - 1];
	op = code[p - 2];
	reg = (modrm >> 3) & 7;
	if (two_byte(code, p, reg))
		return op == 0xba || op == 0xa4 || op == 0xac || op == 0xc2 ||
		       (op >= 0x70 && op <= 0x73) || (op >= 0xc4 && op <= 0xc6);
	if (p >= 4 && code[p - 3] == 0x3a && code[p - 4] == 0x0f)
		return 1;			/* 0f 3a xx: SSE4 with imm8 */
	return imm_one_byte(op, reg, opsize16);
}

long elf_code_bias(const unsigned char *code, size_t size, unsigned long p,
		   unsigned int type)
{
	bool opsize16;

	if (!section_is_pcrel(type) || !code || p > size)
		return 0;
	/* a 0x66 prefix before the opcode (and any REX) makes imm32 an imm16 */
	opsize16 = p >= 4 && (code[p - 3] == 0x66 ||
			      (code[p - 4] == 0x66 && (code[p - 3] & 0xf0) == 0x40));
	return elf_reloc_width(type) + imm_after_disp(code, p, opsize16);
}

long elf_reloc_bias(const struct section *from, const struct reloc *r)
{
	if (!section_is_text(from))
		return 0;
	return elf_code_bias(from->data, from->sh.sh_size, r->offset, r->type);
}

long elf_reloc_target(const struct section *from, const struct reloc *r)
{
	unsigned long base = r->sym->type == STT_SECTION ? 0 : r->sym->offset;

	/* in unsigned arithmetic: a fuzzed addend must not overflow a long */
	return (long)(base + (unsigned long)r->addend + (unsigned long)elf_reloc_bias(from, r));
}

static int read_reloc(struct elf *e, struct section *sec, Elf_Data *d, size_t i)
{
	struct reloc *r = &sec->relocs[i];
	GElf_Rela rela;
	size_t symidx;
	unsigned int w;

	if (!gelf_getrela(d, i, &rela))
		return fail(e, "%s: relocation %zu: %s", sec->rela->name, i, elf_errmsg(-1));
	symidx = GELF_R_SYM(rela.r_info);
	r->type = GELF_R_TYPE(rela.r_info);
	r->offset = rela.r_offset;
	r->addend = rela.r_addend;
	if (symidx >= e->nsymbols)
		return fail(e, "%s: relocation %zu: bad symbol index %zu",
			    sec->rela->name, i, symidx);
	r->sym = &e->symbols[symidx];
	if (!elf_reloc_known(r->type))
		return fail(e, "%s: relocation %zu: unknown type %u", sec->rela->name, i, r->type);
	w = elf_reloc_width(r->type);
	if (r->offset > sec->sh.sh_size || w > sec->sh.sh_size - r->offset)
		return fail(e, "%s: relocation %zu at %#lx lies outside '%s' (size %#lx)",
			    sec->rela->name, i, r->offset, sec->name,
			    (unsigned long)sec->sh.sh_size);
	return 0;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

int elf_read_relocs(struct elf *e, struct section *sec)
{
	Elf_Data *d;
	size_t n;
	bool sorted = true;

	if (sec->relocs_read || !sec->rela)
		return 0;
	sec->relocs_read = true;
	d = elf_getdata(elf_getscn(e->elf, sec->rela->idx), NULL);
	if (!d && sec->rela->sh.sh_size)
		return fail(e, "%s: %s", sec->rela->name, elf_errmsg(-1));
	n = d ? d->d_size / sizeof(Elf64_Rela) : 0;
	sec->relocs = xcalloc(n + 1, sizeof(*sec->relocs));
	for (size_t i = 0; i < n; i++) {
		if (read_reloc(e, sec, d, i))
			return -1;
		sec->nrelocs++;
		sorted &= i == 0 || sec->relocs[i - 1].offset <= sec->relocs[i].offset;
	}
	if (!sorted)
		qsort(sec->relocs, n, sizeof(*sec->relocs), cmp_reloc);
	return 0;
}

size_t elf_reloc_lower(const struct section *sec, unsigned long offset)
{
	size_t lo = 0, hi = sec->nrelocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sec->relocs[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool elf_fentry_call(const char *name, unsigned long offset)
{
	/* a 4-byte endbr64, then the 5-byte call whose field starts 1 later;
	 * 16 leaves room for the prefix bytes of other compilers */
	return offset < 16 && (!strcmp(name, "__fentry__") || !strcmp(name, "mcount"));
}

bool section_is_text(const struct section *sec)
{
	return sec->sh.sh_type == SHT_PROGBITS && (sec->sh.sh_flags & SHF_EXECINSTR);
}

const char *section_string(const struct section *sec, unsigned long offset)
{
	if (!sec->data || offset >= sec->size)
		return NULL;
	if (!memchr(sec->data + offset, 0, sec->size - offset))
		return NULL;
	return (const char *)sec->data + offset;
}

/* Does every relocation of @sec have a twin @p bytes further on (until
 * the last entry), at the same relocation type? */
static bool periodic(const struct section *sec, unsigned long p)
{
	for (size_t i = 0; i < sec->nrelocs; i++) {
		const struct reloc *r = &sec->relocs[i];
		size_t j;

		if (r->offset + p >= sec->size)
			break;
		j = elf_reloc_lower(sec, r->offset + p);
		if (j >= sec->nrelocs || sec->relocs[j].offset != r->offset + p ||
		    sec->relocs[j].type != r->type)
			return false;
	}
	return true;
}

unsigned long elf_entry_size(const struct section *sec, unsigned long min,
			     unsigned long max)
{
	if (!sec->nrelocs || sec->relocs[0].offset != 0 || min == 0)
		return 0;
	for (unsigned long p = min; p <= max && p <= sec->size; p++)
		if (sec->size % p == 0 && periodic(sec, p))
			return p;
	return 0;
}

/* size: the smallest entry any x86_64 kernel had (elf_entry_size reads
 * this kernel's from the relocation pattern) */
static const struct elf_special specials[] = {
	{ "__jump_table", 16, true, true, NULL },
	{ ".static_call_sites", 8, true, true, NULL },
	{ "__bug_table", 12, false, true, NULL },
	{ "__ex_table", 8, false, true, NULL },
	{ ".altinstructions", 12, false, true, NULL },
	{ ".parainstructions", 16, false, true, NULL },
	{ ".smp_locks", 4, false, true, NULL },
	{ ".return_sites", 4, false, true, NULL },
	{ ".call_sites", 4, false, true, NULL },
	{ ".retpoline_sites", 4, false, true, NULL },
	/* carried by the builder, not compared: unwind data and ftrace sites */
	{ ".orc_unwind_ip", 4, false, false, ".orc_unwind" },
	{ "__mcount_loc", 8, false, false, NULL },
	/* gcc's -fpatchable-function-entry (6.12's CALL_PADDING): one pointer
	 * per function to the padding before it, where objtool puts __pfx_ */
	{ "__patchable_function_entries", 8, false, false, NULL },
	/* objtool's endbr64 it may seal (a function never called indirectly) */
	{ ".ibt_endbr_seal", 4, false, false, NULL },
};

const struct elf_special *elf_specials(size_t *n)
{
	*n = sizeof(specials) / sizeof(specials[0]);
	return specials;
}

const struct elf_special *elf_special_kind(const char *name)
{
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (!strcmp(name, specials[i].name))
			return &specials[i];
	return NULL;
}

unsigned long elf_special_entry_size(const struct section *sec, const struct elf_special *k)
{
	return elf_entry_size(sec, k->size, 64);
}

/* ---- The editable object (struct elf_edit) ---- */

static int edit_fail(char *err, size_t n, const char *path, const char *what)
{
	snprintf(err, n, "%s: %s", path, what);
	return -1;
}

/* Copy one checked section of @e into @s (owned bytes). */
static void edit_copy_section(struct elf_edit_sec *s, const struct section *sec)
{
	s->name = xstrdup(sec->name);
	s->sh = sec->sh;
	if (sec->sh.sh_type == SHT_NOBITS || !sec->data || !sec->size)
		return;
	s->size = sec->size;
	s->data = xmalloc(s->size);
	memcpy(s->data, sec->data, s->size);
}

/* What the raw accessors assume beyond what elf_open_object() checked. */
static int edit_check_tables(struct elf_edit *k, char *err, size_t n)
{
	const struct elf_edit_sec *st, *str;

	for (size_t i = 0; i < k->nsecs; i++) {
		const struct elf_edit_sec *s = &k->secs[i];

		if (s->sh.sh_type == SHT_RELA &&
		    (s->size % sizeof(Elf64_Rela) || s->sh.sh_info >= k->nsecs))
			return edit_fail(err, n, k->path, "bad relocation section");
	}
	if (!k->symtab)
		return 0;
	st = &k->secs[k->symtab];
	if (st->sh.sh_link >= k->nsecs || st->size % sizeof(Elf64_Sym))
		return edit_fail(err, n, k->path, "bad symbol table");
	str = &k->secs[st->sh.sh_link];
	if (!str->size || str->data[str->size - 1])
		return edit_fail(err, n, k->path, "bad string table");
	for (size_t i = 0; i < st->size / sizeof(Elf64_Sym); i++)
		if (((const Elf64_Sym *)st->data)[i].st_name >= str->size)
			return edit_fail(err, n, k->path,
					 "symbol name outside the string table");
	return 0;
}

int elf_edit_read(struct elf_edit *k, const char *path, char *err, size_t errlen)
{
	struct elf *e = elf_open_object(path, err, errlen);
	GElf_Ehdr eh;
	int r = -1;

	memset(k, 0, sizeof(*k));
	k->path = xstrdup(path);
	if (!e)
		return -1;
	if (!gelf_getehdr(e->elf, &eh)) {
		snprintf(err, errlen, "%s: bad ELF header: %s", path, elf_errmsg(-1));
		goto out;
	}
	k->eh = eh;		/* GElf_Ehdr is Elf64_Ehdr */
	k->nsecs = e->nsections;
	k->secs = xcalloc(k->nsecs, sizeof(*k->secs));
	for (size_t i = 0; i < k->nsecs; i++) {
		edit_copy_section(&k->secs[i], &e->sections[i]);
		if (k->secs[i].sh.sh_type == SHT_SYMTAB)
			k->symtab = i;
	}
	r = edit_check_tables(k, err, errlen);
out:
	elf_close_object(e);
	if (r)
		elf_edit_free(k);
	return r;
}

void elf_edit_new(struct elf_edit *k, const struct elf_edit *like, const char *path)
{
	Elf64_Shdr sh = { .sh_type = SHT_STRTAB, .sh_addralign = 1 };

	memset(k, 0, sizeof(*k));
	k->path = xstrdup(path);
	k->eh = like->eh;
	k->secs = xcalloc(1, sizeof(*k->secs));
	k->secs[0].name = xstrdup("");
	k->nsecs = 1;
	k->eh.e_shstrndx = elf_edit_add(k, ".shstrtab", &sh, NULL, 0);
}

void elf_edit_free(struct elf_edit *k)
{
	for (size_t i = 0; i < k->nsecs; i++) {
		free(k->secs[i].name);
		free(k->secs[i].data);
	}
	free(k->secs);
	free(k->path);
	free(k->sec_hash);
	free(k->sym_hash);
	free(k->sym_next);
	memset(k, 0, sizeof(*k));
}

size_t elf_edit_add(struct elf_edit *k, const char *name, const Elf64_Shdr *sh,
		    const void *data, size_t size)
{
	struct elf_edit_sec *s;

	/* not VEC_PUSH: secs may come from elf_edit_read's exact-size array */
	k->secs = xrealloc(k->secs, (k->nsecs + 1) * sizeof(*k->secs));
	s = &k->secs[k->nsecs++];
	memset(s, 0, sizeof(*s));

	s->name = xstrdup(name);
	s->sh = *sh;
	if (data && size && sh->sh_type != SHT_NOBITS) {
		s->data = xmalloc(size);
		memcpy(s->data, data, size);
		s->size = size;
	}
	if (sh->sh_type != SHT_NOBITS)
		s->sh.sh_size = s->size;
	if (sh->sh_type == SHT_SYMTAB)
		k->symtab = k->nsecs - 1;
	return k->nsecs - 1;
}

/* The section name hash; sections are only appended, so it is stale
 * exactly when there are sections it has not seen. */
static void edit_hash_sections(struct elf_edit *k)
{
	if (k->sec_hash && k->sec_hashed == k->nsecs)
		return;
	free(k->sec_hash);
	k->sec_hash_size = hash_size(k->nsecs);
	k->sec_hash = xcalloc(k->sec_hash_size, sizeof(*k->sec_hash));
	/* backwards, so each chain starts at the lowest index */
	for (size_t i = k->nsecs - 1; i > 0; i--) {
		size_t *head = &k->sec_hash[hash_str(k->secs[i].name) &
					    (k->sec_hash_size - 1)];

		k->secs[i].name_next = *head;
		*head = i;
	}
	k->sec_hashed = k->nsecs;
}

struct elf_edit_sec *elf_edit_find(const struct elf_edit *kc, const char *name)
{
	struct elf_edit *k = (struct elf_edit *)kc;	/* the hash is a cache */

	edit_hash_sections(k);
	for (size_t i = k->sec_hash[hash_str(name) & (k->sec_hash_size - 1)]; i;
	     i = k->secs[i].name_next)
		if (!strcmp(k->secs[i].name, name))
			return &k->secs[i];
	return NULL;
}

Elf64_Sym *elf_edit_syms(const struct elf_edit *k, size_t *n)
{
	*n = k->symtab ? k->secs[k->symtab].size / sizeof(Elf64_Sym) : 0;
	return k->symtab ? (Elf64_Sym *)k->secs[k->symtab].data : NULL;
}

const char *elf_edit_symname(const struct elf_edit *k, const Elf64_Sym *s)
{
	const struct elf_edit_sec *str = &k->secs[k->secs[k->symtab].sh.sh_link];

	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION && s->st_shndx < k->nsecs)
		return k->secs[s->st_shndx].name;
	return (const char *)str->data + s->st_name;
}

Elf64_Rela *elf_edit_relas(const struct elf_edit_sec *s, size_t *n)
{
	*n = s->size / sizeof(Elf64_Rela);
	return (Elf64_Rela *)s->data;
}

struct elf_edit_sec *elf_edit_rela_for(const struct elf_edit *k, size_t idx)
{
	for (size_t i = 1; i < k->nsecs; i++)
		if (k->secs[i].sh.sh_type == SHT_RELA && k->secs[i].sh.sh_info == idx &&
		    !(k->secs[i].sh.sh_flags & KP_SHF_RELA_LIVEPATCH))
			return &k->secs[i];
	return NULL;
}

static bool named_in(const Elf64_Sym *s, size_t idx)
{
	unsigned char t = ELF64_ST_TYPE(s->st_info);

	return s->st_shndx == idx && s->st_name &&
	       (t == STT_FUNC || t == STT_OBJECT || t == STT_NOTYPE);
}

const Elf64_Sym *elf_edit_sym_at(const struct elf_edit *k, size_t idx, Elf64_Sxword off)
{
	const Elf64_Sym *best = NULL;
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(k, &n);

	for (size_t i = 0; i < n; i++) {
		const Elf64_Sym *s = &syms[i];

		if (!named_in(s, idx))
			continue;
		if ((Elf64_Sxword)s->st_value <= off &&
		    off < (Elf64_Sxword)(s->st_value + s->st_size))
			return s;
		if ((Elf64_Sxword)s->st_value <= off &&
		    (!best || s->st_value > best->st_value))
			best = s;
	}
	return best;
}

/*
 * The symbol name hash, over every symbol's name; the builder edits
 * symbols in place (st_shndx, st_info), so what a lookup wants is checked
 * on the chain, not when hashing.  It is stale when the symbol or string
 * table was replaced or resized.
 */
static void edit_hash_symbols(struct elf_edit *k)
{
	const struct elf_edit_sec *str = &k->secs[k->secs[k->symtab].sh.sh_link];
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(k, &n);

	if (k->sym_hash && k->sym_hashed_tab == syms && k->sym_hashed_n == n &&
	    k->sym_hashed_str == str->data)
		return;
	free(k->sym_hash);
	free(k->sym_next);
	k->sym_hash_size = hash_size(n);
	k->sym_hash = xcalloc(k->sym_hash_size, sizeof(*k->sym_hash));
	k->sym_next = xcalloc(n ? n : 1, sizeof(*k->sym_next));
	for (size_t i = n ? n - 1 : 0; i > 0; i--) {
		size_t *head = &k->sym_hash[hash_str(elf_edit_symname(k, &syms[i])) &
					    (k->sym_hash_size - 1)];

		k->sym_next[i] = *head;
		*head = i;
	}
	k->sym_hashed_tab = syms;
	k->sym_hashed_n = n;
	k->sym_hashed_str = str->data;
}

const Elf64_Sym *elf_edit_sym_by_name(const struct elf_edit *kc, const char *name)
{
	struct elf_edit *k = (struct elf_edit *)kc;	/* the hash is a cache */
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(k, &n);

	if (!k->symtab)
		return NULL;
	edit_hash_symbols(k);
	for (size_t i = k->sym_hash[hash_str(name) & (k->sym_hash_size - 1)]; i;
	     i = k->sym_next[i])
		if (syms[i].st_shndx != SHN_UNDEF &&
		    ELF64_ST_TYPE(syms[i].st_info) != STT_SECTION &&
		    ELF64_ST_TYPE(syms[i].st_info) != STT_FILE &&
		    !strcmp(elf_edit_symname(k, &syms[i]), name))
			return &syms[i];
	return NULL;
}

/* .shstrtab from the section names; sets each sh_name. */
static void edit_build_shstrtab(struct elf_edit *k)
{
	struct elf_edit_sec *ss = &k->secs[k->eh.e_shstrndx];
	size_t len = 1;

	for (size_t i = 1; i < k->nsecs; i++)
		len += strlen(k->secs[i].name) + 1;
	free(ss->data);
	ss->data = xcalloc(1, len);
	ss->size = len;
	len = 1;
	for (size_t i = 1; i < k->nsecs; i++) {
		size_t l = strlen(k->secs[i].name) + 1;

		memcpy(ss->data + len, k->secs[i].name, l);
		k->secs[i].sh.sh_name = len;
		len += l;
	}
	ss->sh.sh_size = ss->size;
}

static int edit_write_fail(const struct elf_edit *k, const char *what)
{
	fprintf(stderr, "kpcheck: %s: cannot write: %s: %s\n", k->path, what,
		elf_errmsg(-1));
	return -1;
}

/*
 * libelf pads to each section's alignment in the file: refuse what no
 * kernel object has (a page is the most kbuild asks for) rather than
 * write gigabytes of padding.
 */
#define EDIT_MAX_ALIGN	(1UL << 16)

static int edit_check_align(const struct elf_edit *k)
{
	for (size_t i = 1; i < k->nsecs; i++) {
		unsigned long a = k->secs[i].sh.sh_addralign;

		if (a > EDIT_MAX_ALIGN || (a & (a - 1))) {
			fprintf(stderr, "kpcheck: %s: cannot write: section %s has "
				"alignment %lu\n", k->path, k->secs[i].name, a);
			return -1;
		}
	}
	return 0;
}

/* One section into @out: its header and, unless empty or NOBITS, its bytes. */
static int edit_write_section(Elf *out, struct elf_edit_sec *s)
{
	Elf_Scn *scn = elf_newscn(out);
	Elf_Data *d;
	GElf_Shdr sh = s->sh;

	if (!scn || !(d = elf_newdata(scn)))
		return -1;
	/* libelf sizes each section from its data: NOBITS gets bufferless data */
	if (s->sh.sh_type != SHT_NOBITS)
		sh.sh_size = s->size;
	d->d_buf = s->sh.sh_type == SHT_NOBITS ? NULL : s->data;
	d->d_size = s->sh.sh_type == SHT_NOBITS ? s->sh.sh_size : s->size;
	d->d_type = ELF_T_BYTE;		/* raw bytes, already in file order */
	d->d_align = s->sh.sh_addralign ? s->sh.sh_addralign : 1;
	d->d_version = EV_CURRENT;
	return gelf_update_shdr(scn, &sh) ? 0 : -1;
}

/*
 * Section 0 and the ELF header, with extended numbering: past
 * SHN_LORESERVE sections the count goes in section 0's sh_size and the
 * name table's index in its sh_link (libelf's elf_update sets e_shnum
 * and section 0's sh_size itself; the name table index is ours).
 */
static int edit_write_header(Elf *out, const struct elf_edit *k)
{
	GElf_Ehdr eh;
	GElf_Shdr sh0;
	Elf_Scn *scn0 = elf_getscn(out, 0);

	if (!gelf_getehdr(out, &eh) || !scn0 ||
	    !gelf_getshdr(scn0, &sh0))
		return -1;
	memcpy(eh.e_ident, k->eh.e_ident, EI_NIDENT);
	eh.e_type = k->eh.e_type;
	eh.e_machine = k->eh.e_machine;
	eh.e_version = k->eh.e_version;
	eh.e_flags = k->eh.e_flags;
	eh.e_shstrndx = k->eh.e_shstrndx;
	sh0.sh_link = 0;
	if (k->eh.e_shstrndx >= SHN_LORESERVE) {
		eh.e_shstrndx = SHN_XINDEX;
		sh0.sh_link = k->eh.e_shstrndx;
	}
	return gelf_update_ehdr(out, &eh) && gelf_update_shdr(scn0, &sh0) ? 0 : -1;
}

int elf_edit_write(const struct elf_edit *kc, FILE *fp)
{
	struct elf_edit *k = (struct elf_edit *)kc;	/* sh_name is ours to set */
	Elf *out;
	int r = -1;

	if (edit_check_align(k))
		return -1;
	edit_build_shstrtab(k);
	if (fflush(fp) || ftruncate(fileno(fp), 0))
		return edit_write_fail(k, strerror(errno));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return edit_write_fail(k, "elf_version");
	out = elf_begin(fileno(fp), ELF_C_WRITE, NULL);
	if (!out)
		return edit_write_fail(k, "elf_begin");
	if (!gelf_newehdr(out, ELFCLASS64))
		goto out;
	for (size_t i = 1; i < k->nsecs; i++)
		if (edit_write_section(out, &k->secs[i]))
			goto out;
	/* after the sections: libelf makes section 0 with the first one */
	if (k->nsecs > 1 && edit_write_header(out, k))
		goto out;
	if (elf_update(out, ELF_C_WRITE) < 0)
		goto out;
	r = 0;
out:
	if (r)
		edit_write_fail(k, "libelf");
	elf_end(out);
	if (!r && fseek(fp, 0, SEEK_END))
		r = -1;
	return r;
}

int elf_edit_write_file(const struct elf_edit *k, const char *path)
{
	FILE *fp = fopen(path, "wb");
	int r;

	if (!fp)
		return -1;
	r = elf_edit_write(k, fp);
	if (fclose(fp))
		r = -1;
	return r;
}

/* The image's loadable segments; libelf's checks keep them in the file. */
static int image_segments(struct elf_image *im, Elf *e)
{
	size_t n;

	if (elf_getphdrnum(e, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (ph.p_offset > im->size || ph.p_filesz > im->size - ph.p_offset)
			return -1;
		*VEC_PUSH(im->segs, im->nsegs) = (struct elf_image_seg){
			.vaddr = ph.p_vaddr, .offset = ph.p_offset, .filesz = ph.p_filesz };
	}
	return im->nsegs ? 0 : -1;
}

static unsigned long image_text(Elf *e)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(e, &shstrndx))
		return 0;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(e, shstrndx, sh.sh_name)) &&
		    !strcmp(name, ".text"))
			return sh.sh_addr;
	}
	return 0;
}

static const char *image_check(struct elf_image *im, Elf *e)
{
	GElf_Ehdr eh;

	if (elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh))
		return "not an ELF file";
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64 ||
	    eh.e_type != ET_EXEC)
		return "not an x86_64 vmlinux (ET_EXEC)";
	if (image_segments(im, e))
		return "no loadable segment within the file";
	if (!(im->text = image_text(e)))
		return "no .text section";
	return NULL;
}

int elf_image_open(struct elf_image *im, const char *path, unsigned char *buf, size_t size,
		   char *err, size_t errlen)
{
	Elf *e;
	const char *why;

	memset(im, 0, sizeof(*im));
	im->path = xstrdup(path);
	im->buf = buf;
	im->size = size;
	if (elf_version(EV_CURRENT) == EV_NONE || !(e = elf_memory((char *)buf, size))) {
		snprintf(err, errlen, "%s: libelf: %s", path, elf_errmsg(-1));
		return -1;
	}
	why = image_check(im, e);
	elf_end(e);
	if (why)
		snprintf(err, errlen, "%s: %s", path, why);
	return why ? -1 : 0;
}

void elf_image_free(struct elf_image *im)
{
	free(im->path);
	free(im->buf);
	free(im->segs);
	memset(im, 0, sizeof(*im));
}

const unsigned char *elf_image_at(const struct elf_image *im, unsigned long addr, size_t len)
{
	for (size_t i = 0; i < im->nsegs; i++) {
		const struct elf_image_seg *s = &im->segs[i];

		if (addr >= s->vaddr && addr - s->vaddr <= s->filesz &&
		    len <= s->filesz - (addr - s->vaddr))
			return im->buf + s->offset + (addr - s->vaddr);
	}
	return NULL;
}
