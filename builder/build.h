/*
 * `kpcheck build`: the vetted patch turned into a livepatch module.  The
 * steps (build.c drives them): judge, compile the touched files before
 * and after the patch (compile.c), carry the changed functions out of
 * the patched object (extract.c) with the patch's callbacks
 * (callbacks.c), note where that disagrees with the object tier
 * (crosscheck.c), generate and kbuild the module (module.c), turn
 * references to unexported symbols into livepatch relocations (klp.c),
 * write the .ko atomically.
 */
#ifndef KPCHECK_BUILDER_BUILD_H
#define KPCHECK_BUILDER_BUILD_H

#include <stdbool.h>
#include "builder/symset.h"
#include "builder/sympos.h"
#include "builder/kimage.h"
#include "analyzer/model/judgement.h"

enum build_target { TARGET_LIVEPATCH, TARGET_KPCORE };

/* Pre/post patch, pre/post unpatch: the slots of kmod/kpcheck-patch.h. */
#define CALLBACK_KINDS 4
extern const char *const callback_kinds[CALLBACK_KINDS];

/* A replacement function: the alias the module's C file names. */
struct build_func {
	char *old_name;		/* symbol in the running kernel */
	char *alias;		/* global in the carried object */
	unsigned long size;	/* of the original, 0 unknown */
	unsigned long sympos;	/* old_sympos: 0 unique, else 1-based */
};

/* One patched .c file: its object and the functions carried from it. */
struct build_unit {
	const char *file;	/* relative to the tree */
	char *object;		/* "vmlinux" or the module name (underscores) */
	const char **verdict;	/* functions the verdict names (source tier) */
	bool *verdict_added;	/* verdict[i] is new */
	int nverdict;
	char **funcs;		/* functions carried: the object diff's (crosscheck.c) */
	bool *added;		/* funcs[i] is new: carried, but replaces nothing */
	int nfuncs;
	char *orig_o, *patched_o, *carried_o;
	struct build_func *out;
	int nout;
	char **carried;		/* every function of the carried object */
	int ncarried;
	char *callbacks[CALLBACK_KINDS];	/* aliases of the patch's callbacks, or NULL */
};

/* A klp_state the module declares: one per shadow id (base.c). */
struct build_state {
	char *id;		/* C literal, as the shadow id */
	unsigned int version;
};

struct manifest;

struct build_job {
	const char *patch, *tree, *output;	/* patch: the first of patches */
	char **patches;		/* the fixes, in order (series.c) */
	int npatches;
	const char *base;	/* --base PREVIOUS.ko, or NULL */
	bool allow_revert;	/* --allow-revert: functions of the base may go */
	bool no_replace;	/* --no-replace: no atomic replace */
	struct manifest *basem;	/* the base's manifest */
	struct build_state *states;
	int nstates;
	char *default_output;	/* livepatch-PATCH.ko when no -o */
	enum build_target target;
	bool keep_tmp;
	char *kver;		/* release of the target kernel */
	char *kdir;		/* its kbuild directory */
	char *kmod;		/* kpcheck's kmod/ (kpcheck-patch.h, kpcore) */
	char *tmp;
	char *modname;
	char sha256[65];
	struct kp_judgement j;
	struct build_unit *units;
	int nunits;
	struct symset exports;	/* every symbol exported to modules */
	char **shadows;		/* shadow ids the patch allocates (C literals) */
	int nshadows;
	int klp_vmlinux;	/* references to unexported symbols of vmlinux */
	int klp_module;		/* ... and of modules */
	char **klp_objs;	/* the modules those belong to */
	int nklp_objs;
	const char *symbols;	/* --symbols FILE: an image, a vmlinux or a text table */
	struct ksymtab *vmtab;	/* vmlinux's symbol table (kimage_symbols()), or NULL */
	bool symtab_tried;
	bool print_symbols;	/* --print-symbols: the table, nothing built */
	/* judges the compiled objects (build_objects_fn, commands.c) */
	int (*objects_of)(const struct build_unit *u, const char *report);
	char *symtab_error;	/* why there is none */
	const char *vmlinux;	/* --vmlinux FILE: the kernel's image, or NULL */
	struct elf_image *image;	/* read on first use (kimage.h) */
	bool image_tried;
};

/* Judge job->patch against job->tree into job->j; the exit code. */
typedef int (*build_judge_fn)(struct build_job *job);
/* Judge a unit's compiled objects through rules/ (what a module can
 * carry); the exit code, the report written to @report. */
typedef int (*build_objects_fn)(const struct build_unit *u, const char *report);
/* `kpcheck build`: the command hands in its judges (the builder sits below
 * the commands and never calls them itself). */
int build_command(int argc, char **argv, build_judge_fn verdict_of,
		  build_objects_fn objects_of);

void build_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run argv (cwd @dir unless NULL) with output to @log; 0 on exit 0. */
int build_run(char *const argv[], const char *dir, const char *log);
/* Print the last lines of a log after a failed step. */
void build_show_log(const char *log);

/* The patch arguments (files, mbox series, directories) into job->patches. */
int series_inputs(struct build_job *job, int n, char **args);
/* job->sha256: of all the fixes, one after another. */
int series_sha256(struct build_job *job);

/* --base: its manifest into job->basem; -1 with a message. */
int base_load(struct build_job *job);
/* job->states from the shadow ids, at the base's versions. */
void base_states(struct build_job *job);
/* The report against the base on stdout; -1 when refused (a drop). */
int base_report(struct build_job *job, const struct manifest *now);

/* The output when -o is not given: livepatch-PATCH.ko (modname.c). */
char *modname_default_output(const char *patch);
/* Is job->modname free on the target kernel?  -1 with the clash named. */
int modname_check(struct build_job *job);

/* CONFIG_LIVEPATCH=y in the target kernel's .config. */
bool kernel_has_livepatch(const struct build_job *job);

/* The shadow ids the patched files allocate, into job->shadows. */
void shadow_ids_find(struct build_job *job);
/* The header defining kpatch's and klp-build's callback macros, in tmp/compat. */
int callbacks_write_compat(const struct build_job *job);
int compile_units(struct build_job *job);
int extract_units(struct build_job *job);
/* The functions to carry: the object tier's diff, notes where the verdict differs. */
int diff_units(struct build_job *job);
int module_build(struct build_job *job, char **ko);
int klp_convert(struct build_job *job, const char *ko, const char *out);

#endif
