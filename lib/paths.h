/*
 * Where the running kpcheck finds its parts.  Run from its build directory
 * (O, e.g. build/ of a source tree), the plugins sit beside the binary and
 * kmod/ and shadow/ in the source tree above it.  Installed by `make
 * install` as PREFIX/bin/kpcheck, they are in PREFIX/lib/kpcheck and
 * PREFIX/share/kpcheck.  Both are found from the binary's own path, so an
 * install into a DESTDIR, or a whole prefix moved elsewhere, still works.
 */
#ifndef KPCHECK_LIB_PATHS_H
#define KPCHECK_LIB_PATHS_H

/* The directory of the running binary, malloc()ed, or NULL. */
char *exe_dir(void);
/*
 * The directory of the plugins (and of kpcore.ko once built or installed):
 * $KPCHECK_LIBDIR, else BIN/../lib/kpcheck when it exists, else BIN.
 * malloc()ed; NULL when the binary's path is unknown.
 */
char *kp_libdir(void);
/*
 * The directory holding kmod/ and shadow/: BIN/../share/kpcheck when it
 * exists, else BIN/.. (the source tree).  malloc()ed, or NULL.
 */
char *kp_datadir(void);

#endif
