/*
 * old_sympos from crafted symbol tables (builder/sympos.c): which of
 * several same-named local symbols an object file means, by the layout
 * of its section (.data.once) or by its other symbols nearby (anchors),
 * and an error when nothing tells; and the position of a symbol whose
 * address is known exactly (a WARN_ONCE flag read off the kernel's code).
 */
#include <stdlib.h>
#include <unistd.h>
#include "builder/sympos.h"
#include "lib/util.h"
#include "tests/unit/check.h"

/* An object like fs/proc/foo.o: .text with helper and target_fn, .data.once with two flags. */
static void make_object(struct elf_edit *k)
{
	struct elf_edit like = { 0 };
	static const char str[] = "\0helper\0target_fn\0__already_done.3\0__already_done.4\0";
	Elf64_Shdr text = { .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR };
	Elf64_Shdr once = { .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_WRITE };
	Elf64_Shdr strh = { .sh_type = SHT_STRTAB, .sh_addralign = 1 };
	Elf64_Shdr symh = { .sh_type = SHT_SYMTAB, .sh_entsize = sizeof(Elf64_Sym), .sh_info = 1 };
	unsigned char code[0x80] = { 0 }, flags[2] = { 0 };
	Elf64_Sym syms[5] = { { 0 } };
	size_t t, o;

	like.eh.e_type = ET_REL;
	like.eh.e_machine = EM_X86_64;
	elf_edit_new(k, &like, "foo.o");
	t = elf_edit_add(k, ".text", &text, code, sizeof(code));
	o = elf_edit_add(k, ".data.once", &once, flags, sizeof(flags));
	syms[1] = (Elf64_Sym){ .st_name = 1, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC),
			       .st_shndx = t, .st_value = 0, .st_size = 0x40 };
	syms[2] = (Elf64_Sym){ .st_name = 8, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC),
			       .st_shndx = t, .st_value = 0x40, .st_size = 0x40 };
	syms[3] = (Elf64_Sym){ .st_name = 18, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_OBJECT),
			       .st_shndx = o, .st_value = 0, .st_size = 1 };
	syms[4] = (Elf64_Sym){ .st_name = 35, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_OBJECT),
			       .st_shndx = o, .st_value = 1, .st_size = 1 };
	symh.sh_link = k->nsecs + 1;
	elf_edit_add(k, ".symtab", &symh, syms, sizeof(syms));
	elf_edit_add(k, ".strtab", &strh, str, sizeof(str));
}

/* @map, written to a temporary file and read back as a table. */
static void table_of(const char *map, struct ksymtab *t)
{
	char path[] = "/tmp/kpcheck-sympos-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct kallsyms ks;
	char err[512];

	fputs(map, f);
	fclose(f);
	CHECK(kallsyms_from_map(path, &ks, err, sizeof(err)) == 0);
	ksymtab_from_kallsyms(t, &ks);
	kallsyms_free(&ks);
	unlink(path);
}

static int pos_in(const char *map, const struct elf_edit *k, const char *name, unsigned long *pos)
{
	struct ksymtab t;
	int r;

	table_of(map, &t);
	r = ksymtab_sympos(&t, k, name, NULL, pos);
	ksymtab_free(&t);
	return r;
}

/* Position of @name at @addr in @map (any section); -1 when not there. */
static int pos_at(const char *map, const char *name, unsigned long addr, unsigned long *pos)
{
	struct ksymtab t;
	int r;

	table_of(map, &t);
	r = ksymtab_pos_at(&t, name, -1, addr, pos);
	CHECK(r || ksymtab_nth(&t, name, *pos)->addr == addr);
	ksymtab_free(&t);
	return r;
}

static void exact_positions(void)
{
	static const char map[] = "ffffffff81000000 T _text\nffffffff83000000 d __already_done.0\n"
				  "ffffffff83000001 d __already_done.1\n"
				  "ffffffff83000002 d __already_done.0\n";
	unsigned long pos = 99;

	/* the second of two: counted among its namesakes only */
	CHECK(pos_at(map, "__already_done.0", 0xffffffff83000002UL, &pos) == 0 && pos == 2);
	CHECK(pos_at(map, "__already_done.0", 0xffffffff83000000UL, &pos) == 0 && pos == 1);
	/* unique: position 0 */
	CHECK(pos_at(map, "__already_done.1", 0xffffffff83000001UL, &pos) == 0 && pos == 0);
	/* an address where no symbol of that name is: not found */
	CHECK(pos_at(map, "__already_done.0", 0xffffffff83000001UL, &pos) == -1);
}

int main(void)
{
	struct elf_edit k;
	unsigned long pos = 99;

	make_object(&k);
	/* unique: position 0 */
	CHECK(pos_in("ffffffff81000000 t target_fn\n", &k, "target_fn", &pos) == 0 && pos == 0);
	/* the one next to helper (the file's unique symbol), listed first or second */
	CHECK(pos_in("ffffffff81000000 t helper\nffffffff81000040 t target_fn\n"
		     "ffffffff82000000 t target_fn\n", &k, "target_fn", &pos) == 0 && pos == 1);
	CHECK(pos_in("ffffffff80000000 t target_fn\nffffffff81000000 t helper\n"
		     "ffffffff81000040 t target_fn\n", &k, "target_fn", &pos) == 0 && pos == 2);
	/* nothing of the file in the table: cannot tell */
	CHECK(pos_in("ffffffff81000040 t target_fn\nffffffff82000000 t target_fn\n",
		     &k, "target_fn", &pos) == -1);
	/* helper far from both (another section, beyond reach): cannot tell */
	CHECK(pos_in("ffffffff81000000 t helper\nffffffff91000000 t target_fn\n"
		     "ffffffff92000000 t target_fn\n", &k, "target_fn", &pos) == -1);
	/* .data.once gathered from every object: the flag followed by .4, as in the object */
	CHECK(pos_in("ffffffff83000000 d __already_done.3\nffffffff83000001 d __already_done.9\n"
		     "ffffffff83000002 d __already_done.3\nffffffff83000003 d __already_done.4\n"
		     "ffffffff83000004 d __already_done.3\n",
		     &k, "__already_done.3", &pos) == 0 && pos == 2);
	/* module lines of /proc/kallsyms are not vmlinux's */
	CHECK(pos_in("ffffffff81000040 t target_fn\nffffffffc0000000 t target_fn\t[binfmt_misc]\n",
		     &k, "target_fn", &pos) == 0 && pos == 0);
	elf_edit_free(&k);
	exact_positions();
	return check_done();
}
