/*
 * Where kpcore.ko lives for a kpcheck binary: `make kmod` builds it into
 * LIB/kmod/kpcore/ (with its Module.symvers and a file "kver" naming
 * the kernel it was built for), LIB being kp_libdir(): the build
 * directory of the binary, or PREFIX/lib/kpcheck once installed.
 * kpcheck build (target kpcore) needs its Module.symvers, and builds it
 * on demand; kpcheck load inserts kpcore.ko before a kpcore patch.
 */
#ifndef KPCHECK_BUILDER_KPCORE_H
#define KPCHECK_BUILDER_KPCORE_H

/* LIB/kmod/kpcore/NAME, malloc()ed, or NULL when the binary cannot be found. */
char *kpcore_path(const char *name);
/* Is LIB/kmod/kpcore/ built for kernel @kver? */
int kpcore_built_for(const char *kver);

#endif
