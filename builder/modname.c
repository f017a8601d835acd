/*
 * The module's name, safe on the target: the kernel refuses a module
 * whose name is taken ("Invalid argument" from insmod, and nothing says
 * why), and a name is taken by any module of the target kernel, loaded
 * or not: its installed modules (modules.dep), its built-in ones
 * (modules.builtin, modules.builtin.modinfo), and every prefix of a
 * built-in kernel parameter ("syscall.x32" makes /sys/module/syscall),
 * which only the image tells: the strings its __param_str_* symbols
 * point at.  The default name carries kpatch's prefix, "livepatch-".
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"

/* The kernel's limit: MODULE_NAME_LEN (64 - sizeof(unsigned long)), NUL included. */
#define MODNAME_MAX 55

/* "kernel/fs/nls/nls-cp437.ko" -> "nls_cp437", as the kernel names it. */
static char *name_of_path(const char *path, size_t len)
{
	const char *slash = memrchr(path, '/', len), *base = slash ? slash + 1 : path;
	size_t n = len - (base - path);
	char *name;

	if (n > 3 && !memcmp(base + n - 3, ".ko", 3))
		n -= 3;
	name = xstrndup(base, n);
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

/* The line of @file (up to the first of @stop) naming @want, or NULL. */
static char *in_list(const char *file, const char *stop, const char *want)
{
	FILE *f = fopen(file, "r");
	char *line = NULL, *found = NULL;
	size_t cap = 0;

	while (f && !found && getline(&line, &cap, f) > 0) {
		size_t len = strcspn(line, stop);
		char *name = name_of_path(line, len);

		if (!strcmp(name, want))
			found = xstrndup(line, len);
		free(name);
	}
	if (f)
		fclose(f);
	free(line);
	return found;
}

/* modinfo "WANT.key=value" of modules.builtin.modinfo (NUL-separated), or NULL. */
static char *in_builtin_modinfo(const char *file, const char *want)
{
	FILE *f = fopen(file, "r");
	char *entry = NULL, *found = NULL;
	size_t cap = 0, n = strlen(want);

	while (f && !found && getdelim(&entry, &cap, 0, f) > 0)
		if (!strncmp(entry, want, n) && entry[n] == '.')
			found = xstrdup(entry);
	if (f)
		fclose(f);
	free(entry);
	return found;
}

/* A built-in parameter "WANT.x" in the image (read through the table's addresses), or NULL. */
static char *in_params(struct build_job *job, const char *want)
{
	const struct ksymtab *t = kimage_symbols(job);
	const struct elf_image *im = t ? kimage_get(job) : NULL;
	const struct ksym *text = t ? ksymtab_nth(t, "_text", 0) : NULL;
	size_t n = strlen(want);

	if (!im || !text)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		const char *s;

		if (!str_starts(t->syms[i].name, "__param_str_"))
			continue;
		s = (const char *)elf_image_at(im, t->syms[i].addr - text->addr + im->text, n + 1);
		if (s && !strncmp(s, want, n) && s[n] == '.')
			return xstrndup(s, strnlen(s, 64));
	}
	return NULL;
}

/* What of the target is named @name ("the installed module kernel/..."), or NULL. */
static char *taken_by(struct build_job *job, const char *name)
{
	char *p = xasprintf("/lib/modules/%s/modules.dep", job->kver), *what = NULL, *hit;

	if ((hit = in_list(p, ":\n", name)))
		what = xasprintf("the installed module %s", hit);
	free(p);
	p = xasprintf("/lib/modules/%s/modules.builtin", job->kver);
	if (!what && (hit = in_list(p, "\n", name)))
		what = xasprintf("the built-in module %s (modules.builtin)", hit);
	free(p);
	p = xasprintf("/lib/modules/%s/modules.builtin.modinfo", job->kver);
	if (!what && (hit = in_builtin_modinfo(p, name)))
		what = xasprintf("a built-in module ('%s' in modules.builtin.modinfo)", hit);
	free(p);
	if (!what && (hit = in_params(job, name)))
		what = xasprintf("the kernel's built-in parameter '%s'", hit);
	if (what)
		free(hit);
	return what;
}

char *modname_default_output(const char *patch)
{
	const char *slash = strrchr(patch, '/'), *base = slash ? slash + 1 : patch;
	const char *dot = strrchr(base, '.');
	size_t n = dot && (!strcmp(dot, ".patch") || !strcmp(dot, ".diff") ||
			   !strcmp(dot, ".mbox")) ? (size_t)(dot - base) : strlen(base);

	/* "livepatch-" and ".ko" around it, within the kernel's limit */
	if (n > MODNAME_MAX - 10)
		n = MODNAME_MAX - 10;
	return xasprintf("livepatch-%.*s.ko", (int)n, base);
}

int modname_check(struct build_job *job)
{
	char *what;

	if (strlen(job->modname) > MODNAME_MAX) {
		fprintf(stderr, "kpcheck: module name '%s' is longer than the kernel's %d "
			"characters: choose a shorter -o\n", job->modname, MODNAME_MAX);
		return -1;
	}
	if (!(what = taken_by(job, job->modname)))
		return 0;
	fprintf(stderr, "kpcheck: module name '%s' is taken on kernel %s by %s (/sys/module/%s): "
		"the kernel would refuse the module; choose another -o, e.g. livepatch-%s.ko\n",
		job->modname, job->kver, what, job->modname, job->modname);
	free(what);
	return -1;
}
