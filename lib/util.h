/*
 * Small helpers shared by every part: allocation that cannot return NULL
 * (kpcheck has no sensible recovery from running out of memory, so it says
 * so and exits 2), growable arrays and string building.
 */
#ifndef KPCHECK_LIB_UTIL_H
#define KPCHECK_LIB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Grow *arr (of *n elements) by one zeroed element and return it. */
#define VEC_PUSH(arr, n) \
	((arr) = vec_grow((arr), (size_t)(n), sizeof(*(arr))), \
	 &(arr)[(n)++])
void *vec_grow(void *arr, size_t n, size_t elem);

bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
/* Does @s (of @len bytes) contain the word @w, bounded by non-identifier chars? */
bool has_word(const char *s, size_t len, const char *w);
bool is_ident_char(int c);

/*
 * Split a command line as sh would into words (quotes and backslashes;
 * no expansion): *words is NULL-terminated, the count is returned.
 */
int shell_words(const char *s, char ***words);
void words_free(char **words);

#endif
