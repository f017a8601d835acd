/*
 * The target's vmlinux symbol table, found and checked (see kimage.h):
 * text tables, lookups, the checks that a table is the target kernel's,
 * and the search order a build host follows.  The host's own kernel is
 * another kernel: /proc/kallsyms is read only when the target runs here.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "lib/util.h"
#include "analyzer/kimage/kimage.h"

static int read_map_lines(struct kallsyms *ks, FILE *f)
{
	char *line = NULL, *end;
	size_t cap = 0;
	int bad = 0;

	while (getline(&line, &cap, f) > 0) {
		unsigned long addr = strtoul(line, &end, 16);
		struct kallsym *k;
		const char *name;

		if (end == line || *end != ' ' || !end[1] || end[2] != ' ') {
			bad++;
			continue;
		}
		name = end + 3;
		if (strchr(name, '['))	/* "name\t[module]": modules come from their .ko */
			continue;
		k = VEC_PUSH(ks->syms, ks->n);
		k->name = xstrndup(name, strcspn(name, " \t\n"));
		k->type = end[1];
		k->addr = addr;
		if (!strcmp(k->name, "_text"))
			ks->text = addr;
	}
	free(line);
	return bad && !ks->n ? -1 : 0;
}

int kallsyms_from_map(const char *path, struct kallsyms *ks, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	int r;

	memset(ks, 0, sizeof(*ks));
	ks->source = xstrdup(path);
	if (!f) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	r = read_map_lines(ks, f);
	fclose(f);
	if (r || !ks->n) {
		snprintf(err, errlen, "%s: not a symbol table (System.map, kallsyms, vmlinux or "
			 "a kernel image)", path);
		return -1;
	}
	return 0;
}

void kallsyms_free(struct kallsyms *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		free(ks->syms[i].name);
	free(ks->syms);
	free(ks->banner);
	free(ks->release);
	free(ks->source);
	free(ks->hash);
	memset(ks, 0, sizeof(*ks));
}

static size_t name_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Open addressing over first occurrences: slot holds index + 1. */
static void build_hash(struct kallsyms *ks)
{
	ks->hash_size = 16;
	while (ks->hash_size < 2 * ks->n)
		ks->hash_size *= 2;
	ks->hash = xcalloc(ks->hash_size, sizeof(*ks->hash));
	for (size_t i = 0; i < ks->n; i++) {
		size_t h = name_hash(ks->syms[i].name) & (ks->hash_size - 1);

		while (ks->hash[h] && strcmp(ks->syms[ks->hash[h] - 1].name, ks->syms[i].name))
			h = (h + 1) & (ks->hash_size - 1);
		if (!ks->hash[h])
			ks->hash[h] = i + 1;
	}
}

const struct kallsym *kallsyms_lookup(struct kallsyms *ks, const char *name)
{
	size_t h;

	if (!ks->n)
		return NULL;
	if (!ks->hash)
		build_hash(ks);
	h = name_hash(name) & (ks->hash_size - 1);
	for (; ks->hash[h]; h = (h + 1) & (ks->hash_size - 1))
		if (!strcmp(ks->syms[ks->hash[h] - 1].name, name))
			return &ks->syms[ks->hash[h] - 1];
	return NULL;
}

size_t kallsyms_count(struct kallsyms *ks, const char *name)
{
	const struct kallsym *first = kallsyms_lookup(ks, name);
	size_t n = 0;

	for (size_t i = first ? (size_t)(first - ks->syms) : ks->n; i < ks->n; i++)
		n += !strcmp(ks->syms[i].name, name);
	return n;
}

int kallsyms_check_release(const struct kallsyms *ks, const char *release,
			   const char *uts_version, char *err, size_t errlen)
{
	if (!ks->release) {
		snprintf(err, errlen, "%s: no linux_banner: cannot tell which kernel it is",
			 ks->source);
		return -1;
	}
	if (strcmp(ks->release, release)) {
		snprintf(err, errlen, "%s: the table of kernel %s, not of %s", ks->source,
			 ks->release, release);
		return -1;
	}
	if (uts_version && !strstr(ks->banner, uts_version)) {
		snprintf(err, errlen, "%s: another build of %s ('%s'; the headers say '%s')",
			 ks->source, release, ks->banner, uts_version);
		return -1;
	}
	return 0;
}

/* @name's distance from _text in @ks (either way); false when either is missing. */
static bool text_distance(struct kallsyms *ks, const char *name, long *d)
{
	const struct kallsym *k = kallsyms_lookup(ks, name), *t = kallsyms_lookup(ks, "_text");

	if (k && t)
		*d = (long)(k->addr - t->addr);
	return k && t;
}

int kallsyms_same_kernel(struct kallsyms *text, struct kallsyms *image, char *err,
			 size_t errlen)
{
	static const char *const marks[] = { "linux_banner", "_etext", "_sdata" };

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		long a = 0, b = 0;
		bool has = text_distance(text, marks[i], &a);

		if (!has || !text_distance(image, marks[i], &b) || a != b) {
			snprintf(err, errlen, "%s: not the table of %s's kernel ('%s' %s)",
				 text->source, image->source, marks[i],
				 !has ? "or '_text' missing" : "lies elsewhere");
			return -1;
		}
	}
	return 0;
}

int kimage_fentry(const struct elf_image *im, struct kallsyms *ks, const char *name)
{
	const struct kallsym *f = kallsyms_lookup(ks, name);
	const struct kallsym *a = kallsyms_lookup(ks, "__start_mcount_loc");
	const struct kallsym *b = kallsyms_lookup(ks, "__stop_mcount_loc");
	const unsigned char *loc;

	if (!f || !a || !b || b->addr < a->addr || !(loc = elf_image_at(im, a->addr, b->addr - a->addr)))
		return -1;
	/* the site is the first instruction, or follows an endbr64 (IBT kernels) */
	for (unsigned long off = 0; off + 8 <= b->addr - a->addr; off += 8) {
		uint64_t v;

		memcpy(&v, loc + off, 8);
		if (v == f->addr || v == f->addr + 4)
			return 1;
	}
	return 0;
}

/* The tables of image @path, which must be kernel @release's. */
static int from_image(const char *path, const char *release, const char *uts_version,
		      struct kallsyms *ks, struct elf_image *im, char *err, size_t errlen)
{
	if (kimage_read(path, im, err, errlen))
		return -1;
	if (kallsyms_from_image(im, ks, err, errlen) ||
	    kallsyms_check_release(ks, release, uts_version, err, errlen)) {
		kallsyms_free(ks);
		elf_image_free(im);
		return -1;
	}
	return 0;
}

/* The installed image of @release: /boot/vmlinuz, else the -dbg package's vmlinux. */
static int from_installed(const char *release, const char *uts_version, struct kallsyms *ks,
			  struct elf_image *im, char *err, size_t errlen)
{
	char *boot = xasprintf("/boot/vmlinuz-%s", release);
	char *dbg = xasprintf("/usr/lib/debug/boot/vmlinux-%s", release);
	int r = -1;

	if (!access(boot, R_OK))
		r = from_image(boot, release, uts_version, ks, im, err, errlen);
	if (r && !access(dbg, R_OK))
		r = from_image(dbg, release, uts_version, ks, im, err, errlen);
	if (r && access(boot, R_OK) && access(dbg, R_OK))
		snprintf(err, errlen, "no image of kernel %s to read its symbol table from (%s, "
			 "%s); give one with --symbols FILE", release, boot, dbg);
	free(boot);
	free(dbg);
	return r;
}

/* A text table, checked against the installed image's own. */
static int from_text(const char *path, const char *release, const char *uts_version,
		     struct kallsyms *ks, struct elf_image *im, char *err, size_t errlen)
{
	struct kallsyms img;
	char why[512];

	if (kallsyms_from_map(path, ks, err, errlen))
		return -1;
	if (from_installed(release, uts_version, &img, im, why, sizeof(why))) {
		snprintf(err, errlen, "%s: cannot check that it is kernel %s's table: %s", path,
			 release, why);
		kallsyms_free(ks);
		return -1;
	}
	if (kallsyms_same_kernel(ks, &img, err, errlen)) {
		kallsyms_free(ks);
		kallsyms_free(&img);
		elf_image_free(im);
		return -1;
	}
	kallsyms_free(&img);
	return 0;
}

/* /proc/kallsyms, when kernel @release is the one running here. */
static int from_proc(const char *release, struct kallsyms *ks, char *err, size_t errlen)
{
	struct utsname u;

	if (uname(&u) || strcmp(u.release, release))
		return 1;
	if (kallsyms_from_map("/proc/kallsyms", ks, err, errlen))
		return -1;
	if (!ks->text) {
		snprintf(err, errlen, "/proc/kallsyms shows no addresses: run as root");
		kallsyms_free(ks);
		return -1;
	}
	return 0;
}

int kallsyms_for_kernel(const char *release, const char *file, const char *uts_version,
			struct kallsyms *ks, struct elf_image *im, char *err, size_t errlen)
{
	struct elf_image local;
	int r;

	if (!im)
		im = &local;
	memset(im, 0, sizeof(*im));
	memset(ks, 0, sizeof(*ks));
	if (file && kimage_plausible(file))
		r = from_image(file, release, uts_version, ks, im, err, errlen);
	else if (file)
		r = from_text(file, release, uts_version, ks, im, err, errlen);
	else if ((r = from_proc(release, ks, err, errlen)) > 0)
		r = from_installed(release, uts_version, ks, im, err, errlen);
	if (im == &local)
		elf_image_free(im);
	return r;
}
