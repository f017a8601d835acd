/*
 * The writing side of the ELF layer (analyzer/object/elf.c, struct
 * elf_edit): an object made section by section, written through libelf
 * and read back through the checked reader, keeps its sections, bytes
 * and symbols; lookups by name find them; an object with more sections
 * than an ELF header can count (extended section numbering) writes and
 * reads back too.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/object/elf.h"
#include "lib/util.h"
#include "tests/unit/check.h"

static void start(struct elf_edit *k, const char *path)
{
	struct elf_edit like = { 0 };

	memcpy(like.eh.e_ident, ELFMAG, SELFMAG);
	like.eh.e_ident[EI_CLASS] = ELFCLASS64;
	like.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	like.eh.e_ident[EI_VERSION] = EV_CURRENT;
	like.eh.e_type = ET_REL;
	like.eh.e_machine = EM_X86_64;
	like.eh.e_version = EV_CURRENT;
	elf_edit_new(k, &like, path);
}

/* .text with two functions, .bss, a symbol table. */
static void make_object(struct elf_edit *k, const char *path)
{
	static const char str[] = "\0helper\0target_fn\0counter\0";
	Elf64_Shdr text = { .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
			    .sh_addralign = 16 };
	Elf64_Shdr bss = { .sh_type = SHT_NOBITS, .sh_flags = SHF_ALLOC | SHF_WRITE,
			   .sh_size = 64, .sh_addralign = 8 };
	Elf64_Shdr strh = { .sh_type = SHT_STRTAB, .sh_addralign = 1 };
	Elf64_Shdr symh = { .sh_type = SHT_SYMTAB, .sh_entsize = sizeof(Elf64_Sym),
			    .sh_info = 1, .sh_addralign = 8 };
	unsigned char code[0x80];
	Elf64_Sym syms[4] = { { 0 } };
	size_t t, b;

	memset(code, 0xcc, sizeof(code));
	start(k, path);
	t = elf_edit_add(k, ".text", &text, code, sizeof(code));
	b = elf_edit_add(k, ".bss", &bss, NULL, 0);
	syms[1] = (Elf64_Sym){ .st_name = 1, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC),
			       .st_shndx = t, .st_value = 0, .st_size = 0x40 };
	syms[2] = (Elf64_Sym){ .st_name = 8, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
			       .st_shndx = t, .st_value = 0x40, .st_size = 0x40 };
	syms[3] = (Elf64_Sym){ .st_name = 18, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
			       .st_shndx = b, .st_value = 8, .st_size = 4 };
	symh.sh_link = k->nsecs + 1;
	elf_edit_add(k, ".symtab", &symh, syms, sizeof(syms));
	elf_edit_add(k, ".strtab", &strh, str, sizeof(str));
}

static void round_trip(const char *path)
{
	struct elf_edit k, r;
	char err[512];
	const Elf64_Sym *s;

	make_object(&k, path);
	CHECK(elf_edit_write_file(&k, path) == 0);
	CHECK(elf_edit_read(&r, path, err, sizeof(err)) == 0);
	CHECK(r.nsecs == k.nsecs && r.symtab == k.symtab);
	for (size_t i = 1; i < k.nsecs && i < r.nsecs; i++) {
		CHECK(!strcmp(r.secs[i].name, k.secs[i].name));
		CHECK(r.secs[i].sh.sh_type == k.secs[i].sh.sh_type);
		CHECK(r.secs[i].sh.sh_size == k.secs[i].sh.sh_size);
		CHECK(r.secs[i].size == k.secs[i].size &&
		      (!r.secs[i].size || !memcmp(r.secs[i].data, k.secs[i].data, r.secs[i].size)));
	}
	CHECK(elf_edit_find(&r, ".bss") && elf_edit_find(&r, ".bss")->sh.sh_size == 64);
	CHECK(!elf_edit_find(&r, ".data"));
	s = elf_edit_sym_by_name(&r, "target_fn");
	CHECK(s && s->st_value == 0x40);
	CHECK(elf_edit_sym_at(&r, s->st_shndx, 0x50) == s);
	CHECK(!elf_edit_sym_by_name(&r, "missing"));
	elf_edit_free(&r);
	elf_edit_free(&k);
}

/* The reader wants a symbol table: the null symbol alone. */
static void add_symtab(struct elf_edit *k)
{
	Elf64_Shdr strh = { .sh_type = SHT_STRTAB, .sh_addralign = 1 };
	Elf64_Shdr symh = { .sh_type = SHT_SYMTAB, .sh_entsize = sizeof(Elf64_Sym),
			    .sh_info = 1, .sh_addralign = 8 };
	Elf64_Sym null = { 0 };

	symh.sh_link = k->nsecs + 1;
	elf_edit_add(k, ".symtab", &symh, &null, sizeof(null));
	elf_edit_add(k, ".strtab", &strh, "", 1);
}

/* 66000 sections: e_shnum is 0 and the count is in section 0. */
static void extended_numbering(const char *path)
{
	Elf64_Shdr sh = { .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC, .sh_addralign = 1 };
	struct elf_edit k, r;
	char err[512], name[32];
	unsigned char byte = 0x5a;

	start(&k, path);
	for (int i = 0; i < 66000; i++) {
		snprintf(name, sizeof(name), ".data.s%d", i);
		elf_edit_add(&k, name, &sh, &byte, 1);
	}
	add_symtab(&k);
	CHECK(k.nsecs > SHN_LORESERVE);
	CHECK(elf_edit_write_file(&k, path) == 0);
	if (elf_edit_read(&r, path, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		CHECK(0);
		elf_edit_free(&k);
		return;
	}
	CHECK(r.nsecs == k.nsecs);
	CHECK(r.eh.e_shnum == 0);
	CHECK(elf_edit_find(&r, ".data.s65999") == &r.secs[r.nsecs - 3]);
	CHECK(r.secs[r.nsecs - 3].size == 1 && r.secs[r.nsecs - 3].data[0] == 0x5a);
	elf_edit_free(&r);
	elf_edit_free(&k);
}

int main(void)
{
	char path[] = "/tmp/kpcheck-elf-edit.XXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	round_trip(path);
	extended_numbering(path);
	unlink(path);
	return check_done();
}
