/*
 * The object differ: two builds of one kernel object (before and after a
 * patch) compared function by function and datum by datum, the way
 * kpatch's create-diff-object and upstream's `objtool klp diff` see a
 * change: after inlining, cloning and section placement.
 *
 * The result lists what a livepatch must carry (changed and new
 * functions, .cold parts included) and, per symbol, the facts rules/
 * judge (changed data, section kinds, __fentry__ calls, static-local
 * correlation, special-section entries); objmodel.c writes them into the
 * change model.  The differ itself judges nothing.
 */
#ifndef KPCHECK_ANALYZER_OBJECT_OBJDIFF_H
#define KPCHECK_ANALYZER_OBJECT_OBJDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "analyzer/object/elf.h"

enum od_status {
	OD_SAME,
	OD_LINE_ONLY,		/* only __LINE__ constants moved */
	OD_CHANGED,
	OD_NEW,
	OD_DELETED,
};

/* The differ's view of one function or data symbol (symbol->priv). */
struct od_sym {
	struct symbol *sym;
	struct od_obj *obj;
	char *canon;		/* name without clone numbers / counters */
	bool static_local;	/* "name.N" data: correlated via its users */
	/* a macro's static local (__key, _entry, __func__, ...: see
	 * lib/symname.h): never paired, so always new; references to it
	 * compare by name.  No finding may rest on it. */
	bool special_static;
	struct od_sym *twin;	/* the same entity in the other object */
	struct od_sym *parent;	/* for foo.cold / foo.part.N: foo */
	/* a .cold part of parent: no entry point of its own (so no __fentry__),
	 * replaced together with its parent; kpatch folds it the same way */
	bool cold;
	/* listed by KPATCH_IGNORE_FUNCTION (.kpatch.ignore.functions): the
	 * patch author says it is not to be replaced */
	bool ignored;
	struct od_sym *user;	/* first function referencing a static local */
	enum od_status status;
	unsigned long diff_at;	/* first differing offset (post) */
	struct od_entry *entries;	/* special-section entries in it */
	int nentries;
	bool fentry;
	/* a function without __fentry__ that only functions of this object
	 * with one call (never data, which could hold its address): the
	 * livepatch can carry it as new code under its traced callers */
	struct od_sym *traced_caller;	/* the first of them, or NULL */
	bool untraced_use;	/* a use that is no traced caller's */
};

/* One entry of a special section that points into a function. */
struct od_entry {
	const struct elf_special *kind;
	struct section *sec;
	unsigned long offset;	/* of the entry in sec */
	unsigned long size;	/* of the entry, as this kernel lays it out */
	unsigned long at;	/* offset in the function it points into */
	/* __jump_table and .static_call_sites: the key the entry names */
	const struct symbol *key;
	bool key_local;		/* the key is defined in this object */
	/* a tracepoint or dynamic-debug key (__tracepoint_*, __SCK__tp_func_*,
	 * __dyndbg): a site left unpatched is an inert trace or pr_debug, so
	 * such a key never stops a livepatch (kpatch issue 1315) */
	bool key_inert;
};

/*
 * Code without symbols (.altinstr_replacement, .fixup): each piece starts
 * where something points into it, and ends where the next piece starts.
 * A reference into it compares by the piece's code, not its offset.
 */
struct od_pieces {
	unsigned long *starts;	/* sorted, unique */
	size_t n;
};

struct od_obj {
	struct elf *e;
	struct od_sym *syms;	/* functions and data objects */
	size_t nsyms;
	struct od_pieces *pieces;	/* per section index, for symbol-less code */
	struct dwarf_info *dw;	/* loaded on first need, NULL if none */
	bool dw_tried;
};

/* A function the livepatch carries, or one that only moved lines. */
struct od_func {
	const char *name;		/* post-image symbol name */
	enum od_status status;
	const struct od_sym *s;
};

/* An export whose CONFIG_MODVERSIONS CRC differs: a proven modversions
 * problem (modules built against the running kernel no longer match). */
struct od_crc {
	char *name;
	unsigned long old_crc, new_crc;
};

struct od_result {
	const char *object;		/* name for messages: the patched path */
	struct od_obj pre, post;
	struct od_func *funcs;		/* changed and new, in section order */
	int nfuncs;
	struct od_func *line_only;
	int nline_only;
	struct od_crc *crcs;		/* exports whose CRC changed (objsymver.c) */
	int ncrcs;
};

/* Diff @orig against @patched; -1 with @err set on bad input. */
int objdiff_run(struct od_result *r, const char *orig, const char *patched,
		char *err, size_t errlen);
void objdiff_free(struct od_result *r);


/* internal, between the obj*.c files */
char *od_canon_name(const char *name, bool *static_local);
int od_prepare(struct od_obj *o, char *err, size_t errlen);
void od_correlate(struct od_result *r);
int od_map_specials(struct od_obj *o);
/* Who uses each function without __fentry__ (od_sym.traced_caller). */
void od_find_callers(struct od_obj *o);
int od_compare(struct od_result *r);
enum od_status od_compare_func(struct od_result *r, struct od_sym *a, struct od_sym *b);
bool od_data_equal(struct od_result *r, struct od_sym *a, struct od_sym *b);
/* The CRCs kbuild recorded beside each object (.name.o.cmd), compared. */
void od_compare_symvers(struct od_result *r, const char *orig, const char *patched);
bool od_is_func(const struct od_sym *s);
/* The object's DWARF, read on first use; NULL when it has none. */
struct dwarf_info *od_dwarf(struct od_obj *o);
/* The function or datum a relocation in @from points at, or NULL. */
struct od_sym *od_target_sym(const struct section *from, const struct reloc *r);
const char *od_section_kind(const struct section *sec);
/* After correlation: is the key of a patched object's entry new, defined
 * by the patch itself?  The livepatch then carries the key with the
 * sites, as kpatch does ("the key lives in the patch module itself"). */
bool od_entry_key_new(const struct od_entry *e);

#endif
