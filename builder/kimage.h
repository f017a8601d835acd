/*
 * The target kernel's image and vmlinux symbol table, for the builder:
 * read through analyzer/kimage/ without the target running (see
 * kallsyms_for_kernel() there for where they are found and how a table is
 * checked to be the target's).  The image is `--vmlinux FILE` (a
 * vmlinux, or a bzImage), else the one the table came from, else
 * /boot/vmlinuz-VER.  Both are read on first use only: most builds
 * need neither.
 */
#ifndef KPCHECK_BUILDER_KIMAGE_H
#define KPCHECK_BUILDER_KIMAGE_H

#include <stdbool.h>
#include <stdio.h>
#include "analyzer/object/elf.h"
#include "analyzer/kimage/kimage.h"

struct build_job;
struct ksymtab;

/* Read vmlinux's table now; -1 when there is none (the reason kept). */
int kimage_load_symbols(struct build_job *job);
/* vmlinux's table, or NULL (kimage_symbols_error() says why). */
const struct ksymtab *kimage_symbols(struct build_job *job);
const char *kimage_symbols_error(const struct build_job *job);
/* The table as a System.map on @out (--print-symbols); -1 with a message. */
int kimage_print_symbols(struct build_job *job, FILE *out);
/* The image, or NULL when it cannot be read (a note says why, once). */
const struct elf_image *kimage_get(struct build_job *job);
void kimage_free(struct build_job *job);

#endif
