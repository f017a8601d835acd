/*
 * What a built module says of itself: its .modinfo ("key=value" strings:
 * the kpcheck stamps, name, vermagic) and the manifest kpcheck build
 * writes into it, read through the one ELF layer (analyzer/object/elf.c),
 * so a truncated or hostile .ko gets the same checks as any object.
 */
#ifndef KPCHECK_BUILDER_MODINFO_H
#define KPCHECK_BUILDER_MODINFO_H

#include <stddef.h>

/* The section that holds kpcheck's manifest (builder/manifest.c). */
#define MANIFEST_SECTION ".kpcheck.manifest"

struct modinfo {
	char *info;		/* .modinfo, owned */
	size_t len;
	char *manifest;		/* MANIFEST_SECTION, NUL-terminated, or NULL */
	size_t manifest_len;
};

/* Read @path; -1 with a message on stderr naming it. */
int modinfo_read(const char *path, struct modinfo *mi);
/* The value of @key, or NULL; the first one when several. */
const char *modinfo_get(const struct modinfo *mi, const char *key);
void modinfo_free(struct modinfo *mi);

#endif
