/*
 * Carrying the changed functions out of the patched object.  Starting
 * from each function the object diff names (crosscheck.c), the sections it needs are
 * copied into a new object, transitively: new functions and new data
 * (absent from the original object), string literals and other
 * anonymous read-only data, .cold parts, and the patch's callbacks
 * (callbacks.c).  Everything else it refers to stays in the running
 * kernel and is referenced there:
 *   - exported symbols by name, resolved by the module loader;
 *   - any other symbol through an undefined ".klp.sym.OBJ.NAME,0",
 *     which klp.c turns into a livepatch relocation after the link.
 * Static locals keep their state: "name.N" of the patched object is the
 * "name.M" of the original object (by the function that uses it when
 * the base name is not unique), and the reference goes to that one.
 *
 * Entries of __bug_table, __ex_table, .altinstructions, __jump_table and
 * the ORC tables that point into a carried function are carried with it;
 * entries of other special sections are left out, which leaves the
 * unoptimized but correct code path (static call trampolines, retpoline
 * and return thunks, paravirt indirect calls).
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"
#include "builder/extract.h"
#include "builder/kelf.h"

static const struct special {
	const char *name;
	size_t size;		/* entry size on x86_64, Linux 6.1 */
	const char *pair;	/* parallel table without relocations */
	size_t pair_size;
} specials[] = {
	{ "__bug_table", 12, NULL, 0 },
	{ "__ex_table", 12, NULL, 0 },
	{ ".altinstructions", 12, NULL, 0 },
	{ "__jump_table", 16, NULL, 0 },
	{ ".orc_unwind_ip", 4, ".orc_unwind", 6 },
};

static bool is_special(const char *name)
{
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (!strcmp(name, specials[i].name) ||
		    (specials[i].pair && !strcmp(name, specials[i].pair)))
			return true;
	return false;
}

static bool is_pcrel(unsigned int type)
{
	return type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_PC64;
}

static Elf64_Sym *in_sym(struct ex *x, size_t i)
{
	size_t n;
	Elf64_Sym *syms = kelf_syms(&x->in, &n);

	return i < n ? &syms[i] : NULL;
}

static bool wanted(const struct ex *x, const char *name)
{
	for (int i = 0; i < x->u->nfuncs; i++) {
		size_t l = strlen(x->u->funcs[i]);

		if (!strncmp(name, x->u->funcs[i], l) &&
		    (!name[l] || !strcmp(name + l, ".cold")))
			return true;
	}
	return false;
}

/* Sections copied whole whenever referenced: their pieces have no identity. */
static bool copied_whole(const struct kelf_sec *s)
{
	return (s->sh.sh_flags & SHF_MERGE) || str_starts(s->name, ".rodata.str") ||
	       str_starts(s->name, ".rodata.cst") || !strcmp(s->name, ".data.once") ||
	       !strcmp(s->name, ".altinstr_replacement") || !strcmp(s->name, ".altinstr_aux");
}

size_t ex_carry(struct ex *x, size_t idx)
{
	const struct kelf_sec *s = &x->in.secs[idx];
	Elf64_Shdr sh = s->sh;
	struct xsym *xs;
	size_t o;

	if (x->secmap[idx])
		return x->secmap[idx];
	sh.sh_link = sh.sh_info = 0;
	o = kelf_add(&x->out, s->name, &sh, s->data, s->size);
	x->secmap[idx] = o;
	*VEC_PUSH(x->queue, x->nqueue) = idx;
	ex_grow_slots(x);
	xs = VEC_PUSH(x->syms, x->nsyms);
	xs->name = xstrdup("");
	xs->type = STT_SECTION;
	xs->bind = STB_LOCAL;
	xs->shndx = o;
	x->secsym[o] = x->nsyms - 1;
	return o;
}

/* ex_carry() may move x->secsym: index it only afterwards. */
static size_t carried_sym(struct ex *x, size_t idx)
{
	size_t o = ex_carry(x, idx);

	return x->secsym[o];
}

/* A symbol outside the carried object, by name (created once). */
static size_t ex_undef(struct ex *x, const char *name)
{
	struct xsym *xs;

	for (size_t i = 0; i < x->nsyms; i++)
		if (x->syms[i].bind == STB_GLOBAL && x->syms[i].shndx == SHN_UNDEF &&
		    !strcmp(x->syms[i].name, name))
			return i;
	xs = VEC_PUSH(x->syms, x->nsyms);
	xs->name = xstrdup(name);
	xs->bind = STB_GLOBAL;
	xs->type = STT_NOTYPE;
	xs->shndx = SHN_UNDEF;
	return x->nsyms - 1;
}

/* A module whose symbols the carried code refers to: livepatch needs its object. */
static void note_object(struct build_job *job, const char *obj)
{
	for (int i = 0; i < job->nklp_objs; i++)
		if (!strcmp(job->klp_objs[i], obj))
			return;
	*VEC_PUSH(job->klp_objs, job->nklp_objs) = xstrdup(obj);
}

/*
 * vmlinux's exports by name, resolved by the module loader; anything
 * else, a module's exports included, through a livepatch symbol of the
 * object that holds it, so that the patch module depends on no module
 * and loads whether or not its targets are loaded.
 */
static size_t ex_outside(struct ex *x, const char *name, bool can_export, bool ours)
{
	const char *obj = "vmlinux", *owner;
	bool local = ours && !can_export;	/* a local of the unit's object */
	char *klp;
	size_t r, n;

	if (x->job->target == TARGET_KPCORE && str_starts(name, "klp_shadow_")) {
		/* kpcore's shadow store has livepatch's API under its own prefix */
		klp = xasprintf("kpcore_shadow_%s", name + strlen("klp_shadow_"));
		r = ex_undef(x, klp);
		free(klp);
		return r;
	}
	owner = can_export ? symset_owner(&x->job->exports, name) : NULL;
	if (owner && !strcmp(owner, "vmlinux"))
		return ex_undef(x, name);
	if (owner)
		obj = owner;
	else if (x->module && (ours || symset_has(&x->modsyms, name)))
		obj = x->u->object;
	klp = ex_klp_name(x, obj, name, local);
	n = x->nsyms;
	r = ex_undef(x, klp);
	if (x->nsyms > n) {	/* a symbol not referred to before */
		*(strcmp(obj, "vmlinux") ? &x->job->klp_module : &x->job->klp_vmlinux) += 1;
		if (strcmp(obj, "vmlinux"))
			note_object(x->job, obj);
	}
	free(klp);
	return r;
}

/* Does the carried code need its own copy of @s (defined in @idx)? */
static bool needs_copy(struct ex *x, const Elf64_Sym *s, size_t idx)
{
	const struct kelf_sec *sec = &x->in.secs[idx];
	const char *name = kelf_symname(&x->in, s);

	if (sec->sh.sh_flags & SHF_EXECINSTR)
		return wanted(x, name) || !kelf_sym_by_name(&x->orig, name);
	if (ex_static_local(name)) {
		char *orig;

		if (!(sec->sh.sh_flags & SHF_WRITE))
			return true;
		orig = ex_correlate(x, name);
		free(orig);
		return !orig;
	}
	return !kelf_sym_by_name(&x->orig, name);
}

static size_t ex_defined_outside(struct ex *x, const Elf64_Sym *s)
{
	const char *name = kelf_symname(&x->in, s);
	char *orig = ex_static_local(name) ? ex_correlate(x, name) : NULL;
	size_t r = ex_outside(x, orig ? orig : name,
			      ELF64_ST_BIND(s->st_info) != STB_LOCAL, true);

	free(orig);
	return r;
}

/* The carried-object symbol and addend a relocation of the patched object becomes. */
static int ex_resolve(struct ex *x, const Elf64_Rela *r, size_t *xs, Elf64_Sxword *addend)
{
	const Elf64_Sym *s = in_sym(x, ELF64_R_SYM(r->r_info));
	size_t idx;

	*addend = r->r_addend;
	if (!s)
		return ex_error(x, "relocation against symbol %lu, which does not exist",
				(unsigned long)ELF64_R_SYM(r->r_info));
	if (s->st_shndx == SHN_UNDEF) {
		*xs = ex_outside(x, kelf_symname(&x->in, s), true, false);
		return 0;
	}
	idx = s->st_shndx;
	if (idx >= x->in.nsecs)
		return ex_error(x, "'%s' is an absolute or common symbol", kelf_symname(&x->in, s));
	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION) {
		if (x->secmap[idx] || copied_whole(&x->in.secs[idx])) {
			*xs = carried_sym(x, idx);
			return 0;
		}
		s = kelf_sym_at(&x->in, idx, *addend + (is_pcrel(ELF64_R_TYPE(r->r_info)) ? 4 : 0));
		if (!s) {
			*xs = carried_sym(x, idx);
			return 0;
		}
		*addend -= s->st_value;
	}
	if (x->secmap[idx] || needs_copy(x, s, idx)) {
		*xs = carried_sym(x, idx);
		*addend += s->st_value;
		return 0;
	}
	*xs = ex_defined_outside(x, s);
	return 0;
}

int ex_add_rela(struct ex *x, size_t out, const Elf64_Rela *r, Elf64_Addr offset)
{
	struct xrela *xr;
	size_t xs = 0;
	Elf64_Sxword addend = 0;

	if (ex_resolve(x, r, &xs, &addend))
		return -1;
	xr = VEC_PUSH(x->relas[out], x->nrelas[out]);
	xr->offset = offset;
	xr->type = ELF64_R_TYPE(r->r_info);
	xr->sym = xs;
	xr->addend = addend;
	return 0;
}

/* The function a section holds, for static-local correlation. */
static const char *section_function(struct ex *x, size_t idx)
{
	const Elf64_Sym *s = kelf_sym_at(&x->in, idx, 0);

	return s && ELF64_ST_TYPE(s->st_info) == STT_FUNC ? kelf_symname(&x->in, s) : NULL;
}

/* Relocations of every carried section not yet done. */
static int ex_drain(struct ex *x)
{
	int r = 0;

	while (x->qhead < x->nqueue) {
		size_t idx = x->queue[x->qhead++], n;
		struct kelf_sec *rs = kelf_rela_for(&x->in, idx);
		Elf64_Rela *rel = rs ? kelf_relas(rs, &n) : NULL;

		x->cur_func = section_function(x, idx);
		for (size_t i = 0; rel && i < n; i++)
			if (ex_add_rela(x, x->secmap[idx], &rel[i], rel[i].r_offset))
				r = -1;
	}
	return r;
}

/* Entry @e of a special section points into carried code. */
static bool entry_carried(struct ex *x, const Elf64_Rela *rel, size_t n, size_t at)
{
	for (size_t i = 0; i < n; i++)
		if (rel[i].r_offset == at) {
			const Elf64_Sym *s = in_sym(x, ELF64_R_SYM(rel[i].r_info));

			return s && s->st_shndx && s->st_shndx < x->in.nsecs &&
			       x->secmap[s->st_shndx] &&
			       (x->in.secs[s->st_shndx].sh.sh_flags & SHF_EXECINSTR);
		}
	return false;
}

static size_t add_filtered(struct ex *x, const char *name, const unsigned char *data,
			   size_t size)
{
	const struct kelf_sec *s = kelf_find(&x->in, name);
	Elf64_Shdr sh = s->sh;
	size_t o;

	sh.sh_link = sh.sh_info = 0;
	o = kelf_add(&x->out, name, &sh, data, size);
	ex_grow_slots(x);
	return o;
}

static int ex_special(struct ex *x, const struct special *sp)
{
	struct kelf_sec *s = kelf_find(&x->in, sp->name), *rs, *pair;
	unsigned char *data, *pdata;
	size_t n, nent, kept = 0, o, po = 0;
	Elf64_Rela *rel;
	int r = 0;

	if (!s || !(rs = kelf_rela_for(&x->in, s - x->in.secs)))
		return 0;
	rel = kelf_relas(rs, &n);
	nent = s->size / sp->size;
	pair = sp->pair ? kelf_find(&x->in, sp->pair) : NULL;
	if (pair && pair->size != nent * sp->pair_size)
		return ex_error(x, "%s and %s differ in length", sp->name, sp->pair);
	data = xmalloc(s->size + 1);
	pdata = xmalloc(pair ? pair->size + 1 : 1);
	for (size_t e = 0; e < nent; e++) {
		if (!entry_carried(x, rel, n, e * sp->size))
			continue;
		memcpy(data + kept * sp->size, s->data + e * sp->size, sp->size);
		if (pair)
			memcpy(pdata + kept * sp->pair_size, pair->data + e * sp->pair_size,
			       sp->pair_size);
		*VEC_PUSH(x->picked, x->npicked) = e;
		kept++;
	}
	if (kept) {
		o = add_filtered(x, sp->name, data, kept * sp->size);
		if (pair)
			po = add_filtered(x, sp->pair, pdata, kept * sp->pair_size);
		(void)po;
		for (size_t k = 0; k < kept; k++) {
			size_t base = x->picked[k] * sp->size;

			for (size_t i = 0; i < n; i++)
				if (rel[i].r_offset >= base && rel[i].r_offset < base + sp->size &&
				    ex_add_rela(x, o, &rel[i], k * sp->size + rel[i].r_offset - base))
					r = -1;
		}
	}
	free(data);
	free(pdata);
	x->npicked = 0;
	return r;
}

static int ex_specials(struct ex *x)
{
	int r = 0;

	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (ex_special(x, &specials[i]))
			r = -1;
	return r || ex_drain(x) ? -1 : 0;
}

/* The verdict's functions, which must be in the patched object. */
static int ex_roots(struct ex *x)
{
	int r = 0;

	for (int i = 0; i < x->u->nfuncs; i++) {
		const Elf64_Sym *s = kelf_sym_by_name(&x->in, x->u->funcs[i]);

		if ((!s || ELF64_ST_TYPE(s->st_info) != STT_FUNC) && x->u->added[i])
			continue;	/* a new function inlined into its callers */
		if (!s || ELF64_ST_TYPE(s->st_info) != STT_FUNC) {
			r = ex_error(x, "'%s' is not a function of the patched object: "
				     "inlined into its callers? patch those", x->u->funcs[i]);
			continue;
		}
		if (is_special(x->in.secs[s->st_shndx].name))
			continue;
		ex_carry(x, s->st_shndx);
	}
	return r;
}

static int ex_unit(struct build_job *job, struct build_unit *u, int index)
{
	struct ex x;
	int r;

	if (ex_open(&x, job, u, index))
		return -1;
	r = ex_roots(&x);
	if (!r)
		r = ex_callbacks(&x);
	if (!r)
		r = ex_drain(&x);
	if (!r)
		r = ex_specials(&x);
	if (!r && !x.errors)
		r = ex_finish(&x);
	r = r || x.errors ? -1 : 0;
	ex_close(&x);
	return r;
}

int extract_units(struct build_job *job)
{
	for (int i = 0; i < job->nunits; i++) {
		build_progress("carrying %d function%s out of %s", job->units[i].nfuncs,
			       job->units[i].nfuncs == 1 ? "" : "s", job->units[i].file);
		if (ex_unit(job, &job->units[i], i))
			return -1;
	}
	return 0;
}
