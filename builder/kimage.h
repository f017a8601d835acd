/*
 * The target kernel's image, to read its code: `--vmlinux FILE` (a
 * vmlinux, or a bzImage), else /boot/vmlinuz-VER.  A bzImage's payload
 * is decompressed in memory (xz, Debian's compression, through liblzma).
 * Read on first use only: most builds never need it.
 */
#ifndef KPCHECK_BUILDER_KIMAGE_H
#define KPCHECK_BUILDER_KIMAGE_H

#include <stdbool.h>
#include "analyzer/object/elf.h"

struct build_job;

/* Does @path start as a vmlinux or a bzImage does?  For --vmlinux, at once. */
bool kimage_plausible(const char *path);
/* The image, or NULL when it cannot be read (a note says why, once). */
const struct elf_image *kimage_get(struct build_job *job);
void kimage_free(struct build_job *job);

#endif
