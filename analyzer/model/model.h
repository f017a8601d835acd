/*
 * The change model: the spine every tier fills and every rule reads.
 *
 * Per patched file it holds the top-level definitions the patch touches
 * (functions, types, globals, macros, includes) with their extent in the
 * pre- and post-image, the attributes seen for them and what changed.
 * Every fact carries the tier that proved it: the patch tier guesses from
 * the diff text, the source tier (libclang) and the object tier
 * (libelf/libdw) confirm or override, and a higher tier always wins.
 */
#ifndef KPCHECK_ANALYZER_MODEL_MODEL_H
#define KPCHECK_ANALYZER_MODEL_MODEL_H

#include <stdbool.h>
#include "analyzer/model/patch.h"

enum kp_tier { TIER_PATCH, TIER_SOURCE, TIER_OBJECT, TIER_COUNT };

#define TIERBIT(t) (1u << (t))

enum kp_def_kind {
	DEF_FUNCTION,
	DEF_STRUCT,
	DEF_UNION,
	DEF_ENUM,
	DEF_TYPEDEF,
	DEF_VARIABLE,		/* global or file-static data */
	DEF_PROTOTYPE,		/* function declaration without body */
	DEF_MACRO,
	DEF_INCLUDE,
	DEF_EXPORT,		/* EXPORT_SYMBOL*(name) */
	DEF_OTHER,		/* anything else at top level */
};

/* Attributes visible in the text (patch tier) or proved (source tier). */
enum kp_attr {
	ATTR_STATIC		= 1u << 0,
	ATTR_INLINE		= 1u << 1,
	ATTR_ALWAYS_INLINE	= 1u << 2,
	ATTR_INIT		= 1u << 3,	/* __init, .init.text */
	ATTR_EXIT		= 1u << 4,	/* __exit, .exit.text */
	ATTR_INITDATA		= 1u << 5,	/* __initdata, __initconst, ... */
	ATTR_NOTRACE		= 1u << 6,
	ATTR_NOINSTR		= 1u << 7,	/* noinstr, .noinstr.text */
	ATTR_SYSCALL		= 1u << 8,	/* SYSCALL_DEFINEn, COMPAT_... */
	ATTR_EXPORTED		= 1u << 9,	/* EXPORT_SYMBOL* of this name */
	ATTR_RO_AFTER_INIT	= 1u << 10,
	ATTR_READ_MOSTLY	= 1u << 11,
	ATTR_CONST		= 1u << 12,
	ATTR_EXTERN		= 1u << 13,
	ATTR_ASMLINKAGE		= 1u << 14,
	ATTR_MODULE_INIT	= 1u << 15,	/* named by module_init() etc. */
	ATTR_LP_SYSCALL		= 1u << 16,	/* KLP_/KPATCH_SYSCALL_DEFINEn */
};

enum kp_change {
	CHANGE_NONE,		/* only seen as context */
	CHANGE_MODIFIED,
	CHANGE_ADDED,
	CHANGE_DELETED,
};

/* A struct/union member or enum constant that changed (source/object). */
struct kp_member {
	char *name;
	enum kp_tier tier;
	enum kp_change change;	/* MODIFIED: retyped or moved */
	long old_offset, new_offset;	/* bits; -1 when absent */
	long old_size, new_size;	/* bits; -1 when absent */
	char *old_type, *new_type;
	char *decl;			/* the declaration as written (patch tier) */
	int line;			/* post-image line (pre for deletions) */
	int col;
	int patch_line;
	bool renumbers;			/* enum constant that shifts later ones */
};

struct kp_srcdef;
struct kp_objdef;

/* One piece of evidence attached to a definition by some tier. */
struct kp_fact {
	enum kp_tier tier;
	char *text;
};

struct kp_def {
	enum kp_def_kind kind;
	char *name;
	unsigned int attrs;	/* enum kp_attr, post-image (pre if deleted) */
	unsigned int old_attrs;	/* pre-image attributes */
	enum kp_change change;
	bool cosmetic;		/* whitespace/comments only, or no code at all */
	const char *no_code;	/* why it makes no code (hdrset.c), else NULL */
	enum kp_tier tier;	/* tier that proved 'change' and 'cosmetic' */
	int old_start, old_end;	/* extent in the pre-image, 0 if absent */
	int new_start, new_end;	/* extent in the post-image, 0 if absent */
	int first_line;		/* first changed line (post, pre if none) */
	bool first_line_old;	/* first_line is a pre-image line */
	int first_col;
	int patch_line;		/* patch line of the first changed line */
	int in_image;		/* lib-y function: 1 + enum ksym_answer, 0 not asked */
	int nadded, ndeleted;	/* changed lines inside this definition */
	bool line_shifted;	/* unchanged, but its __LINE__ users move */
	int line_shift;		/* by how many lines */
	bool uses_line;		/* has WARN/BUG/__LINE__ sites */
	char *syscall;		/* SYSCALL_DEFINEn name, else NULL */
	char *include;		/* for DEF_INCLUDE: the included header */
	struct kp_member *members;
	int nmembers;
	struct kp_fact *facts;
	int nfacts;
	char *init_chain;	/* reached only from init-time code: the callers
				 * up to the first root (analyzer/patch/reach.c) */
	struct kp_srcdef *src;	/* source-tier details (analyzer/model/srcfacts.h) */
	struct kp_objdef *obj;	/* object-tier proofs (analyzer/model/objfacts.h) */
};

enum kp_file_kind {
	FK_C_SOURCE,
	FK_C_HEADER,
	FK_ASM,
	FK_BUILD,		/* Makefile, Kbuild, Kconfig */
	FK_DOC,			/* Documentation/, *.rst, *.txt, MAINTAINERS */
	FK_OTHER,
};

struct kp_file_model {
	struct kp_file *file;
	enum kp_file_kind kind;
	struct kp_def *defs;
	int ndefs;
	bool exports_symbols;	/* the file has EXPORT_SYMBOL* */
	bool whole_file_seen;	/* pre-image read from the tree */
	char *object;		/* "vmlinux" or a module name, NULL unknown */
	char *object_why;	/* e.g. "CONFIG_EXT4_FS=m" */
	char *pre, *post;	/* whole pre/post image with -C, else NULL */
	size_t pre_len, post_len;
	unsigned int tiers;	/* TIERBIT()s that analysed this file */
	int asm_line;		/* header: first changed line that is assembly */
	char **asm_includers;	/* header: .S files of the tree including it */
	int nasm_includers;
	bool no_fentry;		/* kbuild compiles it without -mfentry (lib/) */
	char *image_table;	/* lib-y: the target's symbol table asked, or NULL */
};

/* Where a finding points: a place in the patched tree or an object. */
struct kp_loc {
	const char *file;	/* path in the tree, or an object name */
	int line, col;		/* 0 when unknown */
	bool pre_image;		/* line is in the pre-image */
	int patch_line;		/* line in the patch input, 0 if none */
	const char *symbol;	/* function/type the finding is about */
	enum kp_tier tier;	/* tier the finding rests on */
	/* An object-tier place without a source line, objtool's way:
	 * "pipe_read()+0x1c4" in the object named by file. */
	const char *where;
};

/*
 * The header change set (analyzer/patch/hdrset.c): a function of a built
 * .c file the patch does not touch, which expands a definition the patch
 * changes in a header (a static inline, a macro, a constant), directly
 * or through other inlines and macros of the headers.  Its compiled code
 * changes with the header, so the livepatch replaces it too.
 */
struct kp_expander {
	char *file;		/* built .c file, tree-relative */
	char *function;
	char *object;		/* "vmlinux" or a module name, NULL unknown */
	char *via;		/* the changed header definition it expands */
	char *through;		/* the inline or macro between them, or NULL */
	int line;		/* first use in the pre-image of @file */
	bool in_init;		/* __init/__exit: never replaced */
	/* --objects: what the compiled objects say (objtier.c) */
	enum { EXP_UNBUILT, EXP_CHANGED, EXP_SAME } obj;
	bool obj_only;		/* changed in the object, not found by name */
};

struct kp_hdrset {
	bool done;		/* computed (needs -C TREE) */
	struct kp_expander *fns;
	int nfns;
	int nfiles;		/* distinct files among fns */
	int ndata;		/* initializers of data that expand it */
	bool truncated;		/* the search stopped at its bounds */
	char **names;		/* every name followed, the changed ones first */
	int nnames;
	int obj_files;		/* --objects: files of the set built and diffed */
	int obj_failed;		/* --objects: files that did not build */
};

struct kp_model {
	struct kp_patch *patch;
	struct kp_file_model *files;
	int nfiles;
	unsigned int tiers;	/* TIERBIT()s that ran on this patch */
	struct kp_hdrset hdrset;
};

struct kp_def *model_add_def(struct kp_file_model *fm, enum kp_def_kind kind,
			     const char *name);
struct kp_def *model_find_def(struct kp_file_model *fm,
			      enum kp_def_kind kind, const char *name);
void model_add_fact(struct kp_def *def, enum kp_tier tier,
		    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct kp_member *model_add_member(struct kp_def *def, const char *name);
void model_free(struct kp_model *m);

/* A changed function the livepatch must carry (modified or added); an
 * inline function of a header is carried only through its callers. */
bool def_is_patched_function(const struct kp_file_model *fm,
			     const struct kp_def *def);
const char *def_kind_name(enum kp_def_kind kind);
/* The name to show: "'foo'", or a description when it is unknown. */
const char *def_name(const struct kp_def *d);
/* No functional change anywhere: only whitespace, comments or docs, or
 * functions that only init-time code reaches. */
bool model_nothing_to_patch(const struct kp_model *m);
/* Some changed function is reached only from init-time code. */
bool model_init_only(const struct kp_model *m);
/* Number of functions the livepatch replaces or adds: the patched ones
 * and the header change set's (init code excluded). */
int model_count_functions(const struct kp_model *m);
/* Does @e expand @name: its changed definition, or the one between? */
bool expander_expands(const struct kp_expander *e, const char *name);
/* Carried functions of the header change set that expand @via, and the
 * number of distinct files they are in (@nfiles may be NULL). */
int hdrset_expanders_of(const struct kp_model *m, const char *via, int *nfiles);
/* Is @e (of the header change set) a function the livepatch carries? */
bool expander_is_carried(const struct kp_model *m, const struct kp_expander *e);
const char *tier_name(enum kp_tier tier);

/* Iterate over every definition of the model. */
#define for_each_def(m, fm, d) \
	for (fm = (m)->files; fm && fm < (m)->files + (m)->nfiles; fm++) \
		for (d = fm->defs; d && d < fm->defs + fm->ndefs; d++)

#endif
