/*
 * Livepatch relocations, written after the link (kbuild's ld -r would
 * merge them back into ordinary ones): every relocation of the linked
 * module against a ".klp.sym.OBJ.NAME,POS" symbol moves from .rela.SEC
 * into .klp.rela.OBJ.SEC (SHF_RELA_LIVEPATCH; SHF_ALLOC so that livepatch
 * still finds it once the module is loaded), and those symbols get
 * SHN_LIVEPATCH.  The kernel then resolves them through kallsyms of OBJ:
 * vmlinux ones while the module loads, a module's ones when it loads
 * (Documentation/livepatch/module-elf-format.rst).
 *
 * A kpcore-target module carries them too: module.c marks it
 * "livepatch: Y", so that the module loader applies the vmlinux ones (it
 * does so for any livepatch module, before its init runs, without
 * klp_enable_patch()) and keeps the ELF data with which kpcore applies a
 * module's ones when that module is loaded (kmod/kpcore_klp.c).
 *
 * Debug info is stripped first (objcopy), it is not needed to run and
 * makes the module ten times larger.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"
#include "analyzer/object/elf.h"
#include "lib/atomic.h"

#define KLP_SYM ".klp.sym."

static bool klp_name(const struct elf_edit *k, const Elf64_Sym *s)
{
	return s->st_name && str_starts(elf_edit_symname(k, s), KLP_SYM);
}

/* OBJ of ".klp.sym.OBJ.NAME,POS". */
static char *klp_object(const char *name)
{
	const char *o = name + strlen(KLP_SYM);

	return xstrndup(o, strcspn(o, "."));
}

static int mark_symbols(struct elf_edit *k)
{
	size_t n;
	Elf64_Sym *syms = elf_edit_syms(k, &n);
	for (size_t i = 1; i < n; i++) {
		if (!klp_name(k, &syms[i]))
			continue;
		if (syms[i].st_shndx != SHN_UNDEF) {
			fprintf(stderr, "kpcheck: %s: '%s' is defined\n", k->path,
				elf_edit_symname(k, &syms[i]));
			return -1;
		}
		syms[i].st_shndx = KP_SHN_LIVEPATCH;
	}
	return 0;
}

/* Move the relocations of @rs against livepatch symbols of @obj into a new section. */
static void split_one(struct elf_edit *k, size_t rs, const char *obj)
{
	struct elf_edit_sec *r = &k->secs[rs];
	size_t n, kept = 0, moved = 0;
	Elf64_Rela *rel = elf_edit_relas(r, &n), *out = xcalloc(n, sizeof(*out));
	Elf64_Sym *syms = elf_edit_syms(k, &(size_t){ 0 });
	Elf64_Shdr sh = { .sh_type = SHT_RELA, .sh_addralign = 8,
			  .sh_flags = SHF_ALLOC | SHF_INFO_LINK | KP_SHF_RELA_LIVEPATCH,
			  .sh_entsize = sizeof(Elf64_Rela), .sh_link = k->symtab,
			  .sh_info = r->sh.sh_info };
	char *name;

	for (size_t i = 0; i < n; i++) {
		const Elf64_Sym *s = &syms[ELF64_R_SYM(rel[i].r_info)];
		char *o = klp_name(k, s) ? klp_object(elf_edit_symname(k, s)) : NULL;

		if (o && !strcmp(o, obj))
			out[moved++] = rel[i];
		else
			rel[kept++] = rel[i];
		free(o);
	}
	r->size = kept * sizeof(Elf64_Rela);
	r->sh.sh_size = r->size;
	name = xasprintf(".klp.rela.%s.%s", obj, k->secs[r->sh.sh_info].name);
	elf_edit_add(k, name, &sh, out, moved * sizeof(*out));
	free(name);
	free(out);
}

/* The objects whose livepatch symbols section @rs refers to. */
static char **objects_in(struct elf_edit *k, size_t rs, int *nobj)
{
	size_t n, ns;
	Elf64_Rela *rel = elf_edit_relas(&k->secs[rs], &n);
	Elf64_Sym *syms = elf_edit_syms(k, &ns);
	char **objs = NULL;

	*nobj = 0;
	for (size_t i = 0; i < n; i++) {
		const Elf64_Sym *s = &syms[ELF64_R_SYM(rel[i].r_info)];
		char *o;
		int j;

		if (ELF64_R_SYM(rel[i].r_info) >= ns || !klp_name(k, s))
			continue;
		o = klp_object(elf_edit_symname(k, s));
		for (j = 0; j < *nobj && strcmp(objs[j], o); j++)
			;
		if (j < *nobj)
			free(o);
		else
			*VEC_PUSH(objs, *nobj) = o;
	}
	return objs;
}

static void split_relocations(struct elf_edit *k)
{
	size_t nsecs = k->nsecs;

	for (size_t i = 1; i < nsecs; i++) {
		int nobj;
		char **objs;

		if (k->secs[i].sh.sh_type != SHT_RELA ||
		    (k->secs[i].sh.sh_flags & KP_SHF_RELA_LIVEPATCH))
			continue;
		objs = objects_in(k, i, &nobj);
		for (int o = 0; o < nobj; o++) {
			split_one(k, i, objs[o]);
			free(objs[o]);
		}
		free(objs);
	}
}

static int strip_debug(const struct build_job *job, const char *ko, char **out)
{
	char *log = xasprintf("%s/objcopy.log", job->tmp);
	char *argv[] = { "objcopy", "--strip-debug", (char *)ko, NULL, NULL };
	int r;

	*out = xasprintf("%s.stripped", ko);
	argv[3] = *out;
	r = build_run(argv, NULL, log);
	if (r) {
		fprintf(stderr, "kpcheck: objcopy --strip-debug %s failed:\n", ko);
		build_show_log(log);
	}
	free(log);
	return r;
}

int klp_convert(struct build_job *job, const char *ko, const char *output)
{
	struct atomic_file af;
	struct elf_edit k;
	char err[512], *stripped;
	int r = -1;

	build_progress("writing livepatch relocations");
	if (strip_debug(job, ko, &stripped))
		goto out;
	if (elf_edit_read(&k, stripped, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s\n", err);
		goto out;
	}
	if (mark_symbols(&k) == 0) {
		split_relocations(&k);
		if (atomic_open(&af, output) == 0) {
			if (elf_edit_write(&k, af.fp))
				atomic_abort(&af);
			else
				r = atomic_commit(&af);
		}
	}
	elf_edit_free(&k);
out:
	free(stripped);
	return r;
}
