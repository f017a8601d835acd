/*
 * The target kernel's symbol table: is a function part of the running
 * image?  One lookup, behind one function, so that its source can
 * change (a System.map beside the tree or given, today; the image's own
 * kallsyms when a reader for it is there) without its callers knowing.
 * The builder and the tiers use the same answer.
 */
#ifndef KPCHECK_ANALYZER_KBUILD_KSYMS_H
#define KPCHECK_ANALYZER_KBUILD_KSYMS_H

#include <stddef.h>

enum ksym_answer {
	KSYM_NO_TABLE,		/* no symbol table of the target kernel found */
	KSYM_ABSENT,		/* the table has no text symbol of that name */
	KSYM_PRESENT,		/* a text symbol (T or t) of that name */
};

/*
 * Look @name up in the symbol table of the kernel @tree is configured
 * for: $KPCHECK_SYSTEM_MAP, else @tree/System.map, else
 * /boot/System.map-RELEASE (RELEASE from @tree's kernel.release).  A
 * Debian stub ("The real System.map is in the linux-image-<version>-dbg
 * package") is no table.  @source (may be NULL) gets the table's path.
 */
enum ksym_answer ksyms_function(const char *tree, const char *name,
				char *source, size_t srclen);

#endif
