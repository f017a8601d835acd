/*
 * Symbol-name parsing (see symname.h).  Pure string work, so both the
 * object plugin and the builder link it.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/symname.h"
#include "lib/util.h"

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool is_clone_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"isra", "constprop", "part", "cold", "lto_priv", "llvm",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(s, words[i], n))
			return true;
	return false;
}

/* Drop the numbers of a "__UNIQUE_ID_name123" base (from __COUNTER__). */
static void strip_counter(char *base)
{
	size_t n = strlen(base);

	if (!str_starts(base, "__UNIQUE_ID_") && !str_starts(base, "__initcall__"))
		return;
	while (n > 12 && base[n - 1] >= '0' && base[n - 1] <= '9')
		base[--n] = 0;
}

char *symname_canon(const char *name, bool *static_local)
{
	const char *dot = strchr(name, '.');
	char *out = xstrndup(name, dot && dot != name ? (size_t)(dot - name) : strlen(name));
	size_t len;
	bool after_clone = false;

	*static_local = false;
	strip_counter(out);
	len = strlen(out);
	while (dot && dot != name) {
		const char *w = dot + 1, *end = strchr(w, '.');
		size_t n = end ? (size_t)(end - w) : strlen(w);

		if (all_digits(w, n)) {
			*static_local |= !after_clone;
		} else {
			out = xrealloc(out, len + n + 2);
			out[len++] = '.';
			memcpy(out + len, w, n);
			out[len += n] = 0;
		}
		after_clone = is_clone_word(w, n);
		dot = end;
	}
	return out;
}

/* kpatch's list, learnt from its issues 990 and 1206 and its tests. */
static const char *const special_vars[] = {
	"__key", "__warned", "__already_done", "__func__", "__FUNCTION__",
	"_rs", "CSWTCH", "_entry", "_entry_ptr", "__print_once",
};

bool symname_is_padding(const char *name)
{
	return !strncmp(name, "__pfx_", 6) || !strncmp(name, "__cfi_", 6);
}

bool symname_special_static(const char *name)
{
	for (size_t i = 0; i < sizeof(special_vars) / sizeof(special_vars[0]); i++) {
		const char *v = special_vars[i], *p;
		size_t n = strlen(v);

		/* GCC: "var.N" */
		if (!strncmp(name, v, n) && name[n] == '.' && all_digits(name + n + 1,
									 strlen(name + n + 1)))
			return true;
		/* clang: "func.var", possibly with its own ".N" */
		for (p = strchr(name, '.'); p; p = strchr(p + 1, '.'))
			if (!strncmp(p + 1, v, n) && (!p[n + 1] || p[n + 1] == '.'))
				return true;
	}
	return false;
}

const char *symname_child_suffix(const char *name, bool *cold)
{
	const char *c = strstr(name, ".cold"), *p = strstr(name, ".part.");

	*cold = false;
	if (c && c != name && (!c[5] || c[5] == '.')) {
		*cold = true;
		return c;
	}
	return p && p != name ? p : NULL;
}
