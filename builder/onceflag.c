/*
 * A WARN_ONCE()/pr_*_once() flag of the running kernel, found exactly.
 * kallsyms-style tables hold hundreds of "__already_done.0", and an
 * object with one flag has no neighbours to tell its own by (sympos.c).
 * But the original function refers to its flag with an instruction
 * whose field the original object's relocation locates, and the same
 * field in the running kernel's copy of that function says where the
 * flag is:
 *   - vmlinux: the field of the image (kimage.h) at the function's
 *     address, the table's KASLR slide taken off (its _text against the
 *     image's .text), decoded: the flag's address, then its position;
 *   - a module: the installed .ko's own relocation at that field names
 *     the flag outright.
 * The copy is trusted only when its bytes are the original object's,
 * relocated fields aside: the tree is then the kernel's source.  When
 * anything does not match, the caller falls back to the layout score.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/extract.h"
#include "builder/kimage.h"

/* One reference of the original object to the flag. */
struct ref {
	const Elf64_Sym *func;	/* the function holding it */
	size_t sec;		/* its code section */
	const Elf64_Rela *r;
	Elf64_Sxword bias;	/* flag = field's target + bias (elf_code_bias) */
};

static unsigned long le(const unsigned char *p, unsigned int n)
{
	unsigned long v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Mark the bytes of @k's section @sec in [@start, +@len) that a relocation patches. */
static void mask_relocs(const struct elf_edit *k, size_t sec, Elf64_Addr start, size_t len,
			unsigned char *mask)
{
	struct elf_edit_sec *rs = elf_edit_rela_for(k, sec);
	size_t n = 0;
	Elf64_Rela *r = rs ? elf_edit_relas(rs, &n) : NULL;

	for (size_t i = 0; i < n; i++) {
		unsigned int w = elf_reloc_width(ELF64_R_TYPE(r[i].r_info));

		for (unsigned int j = 0; j < w; j++)
			if (r[i].r_offset + j >= start && r[i].r_offset + j - start < len)
				mask[r[i].r_offset + j - start] = 1;
	}
}

/*
 * Are the original function's bytes @code, fields relocated aside: the
 * original object's, and those of @ko's section @sec from @start on (the
 * installed module's own relocations) when @ko is given?
 */
static bool same_code(const struct ex *x, const struct ref *ref, const unsigned char *code,
		      const struct elf_edit *ko, size_t sec, Elf64_Addr start)
{
	const struct elf_edit_sec *s = &x->orig.secs[ref->sec];
	size_t len = ref->func->st_size, i = 0;
	unsigned char *mask;

	if (!s->data || ref->func->st_value > s->size || len > s->size - ref->func->st_value)
		return false;
	mask = xcalloc(1, len + 1);
	mask_relocs(&x->orig, ref->sec, ref->func->st_value, len, mask);
	if (ko)
		mask_relocs(ko, sec, start, len, mask);
	while (i < len && (mask[i] || code[i] == s->data[ref->func->st_value + i]))
		i++;
	free(mask);
	return i == len;
}

/* Where a field of relocation @type at link address @p points (its S + A). */
static bool field_target(const unsigned char *field, unsigned int type, unsigned long p,
			 unsigned long *to)
{
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		*to = p + (unsigned long)(long)(int)le(field, 4);
		return true;
	case R_X86_64_32S:
		*to = (unsigned long)(long)(int)le(field, 4);
		return true;
	case R_X86_64_64:
		*to = le(field, 8);
		return true;
	default:
		return false;
	}
}

/* The running kernel's copy of @ref's function: its table entry. */
static const struct ksym *kernel_func(struct ex *x, const struct ksymtab *t, const struct ref *ref)
{
	const char *name = elf_edit_symname(&x->orig, ref->func);
	unsigned long pos;

	if (ksymtab_sympos(t, &x->orig, name, NULL, &pos))
		return NULL;
	return ksymtab_nth(t, name, pos);
}

static int vmlinux_flag(struct ex *x, const char *flag, const struct ref *ref, unsigned long *pos)
{
	const struct ksymtab *t = kimage_symbols(x->job);
	const struct ksym *text = ksymtab_nth(t, "_text", 0), *kf = kernel_func(x, t, ref);
	const struct elf_image *im = text && kf ? kimage_get(x->job) : NULL;
	unsigned long slide, at, off = ref->r->r_offset - ref->func->st_value, to;
	const unsigned char *code;

	if (!im)
		return -1;
	slide = text->addr - im->text;
	at = kf->addr - slide;
	if (!(code = elf_image_at(im, at, ref->func->st_size)) ||
	    !same_code(x, ref, code, NULL, 0, 0) ||
	    !field_target(code + off, ELF64_R_TYPE(ref->r->r_info), at + off, &to))
		return -1;
	return ksymtab_pos_at(t, flag, -1, to + ref->bias + slide, pos);
}

/* The .ko's relocation at @off of its section @sec, or NULL. */
static const Elf64_Rela *ko_reloc(const struct elf_edit *ko, size_t sec, Elf64_Addr off)
{
	struct elf_edit_sec *rs = elf_edit_rela_for(ko, sec);
	size_t n = 0;
	Elf64_Rela *r = rs ? elf_edit_relas(rs, &n) : NULL;

	for (size_t i = 0; i < n; i++)
		if (r[i].r_offset == off)
			return &r[i];
	return NULL;
}

static int module_flag(struct ex *x, const char *flag, const struct ref *ref, unsigned long *pos)
{
	const struct ksym *kf = x->has_ko ? kernel_func(x, &x->modtab, ref) : NULL;
	const struct elf_edit_sec *s = kf && (size_t)kf->sec < x->ko.nsecs ?
				       &x->ko.secs[kf->sec] : NULL;
	const Elf64_Sym *target;
	const Elf64_Rela *r;
	Elf64_Sxword toff;

	if (!s || !s->data || kf->addr > s->size || ref->func->st_size > s->size - kf->addr ||
	    !same_code(x, ref, s->data + kf->addr, &x->ko, kf->sec, kf->addr))
		return -1;
	r = ko_reloc(&x->ko, kf->sec, kf->addr + ref->r->r_offset - ref->func->st_value);
	if (!r || !(target = ex_reloc_target(&x->ko, kf->sec, r, &toff)) || toff ||
	    strcmp(elf_edit_symname(&x->ko, target), flag))
		return -1;
	return ksymtab_pos_at(&x->modtab, flag, target->st_shndx, target->st_value, pos);
}

/* Each reference of the original object's code to @flag, until @try says found. */
static int each_ref(struct ex *x, const char *flag,
		    int (*try)(struct ex *, const char *, const struct ref *, unsigned long *),
		    unsigned long *pos)
{
	const Elf64_Sym *f = elf_edit_sym_by_name(&x->orig, flag);

	for (size_t sec = 1; f && sec < x->orig.nsecs; sec++) {
		struct elf_edit_sec *rs = elf_edit_rela_for(&x->orig, sec);
		size_t n = 0;
		Elf64_Rela *r = rs && (x->orig.secs[sec].sh.sh_flags & SHF_EXECINSTR) ?
				elf_edit_relas(rs, &n) : NULL;

		for (size_t i = 0; i < n; i++) {
			Elf64_Sxword off;
			struct ref ref = { .sec = sec, .r = &r[i] };

			if (ex_reloc_target(&x->orig, sec, &r[i], &off) != f || off)
				continue;
			ref.func = elf_edit_sym_at(&x->orig, sec, r[i].r_offset);
			ref.bias = elf_code_bias(x->orig.secs[sec].data, x->orig.secs[sec].size,
						 r[i].r_offset, ELF64_R_TYPE(r[i].r_info));
			/* the whole field in the function: its bytes are compared */
			if (ref.func && ELF64_ST_TYPE(ref.func->st_info) == STT_FUNC &&
			    r[i].r_offset >= ref.func->st_value &&
			    r[i].r_offset - ref.func->st_value +
			    elf_reloc_width(ELF64_R_TYPE(r[i].r_info)) <= ref.func->st_size &&
			    try(x, flag, &ref, pos) == 0)
				return 0;
		}
	}
	return -1;
}

int ex_once_exact(struct ex *x, const char *name)
{
	const struct ksymtab *t = x->module ? &x->modtab : kimage_symbols(x->job);
	unsigned long pos = 0;
	int r;

	for (size_t i = 0; i < x->nexact; i++)
		if (!strcmp(x->exact[i].name, name))
			return x->exact[i].known ? 0 : -1;
	if (!t || !t->n || ksymtab_nth(t, name, 0))
		return -1;	/* no table, or a unique name: nothing to tell */
	r = each_ref(x, name, x->module ? module_flag : vmlinux_flag, &pos);
	*VEC_PUSH(x->exact, x->nexact) = (typeof(*x->exact)){ xstrdup(name), !r, pos };
	if (!r)
		build_progress("%s: '%s' of the kernel is the one at position %lu, read off its code",
			       x->u->file, name, pos);
	return r;
}
