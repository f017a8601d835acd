/*
 * UTF-8 repair and output for jansson documents.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "reports/jsonutil.h"

/*
 * Length of the well-formed UTF-8 sequence at @p, or 0.  Strict as
 * jansson is (RFC 3629): overlong forms, surrogates and code points above
 * U+10FFFF are ill-formed, so a repaired string is always accepted and
 * never emptied by json_string() failing a second time.
 */
static size_t utf8_len(const unsigned char *p, size_t left)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;	/* overlong below U+0800 */
	else if (p[0] == 0xed)
		hi = 0x9f;	/* U+D800..U+DFFF */
	else if (p[0] == 0xf0)
		lo = 0x90;	/* overlong below U+10000 */
	else if (p[0] == 0xf4)
		hi = 0x8f;	/* above U+10FFFF */
	if (n > left || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static char *repair(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = xmalloc(len * 3 + 1);

	for (size_t i = 0; i < len; ) {
		size_t n = utf8_len((const unsigned char *)s + i, len - i);

		if (n) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	out[o] = 0;
	return out;
}

json_t *jstr(const char *s)
{
	json_t *j;
	char *fixed;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	fixed = repair(s);
	j = json_string(fixed);
	free(fixed);
	return j ? j : json_string("");
}

int jdump(FILE *out, json_t *root)
{
	int r = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(root);
	if (r == 0)
		fputc('\n', out);
	return r || ferror(out) ? -1 : 0;
}
