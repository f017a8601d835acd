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
/* Add @name with the name of the object that defines it. */
void symset_add_owned(struct symset *s, const char *name, const char *owner);
/* The owner @name was added with ("" if none), NULL if absent. */
const char *symset_owner(const struct symset *s, const char *name);
bool symset_has(const struct symset *s, const char *name);
void symset_free(struct symset *s);
/* Add the names of a Module.symvers file, owned by their module; -1 if unreadable. */
int symset_load_symvers(struct symset *s, const char *path);

#endif
