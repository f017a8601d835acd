/*
 * Allocation wrappers and string helpers.  Out of memory is reported once
 * and ends the run with exit 2 (an internal error, never a verdict).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"

static void *oom(void)
{
	fputs("kpcheck: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : oom();
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	return p ? p : oom();
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	return p ? p : oom();
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Capacity doubles at powers of two, so only the count is stored. */
void *vec_grow(void *arr, size_t n, size_t elem)
{
	size_t cap = 8;

	while (cap <= n)
		cap *= 2;
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0) || arr == NULL)
		arr = xrealloc(arr, cap * elem);
	memset((char *)arr + n * elem, 0, elem);
	return arr;
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

bool is_ident_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

bool has_word(const char *s, size_t len, const char *w)
{
	size_t wl = strlen(w);
	const char *p = s, *end = s + len;

	while (p + wl <= end) {
		p = memmem(p, end - p, w, wl);
		if (!p)
			return false;
		if ((p == s || !is_ident_char((unsigned char)p[-1])) &&
		    (p + wl == end || !is_ident_char((unsigned char)p[wl])))
			return true;
		p++;
	}
	return false;
}

int shell_words(const char *s, char ***words)
{
	int n = 0;

	*words = NULL;
	while (*s) {
		size_t len = 0;
		char *w, q = 0;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		w = xmalloc(strlen(s) + 1);
		for (; *s && (q || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
			if (!q && (*s == '\'' || *s == '"'))
				q = *s;
			else if (q && *s == q)
				q = 0;
			else if (*s == '\\' && q != '\'' && s[1])
				w[len++] = *++s;
			else
				w[len++] = *s;
		}
		w[len] = 0;
		*VEC_PUSH(*words, n) = w;
	}
	*VEC_PUSH(*words, n) = NULL;
	return n - 1;
}

void words_free(char **words)
{
	for (char **p = words; p && *p; p++)
		free(*p);
	free(words);
}
