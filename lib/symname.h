/*
 * What the compiler's symbol names say, parsed in one place for the
 * object differ and the builder.  GCC and the kernel add numbers per
 * build: clone suffixes (foo.isra.0, foo.constprop.3, foo.part.1,
 * foo.cold, foo.cold.7 before GCC 10), static-local numbers (warned.12),
 * __COUNTER__ suffixes (__UNIQUE_ID_ddebug123).  clang names a static
 * local "func.var" instead of "var.N".
 */
#ifndef KPCHECK_LIB_SYMNAME_H
#define KPCHECK_LIB_SYMNAME_H

#include <stdbool.h>
#include <stddef.h>

/* @name without the per-build numbers; *static_local says whether a
 * number followed the base name directly ("var.12": GCC's static local). */
char *symname_canon(const char *name, bool *static_local);

/*
 * A static local made by a kernel macro: lockdep's __key, WARN_ONCE's
 * __warned/__already_done, __func__, printk_ratelimited's _rs, printk
 * index's _entry, switch tables (CSWTCH).  Each is private to one
 * expansion and holds no state a patched function must keep, so it is
 * never correlated with the running one: a livepatch gets a fresh copy.
 * Takes the symbol's name (GCC "var.N" or clang "func.var").
 */
bool symname_special_static(const char *name);
/* Is @name the padding before a function, not a function of its own?
 * objtool's __pfx_NAME (the 16 bytes of 6.12's CALL_PADDING) and clang's
 * kCFI __cfi_NAME. */
bool symname_is_padding(const char *name);

/* Where the child suffix of a split function starts (".cold", ".cold.N",
 * ".part.N"), or NULL: the parent is the name before it. */
const char *symname_child_suffix(const char *name, bool *cold);

#endif
