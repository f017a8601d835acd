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
 * Entries of the special sections that point into a carried function are
 * carried with it, and the module loader applies them to the carried
 * code as to any module's: __bug_table, __ex_table, .altinstructions,
 * __jump_table, the ORC tables, .static_call_sites, .return_sites,
 * .retpoline_sites, .parainstructions, .smp_locks, __mcount_loc, and
 * 6.12's __patchable_function_entries and .ibt_endbr_seal (each carried
 * function's own .text section holds the padding before it, where objtool
 * puts its __pfx_ symbol when kbuild links the patch module).  A
 * static call site whose key lives in a module is refused: the loader
 * reads the key before livepatch can relocate it.  Any other special
 * section with an entry in a carried function is refused by name, never
 * dropped.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/symname.h"
#include "lib/util.h"
#include "builder/build.h"
#include "builder/extract.h"
#include "analyzer/object/elf.h"

/* One special section as this object lays it out (entry sizes are read
 * off the object: elf_special_entry_size). */
struct special {
	const char *name;
	size_t size;
	const char *pair;	/* parallel table without relocations */
	size_t pair_size;
};

static bool is_special(const char *name)
{
	size_t n;
	const struct elf_special *k = elf_specials(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, k[i].name) || (k[i].pair && !strcmp(name, k[i].pair)))
			return true;
	return false;
}

static Elf64_Sym *in_sym(struct ex *x, size_t i)
{
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(&x->in, &n);

	return i < n ? &syms[i] : NULL;
}

static bool wanted(const struct ex *x, const char *name)
{
	for (int i = 0; i < x->u->nfuncs; i++) {
		size_t l = strlen(x->u->funcs[i]);

		/* its .cold and .part.N pieces too: a differ may fold them into it */
		if (!strncmp(name, x->u->funcs[i], l) &&
		    (!name[l] || str_starts(name + l, ".cold") || str_starts(name + l, ".part.")))
			return true;
	}
	return false;
}

/*
 * Sections copied whole whenever referenced: their pieces have no identity.
 * __dyndbg holds the pr_debug() descriptors whose static keys the carried
 * jump labels use: the patch module gets its own, as kpatch's does, so
 * that no jump label refers to a key in another module.
 * .data.once is not one: each WARN_ONCE flag is the running kernel's own
 * (once fired, it stays quiet), and only a new one is copied (ex_once).
 */
static bool copied_whole(const struct elf_edit_sec *s)
{
	return (s->sh.sh_flags & SHF_MERGE) || str_starts(s->name, ".rodata.str") ||
	       str_starts(s->name, ".rodata.cst") || !strcmp(s->name, "__dyndbg") ||
	       !strcmp(s->name, ".altinstr_replacement") || !strcmp(s->name, ".altinstr_aux");
}

size_t ex_carry(struct ex *x, size_t idx)
{
	const struct elf_edit_sec *s = &x->in.secs[idx];
	Elf64_Shdr sh = s->sh;
	struct xsym *xs;
	size_t o;

	if (x->secmap[idx])
		return x->secmap[idx];
	sh.sh_link = sh.sh_info = 0;
	o = elf_edit_add(&x->out, s->name, &sh, s->data, s->size);
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
	const struct elf_edit_sec *sec = &x->in.secs[idx];
	const char *name = elf_edit_symname(&x->in, s);

	/* the assembler's local labels (.LC0: a constant) name nothing in the kernel */
	if (str_starts(name, ".L") || copied_whole(sec))
		return true;
	if (sec->sh.sh_flags & SHF_EXECINSTR)
		return wanted(x, name) || !elf_edit_sym_by_name(&x->orig, name);
	if (ex_static_local(name)) {
		char *orig;

		if (!(sec->sh.sh_flags & SHF_WRITE))
			return true;
		orig = ex_correlate(x, name);
		free(orig);
		return !orig;
	}
	return !elf_edit_sym_by_name(&x->orig, name);
}

static size_t ex_defined_outside(struct ex *x, const Elf64_Sym *s)
{
	const char *name = elf_edit_symname(&x->in, s);
	char *orig = ex_static_local(name) ? ex_correlate(x, name) : NULL;
	size_t r = ex_outside(x, orig ? orig : name,
			      ELF64_ST_BIND(s->st_info) != STB_LOCAL, true);

	free(orig);
	return r;
}

/*
 * Where a PC-relative reference points, from its addend: the ELF layer's
 * one rule (elf_code_bias: the end of the instruction in code, the field
 * itself in data).
 */
static Elf64_Sxword pcrel_bias(struct ex *x, const Elf64_Rela *r)
{
	const struct elf_edit_sec *s = x->cur_sec ? &x->in.secs[x->cur_sec] : NULL;

	if (!s || !(s->sh.sh_flags & SHF_EXECINSTR))
		return 0;
	return elf_code_bias(s->data, s->size, r->r_offset, ELF64_R_TYPE(r->r_info));
}

/* The section of WARN_ONCE flags: .data.once, .data..once since 6.5. */
static bool is_once(const char *name)
{
	return !strcmp(name, ".data.once") || !strcmp(name, ".data..once");
}

/* A WARN_ONCE flag new with the patch: a section of its own. */
static size_t ex_once(struct ex *x, const Elf64_Sym *s)
{
	const struct elf_edit_sec *sec = &x->in.secs[s->st_shndx];
	Elf64_Shdr sh = sec->sh;
	size_t o;

	for (size_t i = 0; i < x->nonce; i++)
		if (x->once[i].sym == s)
			return x->secsym[x->once[i].out];
	sh.sh_link = sh.sh_info = 0;
	sh.sh_addralign = 1;
	o = elf_edit_add(&x->out, sec->name, &sh, sec->data ? sec->data + s->st_value : NULL,
		     s->st_size);
	ex_grow_slots(x);
	ex_add_sym(x, "", STB_LOCAL, STT_SECTION, o, 0, 0);
	x->secsym[o] = x->nsyms - 1;
	ex_add_sym(x, elf_edit_symname(&x->in, s), STB_LOCAL, STT_OBJECT, o, 0, s->st_size);
	x->once = xrealloc(x->once, (x->nonce + 1) * sizeof(*x->once));
	x->once[x->nonce].sym = s;
	x->once[x->nonce++].out = o;
	return x->secsym[o];
}

/*
 * A WARN_ONCE flag: the running kernel's own when its counterpart is
 * known there (read off the kernel's code, else by the layout of the
 * table), else a fresh copy (the warning may then print once more: said
 * in a note).
 */
static int ex_resolve_once(struct ex *x, const Elf64_Sym *s, size_t *xs, Elf64_Sxword *addend)
{
	const char *name = elf_edit_symname(&x->in, s);
	char *orig = ex_static_local(name) ? ex_correlate_quiet(x, name) : NULL;
	unsigned long pos;

	if (orig && ex_once_exact(x, orig) && ex_sympos_quiet(x, orig, &pos)) {
		build_progress("note: %s: which '%s' of the kernel is %s's cannot be told; the "
			       "patched code gets a fresh one (its warning may print once more)",
			       x->u->file, orig, x->cur_func ? x->cur_func : "the function");
		free(orig);
		orig = NULL;
	}
	if (orig) {
		*xs = ex_outside(x, orig, false, true);
		free(orig);
	} else {
		*xs = ex_once(x, s);
	}
	(void)addend;	/* relative to the flag itself in both cases */
	return 0;
}

bool ex_new_global(const struct ex *x, const char *name)
{
	for (int i = 0; i < x->job->j.nfunctions; i++)
		if (x->job->j.functions[i].added && !strcmp(x->job->j.functions[i].name, name))
			return true;
	return false;
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
		const char *name = elf_edit_symname(&x->in, s);

		*xs = ex_new_global(x, name) ? ex_undef(x, name) : ex_outside(x, name, true, false);
		return 0;
	}
	idx = s->st_shndx;
	if (idx >= x->in.nsecs)
		return ex_error(x, "'%s' is an absolute or common symbol", elf_edit_symname(&x->in, s));
	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION) {
		if (x->secmap[idx] || copied_whole(&x->in.secs[idx])) {
			*xs = carried_sym(x, idx);
			return 0;
		}
		s = elf_edit_sym_at(&x->in, idx, *addend + pcrel_bias(x, r));
		if (!s) {
			*xs = carried_sym(x, idx);
			return 0;
		}
		*addend -= s->st_value;
	}
	if (is_once(x->in.secs[idx].name) && !x->secmap[idx])
		return ex_resolve_once(x, s, xs, addend);
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

/* The function a section holds, for static-local correlation and
 * messages: its first, which starts after the section's padding on
 * 6.12 (CALL_PADDING), never the padding's own __pfx_ symbol. */
static const char *section_function(struct ex *x, size_t idx)
{
	size_t n;
	const Elf64_Sym *syms = elf_edit_syms(&x->in, &n), *f = NULL;

	for (size_t i = 0; i < n; i++)
		if (syms[i].st_shndx == idx && ELF64_ST_TYPE(syms[i].st_info) == STT_FUNC &&
		    !symname_is_padding(elf_edit_symname(&x->in, &syms[i])) &&
		    (!f || syms[i].st_value < f->st_value))
			f = &syms[i];
	return f ? elf_edit_symname(&x->in, f) : NULL;
}

/* Relocations of every carried section not yet done. */
static int ex_drain(struct ex *x)
{
	int r = 0;

	while (x->qhead < x->nqueue) {
		size_t idx = x->queue[x->qhead++], n;
		struct elf_edit_sec *rs = elf_edit_rela_for(&x->in, idx);
		Elf64_Rela *rel = rs ? elf_edit_relas(rs, &n) : NULL;

		x->cur_func = section_function(x, idx);
		x->cur_sec = idx;
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
	const struct elf_edit_sec *s = elf_edit_find(&x->in, name);
	Elf64_Shdr sh = s->sh;
	size_t o;

	sh.sh_link = sh.sh_info = 0;
	o = elf_edit_add(&x->out, name, &sh, data, size);
	ex_grow_slots(x);
	return o;
}

/*
 * A table in link order (SHF_LINK_ORDER: gcc's __patchable_function_entries)
 * names the code section the linker orders it by; gcc names that of its
 * first entry's function, and so does the carried table.
 */
static void link_order(struct ex *x, size_t o, const Elf64_Rela *rel, size_t n, size_t at)
{
	for (size_t i = 0; (x->out.secs[o].sh.sh_flags & SHF_LINK_ORDER) && i < n; i++)
		if (rel[i].r_offset == at) {
			const Elf64_Sym *s = in_sym(x, ELF64_R_SYM(rel[i].r_info));

			x->out.secs[o].sh.sh_link = s ? x->secmap[s->st_shndx] : 0;
			return;
		}
}

static int ex_special(struct ex *x, const struct special *sp)
{
	struct elf_edit_sec *s = elf_edit_find(&x->in, sp->name), *rs, *pair;
	unsigned char *data, *pdata;
	size_t n, nent, kept = 0, o, po = 0;
	Elf64_Rela *rel;
	int r = 0;

	if (!s || !(rs = elf_edit_rela_for(&x->in, s - x->in.secs)))
		return 0;
	rel = elf_edit_relas(rs, &n);
	if (s->size % sp->size)
		return ex_error(x, "%s is %zu bytes, not a whole number of %zu-byte entries",
				sp->name, s->size, sp->size);
	nent = s->size / sp->size;
	pair = sp->pair ? elf_edit_find(&x->in, sp->pair) : NULL;
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
		link_order(x, o, rel, n, x->picked[0] * sp->size);
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

/*
 * Sections that may point into a carried function without being carried:
 * code and data (an uncarried caller, a function pointer), the export
 * tables of the original symbol (6.12's modpost reads .export_symbol), objtool's annotations that the link
 * discards, syscall metadata, and the callback pointers callbacks.c reads.
 */
static const char *const not_special[] = {
	".text", ".data", ".rodata", ".bss", ".init.", ".exit.", ".ref.", ".meminit",
	".discard.", "___ksymtab", "__ksymtab", ".export_symbol", ".kpcheck.callback.",
	"__syscalls_metadata",
	"_ftrace_events", ".altinstr_replacement", ".altinstr_aux", ".orc_unwind",
	"__param", "__tracepoint", "__bpf_raw_tp_map", ".noinstr.text", ".entry.text",
	".sched.text", ".cpuidle.text", ".spinlock.text", ".irqentry.text", ".kprobes.text",
	".softirqentry.text", ".static_call.text", ".init.text", "__dyndbg",
};

static bool ignorable(const struct elf_edit_sec *s)
{
	if (s->sh.sh_flags & SHF_EXECINSTR)
		return true;
	for (size_t i = 0; i < sizeof(not_special) / sizeof(not_special[0]); i++)
		if (str_starts(s->name, not_special[i]))
			return true;
	return is_special(s->name);
}

/* An entry of any other section in carried code: refused, never dropped. */
static int ex_unknown_specials(struct ex *x)
{
	int r = 0;

	for (size_t i = 1; i < x->in.nsecs; i++) {
		const struct elf_edit_sec *rs = &x->in.secs[i], *t;
		size_t n;
		Elf64_Rela *rel;

		if (rs->sh.sh_type != SHT_RELA || rs->sh.sh_info >= x->in.nsecs)
			continue;
		t = &x->in.secs[rs->sh.sh_info];
		if (x->secmap[rs->sh.sh_info] || ignorable(t))
			continue;
		rel = elf_edit_relas(rs, &n);
		for (size_t k = 0; k < n; k++) {
			const Elf64_Sym *s = in_sym(x, ELF64_R_SYM(rel[k].r_info));
			const char *f;

			if (!s || !s->st_shndx || s->st_shndx >= x->in.nsecs ||
			    !x->secmap[s->st_shndx] ||
			    !(x->in.secs[s->st_shndx].sh.sh_flags & SHF_EXECINSTR))
				continue;
			f = section_function(x, s->st_shndx);
			r = ex_error(x, "'%s' has an entry in %s, which kpcheck build does not carry: "
				     "refused rather than dropped",
				     f ? f : x->in.secs[s->st_shndx].name, t->name);
			break;
		}
	}
	return r;
}

/* This object's entry size of kind @k, read off the table the way the
 * object tier reads it; 0 when the relocations show no period. */
static size_t special_entry_size(struct ex *x, const struct elf_special *k)
{
	char err[512];
	struct elf *e = elf_open_object(x->in.path, err, sizeof(err));
	struct section *sec = e ? elf_section_by_name(e, k->name) : NULL;
	size_t size = 0;

	if (sec && elf_read_relocs(e, sec) == 0)
		size = elf_special_entry_size(sec, k);
	if (e)
		elf_close_object(e);
	return size;
}

static int ex_special_kind(struct ex *x, const struct elf_special *k)
{
	struct elf_edit_sec *s = elf_edit_find(&x->in, k->name);
	struct elf_edit_sec *pair = k->pair ? elf_edit_find(&x->in, k->pair) : NULL;
	struct special sp = { k->name, 0, k->pair, 0 };

	if (!s || !elf_edit_rela_for(&x->in, s - x->in.secs))
		return 0;
	sp.size = special_entry_size(x, k);
	if (!sp.size)
		return ex_error(x, "cannot tell the entry size of %s from its relocations; "
				"refused rather than carried whole", k->name);
	if (pair && (pair->size % (s->size / sp.size) || !(s->size / sp.size)))
		return ex_error(x, "%s and %s differ in length", k->name, k->pair);
	sp.pair_size = pair ? pair->size / (s->size / sp.size) : 0;
	return ex_special(x, &sp);
}

static int ex_specials(struct ex *x)
{
	size_t nkinds;
	const struct elf_special *kinds = elf_specials(&nkinds);
	int r = 0;

	for (size_t i = 0; i < nkinds; i++)
		if (ex_special_kind(x, &kinds[i]))
			r = -1;
	if (ex_drain(x))
		r = -1;
	return r || ex_unknown_specials(x) ? -1 : 0;
}

/* Does function @s begin with the call to __fentry__ that ftrace redirects? */
static bool has_fentry(struct ex *x, const Elf64_Sym *s)
{
	struct elf_edit_sec *rs = elf_edit_rela_for(&x->in, s->st_shndx);
	size_t n;
	Elf64_Rela *rel = rs ? elf_edit_relas(rs, &n) : NULL;

	for (size_t i = 0; rel && i < n; i++) {
		const Elf64_Sym *t = in_sym(x, ELF64_R_SYM(rel[i].r_info));

		if (rel[i].r_offset >= s->st_value && t &&
		    elf_fentry_call(elf_edit_symname(&x->in, t), rel[i].r_offset - s->st_value))
			return true;
	}
	return false;
}

static bool is_func(struct ex *x, const char *name)
{
	for (int i = 0; i < x->u->nfuncs; i++)
		if (!strcmp(x->u->funcs[i], name))
			return true;
	return false;
}

/* Every function of the patched object that calls or refers to @f. */
static void add_callers(struct ex *x, const Elf64_Sym *f)
{
	for (size_t i = 1; i < x->in.nsecs; i++) {
		const struct elf_edit_sec *rs = &x->in.secs[i];
		size_t n, target = rs->sh.sh_info;
		const Elf64_Rela *rel;
		const Elf64_Sym *c;

		if (rs->sh.sh_type != SHT_RELA || target >= x->in.nsecs ||
		    !(x->in.secs[target].sh.sh_flags & SHF_EXECINSTR) || target == f->st_shndx)
			continue;
		rel = elf_edit_relas(rs, &n);
		for (size_t k = 0; k < n; k++) {
			const Elf64_Sym *t = in_sym(x, ELF64_R_SYM(rel[k].r_info));

			if (!t || (t != f && !(ELF64_ST_TYPE(t->st_info) == STT_SECTION &&
					       t->st_shndx == f->st_shndx)))
				continue;
			c = elf_edit_sym_at(&x->in, target, rel[k].r_offset);
			if (c && ELF64_ST_TYPE(c->st_info) == STT_FUNC &&
			    !is_func(x, elf_edit_symname(&x->in, c))) {
				x->u->added = xrealloc(x->u->added,
						       (x->u->nfuncs + 1) * sizeof(*x->u->added));
				x->u->added[x->u->nfuncs] = false;
				*VEC_PUSH(x->u->funcs, x->u->nfuncs) = xstrdup(elf_edit_symname(&x->in, c));
			}
			break;
		}
	}
}

/*
 * A changed function without __fentry__ (notrace: static inline, or a
 * syscall's __do_sys_NAME that gcc did not inline) cannot be redirected:
 * it is carried as new code, and its callers, which now call that copy,
 * replace the running ones (for a syscall, the __x64_sys_NAME and
 * __ia32_sys_NAME wrappers the kernel calls), up to functions ftrace can
 * redirect.
 */
static void ex_notrace_callers(struct ex *x)
{
	for (int i = 0; i < x->u->nfuncs; i++) {
		const Elf64_Sym *s = elf_edit_sym_by_name(&x->in, x->u->funcs[i]);
		int before = x->u->nfuncs;

		if (x->u->added[i] || !s || ELF64_ST_TYPE(s->st_info) != STT_FUNC ||
		    has_fentry(x, s))
			continue;
		x->u->added[i] = true;
		add_callers(x, s);
		for (int k = before; k < x->u->nfuncs; k++)
			build_progress("note: %s: '%s' has no __fentry__ call, so its caller '%s' "
				       "is carried to call the new code", x->u->file, x->u->funcs[i],
				       x->u->funcs[k]);
		if (before == x->u->nfuncs)
			build_progress("note: %s: '%s' has no __fentry__ call and no caller in the "
				       "file: carried, but nothing runs it", x->u->file, x->u->funcs[i]);
	}
}

/* The functions to carry, which must be in the patched object. */
static int ex_roots(struct ex *x)
{
	int r = 0;

	for (int i = 0; i < x->u->nfuncs; i++) {
		const Elf64_Sym *s = elf_edit_sym_by_name(&x->in, x->u->funcs[i]);

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
	ex_notrace_callers(&x);
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
