/*
 * A set of symbol names (exported symbols of the target kernel, symbols
 * of a module), an open-addressing hash table: Module.symvers of a
 * Debian 6.1 kernel holds ~30 000 names, looked up for every relocation.
 */
#ifndef KPCHECK_BUILDER_SYMSET_H
#define KPCHECK_BUILDER_SYMSET_H

#include <stdbool.h>
#include <stddef.h>

struct symset {
	char **slots;
	size_t size, used;
};

void symset_add(struct symset *s, const char *name);
bool symset_has(const struct symset *s, const char *name);
void symset_free(struct symset *s);
/* Add the names of a Module.symvers file; -1 if it cannot be read. */
int symset_load_symvers(struct symset *s, const char *path);

#endif
