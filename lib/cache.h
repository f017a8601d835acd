/*
 * kpcheck's cache directory: $KPCHECK_CACHE, else ~/.cache/kpcheck.
 * Everything kept between runs lives there (compile commands, compile
 * flags, kbuild's prepared layer), never in the user's tree.
 */
#ifndef KPCHECK_LIB_CACHE_H
#define KPCHECK_LIB_CACHE_H

/*
 * The cache directory, or its subdirectory @sub when not NULL, created
 * (with its parents) when missing; malloc()ed.  NULL when there is no
 * home directory to put it in or it cannot be created.
 */
char *cache_dir(const char *sub);

#endif
