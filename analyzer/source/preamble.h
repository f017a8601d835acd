/*
 * The preamble of a .c file: its leading comments and directives, up to
 * the first token of C (preamble.c).  A patch that leaves it alone lets
 * both images of the file share one precompiled copy (clang-pch.h).
 */
#ifndef KPCHECK_ANALYZER_SOURCE_PREAMBLE_H
#define KPCHECK_ANALYZER_SOURCE_PREAMBLE_H

#include <stddef.h>

/*
 * Where the preamble of @text ends: after its last leading directive
 * outside any #if, before the first token that is neither a comment nor
 * a directive.  0 when it includes nothing (nothing to gain).
 */
size_t cl_preamble_end(const char *text, size_t len);
/* A copy of @text, NUL-terminated, with its first @end bytes blanked
 * (newlines kept, so lines and columns stay). */
char *cl_preamble_blank(const char *text, size_t len, size_t end);

#endif
