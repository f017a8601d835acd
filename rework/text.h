/*
 * Text editing of a post-image in memory, by line and by identifier:
 * what the rework classes need, nothing of C's grammar beyond skipping
 * comments and strings and matching brackets.
 */
#ifndef KPCHECK_REWORK_TEXT_H
#define KPCHECK_REWORK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Offset of the start of line @line (1-based), @len past the last. */
size_t text_line_off(const char *s, size_t len, int line);
/* Line (1-based) of offset @off. */
int text_line_at(const char *s, size_t off);
/* Replace @n bytes at @off with @with. */
void text_replace(char **s, size_t *len, size_t off, size_t n, const char *with);
/* Replace lines [@from, @to] (1-based, inclusive) with @with (which ends
 * with a newline, or is empty). */
void text_replace_lines(char **s, size_t *len, int from, int to, const char *with);
/* A copy of lines [@from, @to]. */
char *text_lines(const char *s, size_t len, int from, int to);
/* Next occurrence of the identifier @id at or after @off, outside
 * comments and strings; (size_t)-1 when none.  @call: followed by '('. */
size_t text_find_ident(const char *s, size_t len, size_t off, const char *id, bool call);
/* Offset just past the bracket matching the one at @off. */
size_t text_match(const char *s, size_t len, size_t off);
/* Offset of the line after the last #include above the first function
 * body (a '{' in column 0), 0 when none. */
size_t text_after_includes(const char *s, size_t len);
/* Is @off inside a comment or a string? */
bool text_in_comment(const char *s, size_t off);
/* Append a trailing comment to line @line. */
void text_comment_line(char **s, size_t *len, int line, const char *comment);
/* Count of lines in @s. */
int text_nlines(const char *s, size_t len);

#endif
