/*
 * Internals of the carrying step, between extract.c (what to carry) and
 * extract-out.c (naming, correlation, writing the carried object).
 */
#ifndef KPCHECK_BUILDER_EXTRACT_H
#define KPCHECK_BUILDER_EXTRACT_H

#include "builder/build.h"
#include "analyzer/object/elf.h"

/* A symbol of the carried object, indexed before the final order. */
struct xsym {
	char *name;
	unsigned char bind, type;
	size_t shndx;		/* carried-object section, or SHN_UNDEF */
	Elf64_Addr value;
	Elf64_Xword size;
	size_t final;		/* index in the written symbol table */
};

struct xrela {
	Elf64_Addr offset;
	unsigned int type;
	size_t sym;		/* xsym index */
	Elf64_Sxword addend;
};

struct ex {
	struct build_job *job;
	struct build_unit *u;
	int index;		/* of the unit, for unique alias names */
	bool module;		/* the unit belongs to a module, not vmlinux */
	struct elf_edit in, orig, out;
	size_t *secmap;		/* patched-object section -> carried one, 0 none */
	size_t *queue;		/* carried sections whose relocations are pending */
	size_t nqueue, qhead;
	size_t *secsym;		/* carried section -> its STT_SECTION xsym */
	struct xrela **relas;	/* per carried section */
	size_t *nrelas;
	size_t nslots;		/* entries of secsym, relas, nrelas */
	struct xsym *syms;
	size_t nsyms;
	size_t *picked;		/* scratch: special-section entries kept */
	size_t npicked;
	struct symset modsyms;	/* symbols the target module defines */
	struct ksymtab modtab;	/* ... in its kallsyms order, for old_sympos */
	struct elf_edit ko;	/* ... the installed .ko itself, if has_ko */
	bool has_ko;
	struct { char *name; bool known; unsigned long pos; } *exact;	/* ex_once_exact's */
	size_t nexact;
	const char *cur_func;	/* whose relocations are being carried */
	size_t cur_sec;		/* the section they belong to, 0 none */
	struct { const Elf64_Sym *sym; size_t out; } *once;	/* new WARN_ONCE flags */
	size_t nonce;
	const char *callback[CALLBACK_KINDS];	/* callback functions, by kind */
	int errors;
};

int ex_open(struct ex *x, struct build_job *job, struct build_unit *u, int index);
void ex_close(struct ex *x);
/* Symbols, relocation sections and aliases; the object written to u->carried_o. */
int ex_finish(struct ex *x);
void ex_add_sym(struct ex *x, const char *name, unsigned char bind, unsigned char type,
		size_t shndx, Elf64_Addr value, Elf64_Xword size);
int ex_error(struct ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The symbol relocation @r of @k's section @code really points into, by
 * the ELF layer's rule for PC-relative fields (elf_code_bias), and the
 * offset into it in @off; NULL when there is none.
 */
const Elf64_Sym *ex_reloc_target(const struct elf_edit *k, size_t code, const Elf64_Rela *r,
				 Elf64_Sxword *off);
/* "name.N": a static local (or another compiler-numbered datum). */
bool ex_static_local(const char *name);
/* The original object's name for static local @name, malloc()ed, or NULL. */
char *ex_correlate(struct ex *x, const char *name);
/* The same, NULL without an error when there is no unique counterpart. */
char *ex_correlate_quiet(struct ex *x, const char *name);

/* ".klp.sym.OBJ.NAME,POS" for a symbol of @obj; @local ones get their position. */
char *ex_klp_name(struct ex *x, const char *obj, const char *name, bool local);
/* old_sympos of local @name of the unit's object (vmlinux or module); 0 unique. */
unsigned long ex_sympos(struct ex *x, const char *name);
/* The same without a message: -1 when the table cannot tell. */
int ex_sympos_quiet(struct ex *x, const char *name, unsigned long *pos);

/*
 * The position of WARN_ONCE flag @name (of the original object) in the
 * target's symbol table, read off the running kernel's code (onceflag.c);
 * 0 and remembered for ex_sympos() when found, else -1.
 */
int ex_once_exact(struct ex *x, const char *name);

/* secsym, relas and nrelas for every section of x->out. */
void ex_grow_slots(struct ex *x);
size_t ex_carry(struct ex *x, size_t idx);
/* A global function the patch adds: the file that defines it carries it
 * under its name, and the other files' calls reach it at the module's
 * link. */
bool ex_new_global(const struct ex *x, const char *name);
int ex_add_rela(struct ex *x, size_t out, const Elf64_Rela *r, Elf64_Addr offset);

/* The callbacks the patched object declares, carried (callbacks.c). */
int ex_callbacks(struct ex *x);
/* Their global aliases, named in u->callbacks. */
void ex_callback_aliases(struct ex *x);

#endif
