/*
 * The carried object: opening the two compiled objects, correlating
 * static locals, and writing the result (symbols ordered locals first,
 * one .rela section per carried section, and a global alias per
 * replacement function for the module's C file to name).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "lib/symname.h"
#include "lib/util.h"
#include "builder/extract.h"

int ex_error(struct ex *x, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kpcheck: %s: error: ", x->u->file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	x->errors++;
	return -1;
}

/* GCC's "var.N" static local, by the one symbol-name parser. */
bool ex_static_local(const char *name)
{
	bool static_local = false;

	free(symname_canon(name, &static_local));
	return static_local;
}

const Elf64_Sym *ex_reloc_target(const struct elf_edit *k, size_t code, const Elf64_Rela *r,
				 Elf64_Sxword *off)
{
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(k, &n), *s;
	const struct elf_edit_sec *c = &k->secs[code];

	if (ELF64_R_SYM(r->r_info) >= n)
		return NULL;
	s = &syms[ELF64_R_SYM(r->r_info)];
	*off = r->r_addend + elf_code_bias(c->data, c->size, r->r_offset, ELF64_R_TYPE(r->r_info));
	if (ELF64_ST_TYPE(s->st_info) != STT_SECTION)
		return s;
	if (s->st_shndx == SHN_UNDEF || s->st_shndx >= k->nsecs)
		return NULL;
	s = (Elf64_Sym *)elf_edit_sym_at(k, s->st_shndx, *off);
	if (s)
		*off -= s->st_value;
	return s;
}

/* The name a relocation of @k's code section @code refers to. */
static const char *target_name(const struct elf_edit *k, size_t code, const Elf64_Rela *r)
{
	Elf64_Sxword off;
	const Elf64_Sym *t = ex_reloc_target(k, code, r, &off);

	return t ? elf_edit_symname(k, t) : NULL;
}

/* Among @cands, the one the original @func refers to. */
static char *by_user(struct ex *x, const char *func, char **cands, int n)
{
	const Elf64_Sym *f = func ? elf_edit_sym_by_name(&x->orig, func) : NULL;
	struct elf_edit_sec *rs = f ? elf_edit_rela_for(&x->orig, f->st_shndx) : NULL;
	size_t nr;
	Elf64_Rela *rel = rs ? elf_edit_relas(rs, &nr) : NULL;

	for (size_t i = 0; rel && i < nr; i++) {
		const char *t = target_name(&x->orig, f->st_shndx, &rel[i]);

		for (int c = 0; t && c < n; c++)
			if (!strcmp(t, cands[c]))
				return xstrdup(t);
	}
	return NULL;
}

static char *correlate(struct ex *x, const char *name, bool quiet);

char *ex_correlate(struct ex *x, const char *name)
{
	return correlate(x, name, false);
}

char *ex_correlate_quiet(struct ex *x, const char *name)
{
	return correlate(x, name, true);
}

static char *correlate(struct ex *x, const char *name, bool quiet)
{
	size_t base = strrchr(name, '.') - name, ns;
	Elf64_Sym *syms = elf_edit_syms(&x->orig, &ns);
	char **cands = NULL, *r = NULL;
	int n = 0;

	for (size_t i = 1; i < ns; i++) {
		const char *o = elf_edit_symname(&x->orig, &syms[i]);

		if (syms[i].st_shndx != SHN_UNDEF && ELF64_ST_TYPE(syms[i].st_info) == STT_OBJECT &&
		    !strncmp(o, name, base + 1) && ex_static_local(o) &&
		    strlen(strrchr(o, '.')) && (size_t)(strrchr(o, '.') - o) == base)
			*VEC_PUSH(cands, n) = (char *)o;
	}
	if (n == 1)
		r = xstrdup(cands[0]);
	else if (n > 1 && !(r = by_user(x, x->cur_func, cands, n)) && !quiet)
		ex_error(x, "static local '%s' of '%s': no unique counterpart in the original object",
			 name, x->cur_func ? x->cur_func : "?");
	free(cands);
	return r;
}

/* An exact answer of ex_once_exact(), if there is one for @name. */
static bool known_pos(const struct ex *x, const char *name, unsigned long *pos)
{
	for (size_t i = 0; i < x->nexact; i++)
		if (!strcmp(x->exact[i].name, name) && x->exact[i].known) {
			*pos = x->exact[i].pos;
			return true;
		}
	return false;
}

int ex_sympos_quiet(struct ex *x, const char *name, unsigned long *pos)
{
	const struct ksymtab *t = x->module ? &x->modtab : kimage_symbols(x->job);

	*pos = 0;
	if (known_pos(x, name, pos))
		return 0;
	return t && t->n ? ksymtab_sympos(t, &x->orig, name, NULL, pos) : 0;
}

unsigned long ex_sympos(struct ex *x, const char *name)
{
	const struct ksymtab *t = x->module ? &x->modtab : kimage_symbols(x->job);
	unsigned long pos = 0;

	if (known_pos(x, name, &pos))
		return pos;
	/* without the table, a local name may well occur twice: livepatch
	 * would then refuse the module as it loads */
	if (!x->module && (!t || !t->n)) {
		fprintf(stderr, "kpcheck: %s: error: the position of local symbol '%s' in vmlinux "
			"cannot be told without kernel %s's symbol table: %s\n", x->u->file, name,
			x->job->kver, kimage_symbols_error(x->job));
		x->errors++;
		return 0;
	}
	if (!t || !t->n)
		return 0;
	if (ksymtab_sympos(t, &x->orig, name, x->u->file, &pos))
		x->errors++;
	return pos;
}

char *ex_klp_name(struct ex *x, const char *obj, const char *name, bool local)
{
	unsigned long pos = local && !strcmp(obj, x->u->object) ? ex_sympos(x, name) : 0;

	return xasprintf(".klp.sym.%s.%s,%lu", obj, name, pos);
}

/* The installed module (modules.dep finds it): the names it defines, and
 * the .ko itself, whose code and relocations tell its WARN_ONCE flags. */
static void load_module_symbols(struct ex *x)
{
	char *dep = xasprintf("/lib/modules/%s/modules.dep", x->job->kver), *line = NULL;
	char *want = xasprintf("/%s.ko", x->u->object), err[512];
	FILE *f = fopen(dep, "r");
	size_t cap = 0;

	while (f && getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':'), *p;

		if (!colon)
			continue;
		*colon = 0;
		for (p = strrchr(line, '/'); p && *p; p++)
			if (*p == '-')
				*p = '_';
		if (!str_ends(line, want))
			continue;
		char *path = xasprintf("/lib/modules/%s/%s", x->job->kver, line);

		if (elf_edit_read(&x->ko, path, err, sizeof(err)) == 0) {
			size_t n;
			Elf64_Sym *syms = elf_edit_syms(&x->ko, &n);

			x->has_ko = true;
			ksymtab_from_elf(&x->modtab, &x->ko);
			for (size_t i = 1; i < n; i++)
				if (syms[i].st_shndx != SHN_UNDEF && syms[i].st_name)
					symset_add(&x->modsyms, elf_edit_symname(&x->ko, &syms[i]));
		}
		free(path);
		break;
	}
	if (f)
		fclose(f);
	free(line);
	free(dep);
	free(want);
}

int ex_open(struct ex *x, struct build_job *job, struct build_unit *u, int index)
{
	char err[512];

	memset(x, 0, sizeof(*x));
	x->job = job;
	x->u = u;
	x->index = index;
	x->module = u->object && strcmp(u->object, "vmlinux");
	if (elf_edit_read(&x->in, u->patched_o, err, sizeof(err)) ||
	    elf_edit_read(&x->orig, u->orig_o, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		elf_edit_free(&x->in);
		return -1;
	}
	u->carried_o = xasprintf("%s/mod/carried_%d.o", job->tmp, index);
	elf_edit_new(&x->out, &x->in, u->carried_o);
	x->secmap = xcalloc(x->in.nsecs, sizeof(*x->secmap));
	ex_grow_slots(x);
	if (x->module)
		load_module_symbols(x);
	return 0;
}

void ex_grow_slots(struct ex *x)
{
	size_t n = x->out.nsecs;

	x->secsym = xrealloc(x->secsym, n * sizeof(*x->secsym));
	x->relas = xrealloc(x->relas, n * sizeof(*x->relas));
	x->nrelas = xrealloc(x->nrelas, n * sizeof(*x->nrelas));
	for (size_t i = x->nslots; i < n; i++) {
		x->secsym[i] = (size_t)-1;
		x->relas[i] = NULL;
		x->nrelas[i] = 0;
	}
	x->nslots = n;
}

void ex_close(struct ex *x)
{
	for (size_t i = 0; i < x->nslots; i++)
		free(x->relas[i]);
	for (size_t i = 0; i < x->nsyms; i++)
		free(x->syms[i].name);
	elf_edit_free(&x->in);
	elf_edit_free(&x->orig);
	elf_edit_free(&x->out);
	free(x->secmap);
	free(x->queue);
	free(x->secsym);
	free(x->relas);
	free(x->nrelas);
	free(x->syms);
	free(x->picked);
	free(x->once);
	symset_free(&x->modsyms);
	ksymtab_free(&x->modtab);
	if (x->has_ko)
		elf_edit_free(&x->ko);
	for (size_t i = 0; i < x->nexact; i++)
		free(x->exact[i].name);
	free(x->exact);
}

void ex_add_sym(struct ex *x, const char *name, unsigned char bind, unsigned char type,
		size_t shndx, Elf64_Addr value, Elf64_Xword size)
{
	struct xsym *s = VEC_PUSH(x->syms, x->nsyms);

	s->name = xstrdup(name);
	s->bind = bind;
	s->type = type;
	s->shndx = shndx;
	s->value = value;
	s->size = size;
}

/* The named symbols of carried sections (kallsyms shows them), and the aliases. */
static void add_defined(struct ex *x)
{
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(&x->in, &n);

	for (size_t i = 1; i < n; i++) {
		unsigned char t = ELF64_ST_TYPE(syms[i].st_info);

		if (!syms[i].st_shndx || syms[i].st_shndx >= x->in.nsecs ||
		    !x->secmap[syms[i].st_shndx] || !syms[i].st_name ||
		    (t != STT_FUNC && t != STT_OBJECT))
			continue;
		ex_add_sym(x, elf_edit_symname(&x->in, &syms[i]),
			   t == STT_FUNC && ELF64_ST_BIND(syms[i].st_info) == STB_GLOBAL &&
			   ex_new_global(x, elf_edit_symname(&x->in, &syms[i])) ?
			   STB_GLOBAL : STB_LOCAL, t,
			   x->secmap[syms[i].st_shndx], syms[i].st_value, syms[i].st_size);
		if (t == STT_FUNC)
			*VEC_PUSH(x->u->carried, x->u->ncarried) =
				xstrdup(elf_edit_symname(&x->in, &syms[i]));
	}
	for (int f = 0; f < x->u->nfuncs; f++) {
		const Elf64_Sym *s = elf_edit_sym_by_name(&x->in, x->u->funcs[f]);
		struct build_func *bf;

		if (x->u->added[f])
			continue;
		bf = VEC_PUSH(x->u->out, x->u->nout);

		bf->old_name = xstrdup(x->u->funcs[f]);
		if (ELF64_ST_BIND(s->st_info) == STB_LOCAL)
			bf->sympos = ex_sympos(x, bf->old_name);
		bf->alias = xasprintf("__kpcheck_new_%d_%d", x->index, f);
		ex_add_sym(x, bf->alias, STB_GLOBAL, STT_FUNC, x->secmap[s->st_shndx],
			   s->st_value, s->st_size);
	}
	ex_callback_aliases(x);
}

/* Locals first, as ELF wants; returns the index of the first global. */
static size_t order_syms(struct ex *x)
{
	size_t next = 1, first_global;

	for (size_t i = 0; i < x->nsyms; i++)
		if (x->syms[i].bind == STB_LOCAL)
			x->syms[i].final = next++;
	first_global = next;
	for (size_t i = 0; i < x->nsyms; i++)
		if (x->syms[i].bind != STB_LOCAL)
			x->syms[i].final = next++;
	return first_global;
}

static size_t write_symtab(struct ex *x)
{
	size_t first_global = order_syms(x), strsize = 1, st;
	Elf64_Sym *tab = xcalloc(x->nsyms + 1, sizeof(*tab));
	char *str;
	Elf64_Shdr ssh = { .sh_type = SHT_STRTAB, .sh_addralign = 1 };
	Elf64_Shdr sh = { .sh_type = SHT_SYMTAB, .sh_addralign = 8,
			  .sh_entsize = sizeof(Elf64_Sym), .sh_info = first_global };

	for (size_t i = 0; i < x->nsyms; i++)
		strsize += strlen(x->syms[i].name) + 1;
	str = xcalloc(1, strsize);
	strsize = 1;
	for (size_t i = 0; i < x->nsyms; i++) {
		Elf64_Sym *s = &tab[x->syms[i].final];
		size_t l = strlen(x->syms[i].name);

		s->st_name = l ? strsize : 0;
		memcpy(str + strsize, x->syms[i].name, l + 1);
		strsize += l ? l + 1 : 0;
		s->st_info = ELF64_ST_INFO(x->syms[i].bind, x->syms[i].type);
		s->st_shndx = x->syms[i].shndx;
		s->st_value = x->syms[i].value;
		s->st_size = x->syms[i].size;
	}
	sh.sh_link = x->out.nsecs + 1;
	st = elf_edit_add(&x->out, ".symtab", &sh, tab, (x->nsyms + 1) * sizeof(*tab));
	elf_edit_add(&x->out, ".strtab", &ssh, str, strsize);
	free(tab);
	free(str);
	return st;
}

static void write_relas(struct ex *x, size_t symtab, size_t nsecs)
{
	for (size_t o = 1; o < nsecs; o++) {
		Elf64_Shdr sh = { .sh_type = SHT_RELA, .sh_flags = SHF_INFO_LINK,
				  .sh_addralign = 8, .sh_entsize = sizeof(Elf64_Rela),
				  .sh_link = symtab, .sh_info = o };
		Elf64_Rela *r;
		char *name;

		if (!x->nrelas[o])
			continue;
		r = xcalloc(x->nrelas[o], sizeof(*r));
		for (size_t i = 0; i < x->nrelas[o]; i++) {
			const struct xrela *xr = &x->relas[o][i];

			r[i].r_offset = xr->offset;
			r[i].r_info = ELF64_R_INFO(x->syms[xr->sym].final, xr->type);
			r[i].r_addend = xr->addend;
		}
		name = xasprintf(".rela%s", x->out.secs[o].name);
		elf_edit_add(&x->out, name, &sh, r, x->nrelas[o] * sizeof(*r));
		free(name);
		free(r);
	}
}

int ex_finish(struct ex *x)
{
	size_t nsecs = x->out.nsecs, symtab;

	add_defined(x);
	symtab = write_symtab(x);
	write_relas(x, symtab, nsecs);
	if (elf_edit_write_file(&x->out, x->u->carried_o)) {
		fprintf(stderr, "kpcheck: %s: cannot write\n", x->u->carried_o);
		return -1;
	}
	return 0;
}
