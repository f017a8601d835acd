/*
 * Object-tier facts of a definition, filled by the libelf plugin
 * (kp_object_analyze, `kpcheck objdiff`) and judged by rules/ only: the
 * object tier proves, it never reports.  Every fact carries its proof the
 * way objtool names a place: object, symbol, section and offset.  Plain
 * data, so the rules (linked into the main program, which never links
 * libelf) can read it; objdef_free() is in the main program so that
 * model_free() can release it whether or not the object tier ran.
 */
#ifndef KPCHECK_ANALYZER_MODEL_OBJFACTS_H
#define KPCHECK_ANALYZER_MODEL_OBJFACTS_H

#include <stdbool.h>
#include <string.h>
#include "analyzer/model/model.h"

/* A place in an object: "pipe_read()+0x1c4" in section .text.pipe_read. */
struct kp_objref {
	char *symbol;		/* post-image name (pre-image when deleted) */
	char *section;
	unsigned long offset;	/* first differing byte, when has_offset */
	bool has_offset;
	bool func;		/* a function: shown as "name()" */
};

/* What the compiled code of a definition did between the two objects. */
enum kp_objcode {
	OBJ_CODE_UNKNOWN,	/* the object tier did not look at it */
	OBJ_CODE_NONE,		/* no code of its own (inlined or compiled out) */
	OBJ_CODE_SAME,
	OBJ_CODE_LINE_ONLY,	/* only __LINE__ constants moved */
	OBJ_CODE_CHANGED,
	OBJ_CODE_NEW,
	OBJ_CODE_DELETED,
};

/* One compiled symbol of a definition: foo, foo.cold, foo.isra.0. */
struct kp_objsym {
	struct kp_objref ref;
	enum kp_objcode code;
	char *section_kind;	/* init, exit, noinstr, text, data, rodata, bss, ... */
	bool fentry;		/* its first instructions call __fentry__ */
	bool part;		/* a .cold/.part piece travelling with its parent */
	/* no __fentry__, but static, and only ever called by functions of
	 * this object that have one: the livepatch carries it as new code
	 * and replaces them (the first named here), as the builder does */
	char *traced_caller;
};

/* A special-section entry (__jump_table, .static_call_sites, ...) that
 * points into one of the definition's changed symbols. */
struct kp_objentry {
	char *section;
	unsigned long entry;	/* offset of the entry in its section */
	struct kp_objref at;	/* the instruction it patches */
	char *key;		/* static key / static call key defined in this
				 * object, else NULL */
	/* a tracepoint or dynamic-debug key: a site left unpatched is an
	 * inert trace or pr_debug (kpatch issue 1315) */
	bool key_inert;
	/* the patch defines the key: the livepatch carries it with its sites */
	bool key_new;
};

/* A static local ("name.N") of the function, correlated through its users. */
struct kp_objlocal {
	char *name;
	enum kp_change change;	/* MODIFIED: initial value differs;
				 * DELETED: no counterpart in the patched object */
	struct kp_objref ref;	/* the datum (MODIFIED) or the function using it */
};

struct kp_objdef {
	char *object;		/* the object's name, as kbuild writes it */
	enum kp_objcode code;	/* of the definition as a whole */
	bool predicted;		/* a lower tier said it changes */
	bool module;		/* the object is (part of) a module */
	struct kp_objsym *syms;
	int nsyms;
	struct kp_objentry *entries;
	int nentries;
	struct kp_objlocal *locals;
	int nlocals;
	char **inlines;		/* predicted functions its changed code inlines */
	int ninlines;
	char **inlined_into;	/* code NONE: the functions it is inlined into */
	int ninlined_into;
	/* DEF_EXPORT: genksyms' CRC differs (kbuild's "#SYMVER" lines) */
	bool crc_changed;
	unsigned long old_crc, new_crc;
};

/* The object facts of @d, allocated on first use. */
struct kp_objdef *objdef_get(struct kp_def *d);
void objdef_free(struct kp_objdef *o);
/* The first symbol of @o (the function itself before its parts), or NULL. */
const struct kp_objsym *objdef_main_sym(const struct kp_objdef *o);
/* The symbol lies in a section of @kind ("init", "exit", "noinstr", ...);
 * inline: the plugin, which calls nothing of the main program's but
 * through the host table, uses it too. */
static inline bool objsym_in(const struct kp_objsym *s, const char *kind)
{
	return s && s->section_kind && !strcmp(s->section_kind, kind);
}

#endif
