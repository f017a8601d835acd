/*
 * The builder's ELF editor (see kelf.h).  Objects are the compiler's and
 * the linker's output, but they are still checked before use: every
 * section must lie inside the file, and the symbol and string tables
 * must be where the headers say, so a damaged object is an error naming
 * it, not a crash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/kelf.h"

static int fail(char *err, size_t n, const char *path, const char *what)
{
	snprintf(err, n, "%s: %s", path, what);
	return -1;
}

static unsigned char *slurp(const char *path, size_t *len, char *err, size_t n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long size;

	if (!f) {
		snprintf(err, n, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		fail(err, n, path, "cannot read");
		return NULL;
	}
	buf = xmalloc(size ? size : 1);
	if (fread(buf, 1, size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
		fail(err, n, path, "short read");
	}
	fclose(f);
	*len = size;
	return buf;
}

static int check_header(const Elf64_Ehdr *eh, size_t len)
{
	return len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	       eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_REL ||
	       eh->e_machine != EM_X86_64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	       eh->e_shoff > len || eh->e_shnum > (len - eh->e_shoff) / sizeof(Elf64_Shdr) ||
	       eh->e_shstrndx >= eh->e_shnum;
}

/* Copy each section's bytes out of the file image. */
static int load_sections(struct kelf *k, const unsigned char *buf, size_t len,
			 char *err, size_t n)
{
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(buf + k->eh.e_shoff);
	const Elf64_Shdr *strsh = &sh[k->eh.e_shstrndx];

	k->nsecs = k->eh.e_shnum;
	k->secs = xcalloc(k->nsecs, sizeof(*k->secs));
	if (strsh->sh_offset > len || strsh->sh_size > len - strsh->sh_offset)
		return fail(err, n, k->path, "section names outside the file");
	for (size_t i = 0; i < k->nsecs; i++) {
		struct kelf_sec *s = &k->secs[i];
		const char *names = (const char *)buf + strsh->sh_offset;

		s->sh = sh[i];
		if (sh[i].sh_name >= strsh->sh_size ||
		    !memchr(names + sh[i].sh_name, 0, strsh->sh_size - sh[i].sh_name))
			return fail(err, n, k->path, "bad section name");
		s->name = xstrdup(names + sh[i].sh_name);
		if (sh[i].sh_type == SHT_NOBITS || !sh[i].sh_size)
			continue;
		if (sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset)
			return fail(err, n, k->path, "section outside the file");
		s->size = sh[i].sh_size;
		s->data = xmalloc(s->size);
		memcpy(s->data, buf + sh[i].sh_offset, s->size);
		if (sh[i].sh_type == SHT_SYMTAB)
			k->symtab = i;
	}
	return 0;
}

static int check_tables(struct kelf *k, char *err, size_t n)
{
	struct kelf_sec *st, *str;
	size_t nsyms;
	Elf64_Sym *syms;

	if (!k->symtab)
		return 0;
	st = &k->secs[k->symtab];
	if (st->sh.sh_link >= k->nsecs || st->size % sizeof(Elf64_Sym))
		return fail(err, n, k->path, "bad symbol table");
	str = &k->secs[st->sh.sh_link];
	if (!str->size || str->data[str->size - 1])
		return fail(err, n, k->path, "bad string table");
	syms = kelf_syms(k, &nsyms);
	for (size_t i = 0; i < nsyms; i++)
		if (syms[i].st_name >= str->size)
			return fail(err, n, k->path, "symbol name outside the string table");
	for (size_t i = 0; i < k->nsecs; i++) {
		struct kelf_sec *s = &k->secs[i];

		if (s->sh.sh_type == SHT_RELA &&
		    (s->size % sizeof(Elf64_Rela) || s->sh.sh_info >= k->nsecs))
			return fail(err, n, k->path, "bad relocation section");
	}
	return 0;
}

int kelf_read(struct kelf *k, const char *path, char *err, size_t errlen)
{
	size_t len;
	unsigned char *buf = slurp(path, &len, err, errlen);
	int r = -1;

	memset(k, 0, sizeof(*k));
	k->path = xstrdup(path);
	if (!buf)
		return -1;
	if (check_header((const Elf64_Ehdr *)buf, len))
		fail(err, errlen, path, "not an x86_64 relocatable ELF object");
	else {
		memcpy(&k->eh, buf, sizeof(k->eh));
		r = load_sections(k, buf, len, err, errlen);
		if (!r)
			r = check_tables(k, err, errlen);
	}
	free(buf);
	if (r)
		kelf_free(k);
	return r;
}

void kelf_new(struct kelf *k, const struct kelf *like, const char *path)
{
	Elf64_Shdr sh = { .sh_type = SHT_STRTAB, .sh_addralign = 1 };

	memset(k, 0, sizeof(*k));
	k->path = xstrdup(path);
	k->eh = like->eh;
	k->secs = xcalloc(1, sizeof(*k->secs));
	k->secs[0].name = xstrdup("");
	k->nsecs = 1;
	k->eh.e_shstrndx = kelf_add(k, ".shstrtab", &sh, NULL, 0);
}

void kelf_free(struct kelf *k)
{
	for (size_t i = 0; i < k->nsecs; i++) {
		free(k->secs[i].name);
		free(k->secs[i].data);
	}
	free(k->secs);
	free(k->path);
	memset(k, 0, sizeof(*k));
}

size_t kelf_add(struct kelf *k, const char *name, const Elf64_Shdr *sh,
		const void *data, size_t size)
{
	struct kelf_sec *s;

	/* not VEC_PUSH: secs may come from kelf_read's exact-size array */
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

struct kelf_sec *kelf_find(const struct kelf *k, const char *name)
{
	for (size_t i = 1; i < k->nsecs; i++)
		if (!strcmp(k->secs[i].name, name))
			return &k->secs[i];
	return NULL;
}

Elf64_Sym *kelf_syms(const struct kelf *k, size_t *n)
{
	*n = k->symtab ? k->secs[k->symtab].size / sizeof(Elf64_Sym) : 0;
	return k->symtab ? (Elf64_Sym *)k->secs[k->symtab].data : NULL;
}

const char *kelf_symname(const struct kelf *k, const Elf64_Sym *s)
{
	const struct kelf_sec *str = &k->secs[k->secs[k->symtab].sh.sh_link];

	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION && s->st_shndx < k->nsecs)
		return k->secs[s->st_shndx].name;
	return (const char *)str->data + s->st_name;
}

Elf64_Rela *kelf_relas(const struct kelf_sec *s, size_t *n)
{
	*n = s->size / sizeof(Elf64_Rela);
	return (Elf64_Rela *)s->data;
}

struct kelf_sec *kelf_rela_for(const struct kelf *k, size_t idx)
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

const Elf64_Sym *kelf_sym_at(const struct kelf *k, size_t idx, Elf64_Sxword off)
{
	const Elf64_Sym *best = NULL;
	size_t n;
	Elf64_Sym *syms = kelf_syms(k, &n);

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

const Elf64_Sym *kelf_sym_by_name(const struct kelf *k, const char *name)
{
	size_t n;
	Elf64_Sym *syms = kelf_syms(k, &n);

	for (size_t i = 1; i < n; i++)
		if (syms[i].st_shndx != SHN_UNDEF &&
		    ELF64_ST_TYPE(syms[i].st_info) != STT_SECTION &&
		    ELF64_ST_TYPE(syms[i].st_info) != STT_FILE &&
		    !strcmp(kelf_symname(k, &syms[i]), name))
			return &syms[i];
	return NULL;
}

/* .shstrtab from the section names; sets each sh_name. */
static void build_shstrtab(struct kelf *k)
{
	struct kelf_sec *ss = &k->secs[k->eh.e_shstrndx];
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

static int pad_to(FILE *fp, long *pos, unsigned long align)
{
	while (align > 1 && *pos % align) {
		if (fputc(0, fp) == EOF)
			return -1;
		(*pos)++;
	}
	return 0;
}

int kelf_write(const struct kelf *kc, FILE *fp)
{
	struct kelf *k = (struct kelf *)kc;	/* sh_name/sh_offset are ours to set */
	long pos = sizeof(Elf64_Ehdr);
	Elf64_Ehdr eh = k->eh;

	build_shstrtab(k);
	if (fseek(fp, pos, SEEK_SET))
		return -1;
	for (size_t i = 1; i < k->nsecs; i++) {
		struct kelf_sec *s = &k->secs[i];

		if (pad_to(fp, &pos, s->sh.sh_addralign))
			return -1;
		s->sh.sh_offset = pos;
		if (s->sh.sh_type != SHT_NOBITS)
			s->sh.sh_size = s->size;
		if (s->size && fwrite(s->data, 1, s->size, fp) != s->size)
			return -1;
		pos += s->size;
	}
	if (pad_to(fp, &pos, 8))
		return -1;
	eh.e_shoff = pos;
	eh.e_shnum = k->nsecs;
	for (size_t i = 0; i < k->nsecs; i++)
		if (fwrite(&k->secs[i].sh, sizeof(Elf64_Shdr), 1, fp) != 1)
			return -1;
	if (fseek(fp, 0, SEEK_SET) || fwrite(&eh, sizeof(eh), 1, fp) != 1)
		return -1;
	return fseek(fp, 0, SEEK_END);
}

int kelf_write_file(const struct kelf *k, const char *path)
{
	FILE *fp = fopen(path, "wb");
	int r;

	if (!fp)
		return -1;
	r = kelf_write(k, fp);
	if (fclose(fp))
		r = -1;
	return r;
}
