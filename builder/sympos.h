/*
 * old_sympos: which of several same-named local symbols of an object
 * (vmlinux or a module) a patch means, counted as livepatch counts it,
 * 1-based in the order kallsyms lists the object's symbols; 0 when the
 * name is unique.
 *
 * The table of vmlinux is the target's kallsyms (analyzer/kimage/: read
 * from its image, a vmlinux, --symbols FILE, or /proc/kallsyms when the
 * target runs here).  A module's comes from its installed .ko, whose
 * symbol table is the order module kallsyms keep.
 *
 * Neither table says which file a local symbol came from, so the one
 * meant is found from the other symbols of the same object file: the
 * candidate whose neighbours sit where the object's own do (a section
 * laid out whole), else the one nearest to the file's symbols that are
 * unique in the table (functions of one object are laid out together,
 * and so are its data): the anchors.  No anchor within reach, or a tie,
 * cannot be told.
 */
#ifndef KPCHECK_BUILDER_SYMPOS_H
#define KPCHECK_BUILDER_SYMPOS_H

#include <stdbool.h>
#include <stddef.h>
#include "analyzer/object/elf.h"
#include "analyzer/kimage/kimage.h"

struct ksym {
	char *name;
	unsigned long addr;
	int sec;		/* same value: addresses comparable (section, or kind) */
};

struct ksymtab {
	struct ksym *syms;	/* in kallsyms order */
	size_t n;
	char *source;		/* for messages */
};

/* vmlinux's table (text, data, bss and read-only symbols), in kallsyms order. */
void ksymtab_from_kallsyms(struct ksymtab *t, const struct kallsyms *ks);
/* A module's table from its .ko (already read). */
void ksymtab_from_elf(struct ksymtab *t, const struct elf_edit *k);
void ksymtab_free(struct ksymtab *t);

/*
 * The position of @name in @t, @orig being the object file that defines
 * it (its other symbols are the anchors); 0 if unique.  -1 when it
 * cannot be told, with a message naming @file unless @file is NULL.
 */
int ksymtab_sympos(const struct ksymtab *t, const struct elf_edit *orig, const char *name,
		   const char *file, unsigned long *pos);

/* The entry of @name at position @pos (0: the only one), or NULL. */
const struct ksym *ksymtab_nth(const struct ksymtab *t, const char *name, unsigned long pos);
/*
 * The position of the entry named @name at @addr (in section @sec, any
 * when @sec < 0), 0 when the name is unique; -1 when there is no such
 * entry.  For a symbol whose address is known exactly.
 */
int ksymtab_pos_at(const struct ksymtab *t, const char *name, int sec, unsigned long addr,
		   unsigned long *pos);

#endif
