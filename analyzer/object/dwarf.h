/*
 * DWARF facts of one kernel object through libdw (libdwfl applies the
 * relocations of an ET_REL object's debug sections): the layout of every
 * named struct and union, the functions each function inlined, and where
 * things are declared.  Only the object tier uses it, and only when the
 * objects carry DWARF; stripped objects simply have no dwarf_info.
 */
#ifndef KPCHECK_ANALYZER_OBJECT_DWARF_H
#define KPCHECK_ANALYZER_OBJECT_DWARF_H

#include <stdbool.h>
#include <stddef.h>

struct dw_member {
	char *name;		/* "" for an anonymous member */
	long offset;		/* bits */
	long size;		/* bits */
	char *type;		/* "struct list_head", "int *", ... */
};

struct dw_type {
	char *name;		/* "sock" */
	bool is_union;
	long size;		/* bytes */
	struct dw_member *members;
	int nmembers;
	const char *decl_file;	/* as DWARF names it, or NULL */
	int decl_line;
};

struct dw_func {
	char *name;
	const char *decl_file;
	int decl_line;
	char **inlined;		/* names of the functions inlined into it */
	int ninlined;
};

struct dwarf_info {
	struct dw_type *types;	/* sorted by name, one per name */
	int ntypes;
	struct dw_func *funcs;	/* sorted by name */
	int nfuncs;
	void *priv;
};

/*
 * Read @path's DWARF.  Returns NULL with @err empty when the object has
 * no debug information, NULL with @err set when it is unreadable.
 */
struct dwarf_info *dw_info_open(const char *path, char *err, size_t errlen);
void dw_info_free(struct dwarf_info *dw);

const struct dw_type *dw_find_type(const struct dwarf_info *dw, const char *name);
const struct dw_func *dw_find_func(const struct dwarf_info *dw, const char *name);

#endif
