/*
 * The target kernel's image, read without the target running: a vmlinux
 * (the -dbg package's) or a bzImage whose payload is decompressed in
 * memory (xz, gzip, zstd or lz4, the compressions Debian and upstream
 * x86_64 kernels ship), and the kallsyms tables embedded in it, which
 * are the running kernel's symbol table in the order kallsyms walks it.
 *
 * The builder reads old_sympos and the kernel's own code from it; the
 * rules may ask whether a function is in the target's vmlinux and
 * carries an __fentry__ site (kimage_fentry()).
 */
#ifndef KPCHECK_ANALYZER_KIMAGE_KIMAGE_H
#define KPCHECK_ANALYZER_KIMAGE_KIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "analyzer/object/elf.h"

/* Does @path start as a vmlinux or a bzImage does? */
bool kimage_plausible(const char *path);
/* Read @path (vmlinux or bzImage) into @im; -1 with "path: why" in @err. */
int kimage_read(const char *path, struct elf_image *im, char *err, size_t errlen);

/* One symbol of kallsyms: its type letter as nm prints it, link-time address. */
struct kallsym {
	char *name;
	char type;
	unsigned long addr;
};

/* vmlinux's table, in kallsyms order (by address, as the kernel walks it). */
struct kallsyms {
	struct kallsym *syms;
	size_t n;
	char *banner;		/* linux_banner, without its newline; NULL if absent */
	char *release;		/* the release the banner names, e.g. "6.1.0-57-amd64" */
	unsigned long text;	/* _text */
	char *source;		/* the file it came from, for messages */
	/* name index: filled on first lookup */
	size_t *hash, hash_size;
};

/*
 * The kallsyms tables of image @im (kallsyms_names, markers, token table
 * and index, offsets and relative base, in 6.1's or 6.12's layout):
 * found by their own structure, since a bzImage's vmlinux has no symbol
 * table.  -1 with the reason in @err.
 */
int kallsyms_from_image(const struct elf_image *im, struct kallsyms *ks, char *err,
			size_t errlen);
/*
 * A text table ("ADDR TYPE NAME", System.map or /proc/kallsyms; module
 * lines are skipped).  -1 with the reason in @err.
 */
int kallsyms_from_map(const char *path, struct kallsyms *ks, char *err, size_t errlen);
void kallsyms_free(struct kallsyms *ks);

/* The first symbol named @name, or NULL. */
const struct kallsym *kallsyms_lookup(struct kallsyms *ks, const char *name);
/* How many symbols are named @name. */
size_t kallsyms_count(struct kallsyms *ks, const char *name);

/*
 * Is @ks the table of kernel @release?  @uts_version, when not NULL, is
 * the build's UTS_VERSION ("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (...)")
 * the banner must carry.  -1 with why not in @err.
 */
int kallsyms_check_release(const struct kallsyms *ks, const char *release,
			   const char *uts_version, char *err, size_t errlen);
/*
 * Is @text the same kernel as @image (a table read another way, say a
 * System.map, against the image's)?  The distance from _text to
 * linux_banner and to _etext must agree.  -1 with why in @err.
 */
int kallsyms_same_kernel(struct kallsyms *text, struct kallsyms *image, char *err,
			 size_t errlen);

/*
 * Does function @name of the target's vmlinux begin with an __fentry__
 * site that ftrace can redirect?  1 yes, 0 no (notrace: the function is
 * there, its entry is in no __mcount_loc entry), -1 when @name is not in
 * @ks or the image does not tell.
 */
int kimage_fentry(const struct elf_image *im, struct kallsyms *ks, const char *name);

/*
 * The target's vmlinux table for kernel @release, without the target
 * running: @file when given (an image, a vmlinux or a text table),
 * else /proc/kallsyms when @release is the running kernel, else the
 * kallsyms tables of /boot/vmlinuz-RELEASE, else of the -dbg package's
 * /usr/lib/debug/boot/vmlinux-RELEASE.  The table must be @release's
 * (kallsyms_check_release(); a text table against the image).  -1 with
 * the reason in @err; @im, when not NULL, gets the image read on the
 * way (or is left empty).
 */
int kallsyms_for_kernel(const char *release, const char *file, const char *uts_version,
			struct kallsyms *ks, struct elf_image *im, char *err, size_t errlen);

#endif
