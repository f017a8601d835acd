/*
 * Text editing for the rework classes.  The buffers are post-images held
 * in memory (NUL-terminated, malloc()ed); every edit reallocates.  The
 * scanner knows comments, strings and character constants, enough to
 * find identifiers and brackets in kernel C; it is no parser.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "rework/text.h"

size_t text_line_off(const char *s, size_t len, int line)
{
	size_t off = 0;

	for (int n = 1; n < line && off < len; off++)
		if (s[off] == '\n')
			n++;
	return off;
}

int text_line_at(const char *s, size_t off)
{
	int n = 1;

	for (size_t i = 0; i < off && s[i]; i++)
		n += s[i] == '\n';
	return n;
}

int text_nlines(const char *s, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n + (len && s[len - 1] != '\n');
}

void text_replace(char **s, size_t *len, size_t off, size_t n, const char *with)
{
	size_t wlen = strlen(with);
	char *t = xmalloc(*len - n + wlen + 1);

	memcpy(t, *s, off);
	memcpy(t + off, with, wlen);
	memcpy(t + off + wlen, *s + off + n, *len - off - n);
	*len = *len - n + wlen;
	t[*len] = 0;
	free(*s);
	*s = t;
}

void text_replace_lines(char **s, size_t *len, int from, int to, const char *with)
{
	size_t a = text_line_off(*s, *len, from), b = text_line_off(*s, *len, to + 1);

	text_replace(s, len, a, b - a, with);
}

char *text_lines(const char *s, size_t len, int from, int to)
{
	size_t a = text_line_off(s, len, from), b = text_line_off(s, len, to + 1);

	return xstrndup(s + a, b - a);
}

/* Skip a comment, string or character constant starting at @i; @i
 * itself when none starts there. */
static size_t skip_lexeme(const char *s, size_t len, size_t i)
{
	if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
		const char *e = strstr(s + i + 2, "*/");

		return e ? (size_t)(e - s) + 2 : len;
	}
	if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
		while (i < len && s[i] != '\n')
			i++;
		return i;
	}
	if (s[i] == '"' || s[i] == '\'') {
		char q = s[i++];

		while (i < len && s[i] != q && s[i] != '\n')
			i += s[i] == '\\' ? 2 : 1;
		return i < len ? i + 1 : len;
	}
	return i;
}

bool text_in_comment(const char *s, size_t off)
{
	size_t i = 0, len = strlen(s);

	while (i < off) {
		size_t j = skip_lexeme(s, len, i);

		if (j != i && j > off)
			return true;
		i = j != i ? j : i + 1;
	}
	return false;
}

size_t text_find_ident(const char *s, size_t len, size_t off, const char *id, bool call)
{
	size_t n = strlen(id), i = 0;

	while (i < len) {
		size_t j = skip_lexeme(s, len, i);

		if (j != i) {
			i = j;
			continue;
		}
		if (i >= off && !strncmp(s + i, id, n) && (i == 0 || !is_ident_char(s[i - 1])) &&
		    !is_ident_char(s[i + n])) {
			size_t k = i + n;

			while (call && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (!call || s[k] == '(')
				return i;
		}
		if (is_ident_char(s[i]))
			while (i < len && is_ident_char(s[i]))
				i++;
		else
			i++;
	}
	return (size_t)-1;
}

size_t text_match(const char *s, size_t len, size_t off)
{
	int depth = 0;
	size_t i = off;

	while (i < len) {
		size_t j = skip_lexeme(s, len, i);

		if (j != i) {
			i = j;
			continue;
		}
		if (strchr("([{", s[i]))
			depth++;
		else if (strchr(")]}", s[i]) && --depth == 0)
			return i + 1;
		i++;
	}
	return len;
}

size_t text_after_includes(const char *s, size_t len)
{
	size_t last = 0, i = 0, trace = (size_t)-1;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : len;

		if (s[i] == '{')
			break;	/* the first function body: helpers go above it */
		if (!strncmp(s + i, "#include", 8))
			last = end;
		if (!strncmp(s + i, "#define CREATE_TRACE_POINTS", 27))
			trace = i;
		i = end;
	}
	/* Below CREATE_TRACE_POINTS every trace header included defines its
	 * events: stay above it. */
	return trace < last ? trace : last;
}

void text_comment_line(char **s, size_t *len, int line, const char *comment)
{
	size_t end = text_line_off(*s, *len, line + 1);
	char *c = xasprintf(" /* %s */", comment);

	if (end > 0 && (*s)[end - 1] == '\n')
		end--;
	text_replace(s, len, end, 0, c);
	free(c);
}
