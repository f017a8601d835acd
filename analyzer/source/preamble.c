/*
 * Where a .c file's preamble ends (preamble.h): a lexer's view of the
 * leading comments and directives, no preprocessing.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/preamble.h"
#include "lib/util.h"

struct scan {
	const char *s;
	size_t n, i;
};

static bool at(const struct scan *c, const char *what)
{
	size_t k = strlen(what);

	return c->i + k <= c->n && !memcmp(c->s + c->i, what, k);
}

/* Past the "*" "/" closing the comment at c->i; false if it never ends. */
static bool skip_block_comment(struct scan *c)
{
	for (c->i += 2; c->i + 1 < c->n; c->i++)
		if (c->s[c->i] == '*' && c->s[c->i + 1] == '/') {
			c->i += 2;
			return true;
		}
	return false;
}

/* Past the end of the logical line at c->i (backslash-newline joins). */
static bool skip_line(struct scan *c)
{
	while (c->i < c->n && c->s[c->i] != '\n') {
		if (at(c, "/*")) {
			if (!skip_block_comment(c))
				return false;
			continue;
		}
		if (c->s[c->i] == '\\' && c->i + 1 < c->n && c->s[c->i + 1] == '\n')
			c->i++;
		c->i++;
	}
	c->i += c->i < c->n;
	return true;
}

/* The directive's name after '#', as a change in #if nesting. */
static int nesting(const struct scan *c, bool *include)
{
	size_t j = c->i + 1, k;

	while (j < c->n && (c->s[j] == ' ' || c->s[j] == '\t'))
		j++;
	for (k = j; k < c->n && isalpha((unsigned char)c->s[k]); k++)
		;
	if (k - j == 7 && !memcmp(c->s + j, "include", 7))
		*include = true;
	if ((k - j == 2 && !memcmp(c->s + j, "if", 2)) ||
	    (k - j == 5 && !memcmp(c->s + j, "ifdef", 5)) ||
	    (k - j == 6 && !memcmp(c->s + j, "ifndef", 6)))
		return 1;
	return k - j == 5 && !memcmp(c->s + j, "endif", 5) ? -1 : 0;
}

size_t cl_preamble_end(const char *text, size_t len)
{
	struct scan c = { text, len, 0 };
	size_t end = 0;
	bool include = false;
	int depth = 0;

	while (c.i < c.n) {
		if (isspace((unsigned char)text[c.i])) {
			c.i++;
		} else if (at(&c, "//")) {
			if (!skip_line(&c))
				break;
		} else if (at(&c, "/*")) {
			if (!skip_block_comment(&c))
				break;
		} else if (text[c.i] == '#') {
			depth += nesting(&c, &include);
			if (depth < 0 || !skip_line(&c))
				break;
			if (depth == 0)
				end = c.i;
		} else {
			break;
		}
	}
	return include ? end : 0;
}

char *cl_preamble_blank(const char *text, size_t len, size_t end)
{
	char *out = xmalloc(len + 1);

	memcpy(out, text, len);
	out[len] = '\0';
	for (size_t i = 0; i < end; i++)
		if (out[i] != '\n')
			out[i] = ' ';
	return out;
}
