/*
 * jansson helpers shared by the JSON and SARIF writers.  Patches carry
 * arbitrary bytes; JSON strings must be UTF-8, so invalid sequences are
 * replaced by U+FFFD instead of failing the whole report.
 */
#ifndef KPCHECK_REPORTS_JSONUTIL_H
#define KPCHECK_REPORTS_JSONUTIL_H

#include <jansson.h>
#include <stdio.h>

/* A JSON string for @s (null for NULL), never failing on bad UTF-8. */
json_t *jstr(const char *s);
/* Dump @root to @out with a final newline; -1 on error.  Steals @root. */
int jdump(FILE *out, json_t *root);

#endif
