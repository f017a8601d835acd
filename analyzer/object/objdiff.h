/*
 * The object differ: two builds of one kernel object (before and after a
 * patch) compared function by function and datum by datum, the way
 * kpatch's create-diff-object and upstream's `objtool klp diff` see a
 * change: after inlining, cloning and section placement.
 *
 * The result lists what a livepatch must carry (changed and new
 * functions, .cold parts included) and the findings that say why it may
 * not be able to (changed data, __init code, functions without __fentry__,
 * static locals that do not correlate, static keys and calls).
 */
#ifndef KPCHECK_ANALYZER_OBJECT_OBJDIFF_H
#define KPCHECK_ANALYZER_OBJECT_OBJDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include "analyzer/object/elf.h"
#include "rules/findings.h"

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
	struct od_sym *twin;	/* the same entity in the other object */
	struct od_sym *parent;	/* for foo.cold / foo.part.N: foo */
	struct od_sym *user;	/* first function referencing a static local */
	enum od_status status;
	unsigned long diff_at;	/* first differing offset (post) */
	struct od_entry *entries;	/* special-section entries in it */
	int nentries;
	bool fentry;
};

/* One entry of a special section that points into a function. */
struct od_entry {
	const struct od_special *kind;
	struct section *sec;
	unsigned long offset;	/* of the entry in sec */
	unsigned long at;	/* offset in the function it points into */
};

struct od_special {
	const char *name;
	unsigned int size;	/* entry size on x86_64 (Linux 6.1) */
	int rule;		/* rule a changed function with entries gets, or -1 */
};

struct od_obj {
	struct elf *e;
	struct od_sym *syms;	/* functions and data objects */
	size_t nsyms;
	struct dwarf_info *dw;	/* loaded on first need, NULL if none */
	bool dw_tried;
};

struct od_finding {
	int rule;			/* enum kp_rule */
	enum kp_severity severity;
	char *symbol;			/* NULL for the object as a whole */
	bool func;			/* symbol is a function: "name()" */
	unsigned long offset;
	bool has_offset;
	char *message;
	char *note;			/* the fix, or NULL */
};

/* A function the livepatch carries, or one that only moved lines. */
struct od_func {
	const char *name;		/* post-image symbol name */
	enum od_status status;
	const struct od_sym *s;
};

struct od_result {
	const char *object;		/* name for messages: the patched path */
	struct od_obj pre, post;
	struct od_func *funcs;		/* changed and new, in section order */
	int nfuncs;
	struct od_func *line_only;
	int nline_only;
	struct od_finding *findings;
	int nfindings;
	int nchanged_data;
};

/* Diff @orig against @patched; -1 with @err set on bad input. */
int objdiff_run(struct od_result *r, const char *orig, const char *patched,
		char *err, size_t errlen);
void objdiff_free(struct od_result *r);

/* 0 eligible, 1 error findings, 3 nothing changed */
int objdiff_exit_code(const struct od_result *r);
int objdiff_print_text(FILE *out, const struct od_result *r);
int objdiff_print_json(FILE *out, const struct od_result *r);

/* internal, between the obj*.c files */
char *od_canon_name(const char *name, bool *static_local);
int od_prepare(struct od_obj *o, char *err, size_t errlen);
void od_correlate(struct od_result *r);
int od_map_specials(struct od_obj *o);
int od_compare(struct od_result *r);
enum od_status od_compare_func(struct od_result *r, struct od_sym *a, struct od_sym *b);
bool od_data_equal(struct od_result *r, struct od_sym *a, struct od_sym *b);
void od_findings(struct od_result *r);
void od_add_finding(struct od_result *r, int rule, enum kp_severity sev,
		    const struct od_sym *s, unsigned long offset, bool has_offset,
		    const char *note, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
bool od_is_func(const struct od_sym *s);
/* The object's DWARF, read on first use; NULL when it has none. */
struct dwarf_info *od_dwarf(struct od_obj *o);
/* The function or datum a relocation in @from points at, or NULL. */
struct od_sym *od_target_sym(const struct section *from, const struct reloc *r);
const char *od_section_kind(const struct section *sec);

#endif
