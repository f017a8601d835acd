/*
 * The target kernel's image and vmlinux symbol table for the builder
 * (see kimage.h), both through analyzer/kimage/: read on first use, as
 * most builds need neither, and at most once.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"
#include "builder/kimage.h"

/* UTS_VERSION of the target's headers ("#1 SMP ... Debian 6.1.192-3 (date)"), or NULL. */
static char *uts_version(const struct build_job *job)
{
	static const char *const files[] = { "utsversion.h", "compile.h" };
	char *found = NULL;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !found; i++) {
		char *path = xasprintf("%s/include/generated/%s", job->kdir, files[i]);
		FILE *f = fopen(path, "r");
		char *line = NULL, *q;
		size_t cap = 0;

		while (f && !found && getline(&line, &cap, f) > 0)
			if (str_starts(line, "#define UTS_VERSION \"") &&
			    (q = strrchr(line + 21, '"')))
				found = xstrndup(line + 21, q - line - 21);
		if (f)
			fclose(f);
		free(line);
		free(path);
	}
	return found;
}

/* The target's table, as kpcheck build finds it; -1 with why in job->symtab_error. */
static int find_table(struct build_job *job, struct kallsyms *ks, struct elf_image *im)
{
	char *uts = uts_version(job);
	char err[1024];
	int r = kallsyms_for_kernel(job->kver, job->symbols, uts, ks, im, err, sizeof(err));

	free(uts);
	if (r)
		job->symtab_error = xstrdup(err);
	return r;
}

int kimage_print_symbols(struct build_job *job, FILE *out)
{
	struct kallsyms ks;

	if (find_table(job, &ks, NULL)) {
		fprintf(stderr, "kpcheck: %s\n", job->symtab_error);
		return -1;
	}
	for (size_t i = 0; i < ks.n; i++)
		fprintf(out, "%016lx %c %s\n", ks.syms[i].addr, ks.syms[i].type, ks.syms[i].name);
	kallsyms_free(&ks);
	return fflush(out) ? -1 : 0;
}

/* vmlinux's table: --symbols FILE, else found (kallsyms_for_kernel()). */
int kimage_load_symbols(struct build_job *job)
{
	struct kallsyms ks;
	struct elf_image *im = xcalloc(1, sizeof(*im));

	job->symtab_tried = true;
	if (find_table(job, &ks, im)) {
		free(im);
		return -1;
	}
	job->vmtab = xcalloc(1, sizeof(*job->vmtab));
	ksymtab_from_kallsyms(job->vmtab, &ks);
	build_progress("vmlinux symbol table: %zu symbols from %s (%s)", ks.n, ks.source,
		       ks.release ? ks.release : "checked against the image");
	kallsyms_free(&ks);
	/* the image read on the way serves the kernel's code too, unless --vmlinux */
	if (im->buf && !job->vmlinux && !job->image_tried) {
		job->image = im;
		job->image_tried = true;
	} else {
		elf_image_free(im);
		free(im);
	}
	return 0;
}

const struct ksymtab *kimage_symbols(struct build_job *job)
{
	if (!job->symtab_tried)
		kimage_load_symbols(job);
	return job->vmtab;
}

const char *kimage_symbols_error(const struct build_job *job)
{
	return job->symtab_error ? job->symtab_error : "no symbol table";
}

static int load(struct build_job *job, const char *path)
{
	char err[1024];

	job->image = xcalloc(1, sizeof(*job->image));
	if (kimage_read(path, job->image, err, sizeof(err))) {
		build_progress("note: %s: the kernel's code is not compared", err);
		kimage_free(job);
		return -1;
	}
	return 0;
}

const struct elf_image *kimage_get(struct build_job *job)
{
	char *boot;

	if (job->image_tried)
		return job->image;
	job->image_tried = true;
	boot = xasprintf("/boot/vmlinuz-%s", job->kver);
	build_progress("reading the kernel's code from %s", job->vmlinux ? job->vmlinux : boot);
	load(job, job->vmlinux ? job->vmlinux : boot);
	free(boot);
	return job->image;
}

void kimage_free(struct build_job *job)
{
	if (job->image)
		elf_image_free(job->image);
	free(job->image);
	job->image = NULL;
	if (job->vmtab)
		ksymtab_free(job->vmtab);
	free(job->vmtab);
	job->vmtab = NULL;
	free(job->symtab_error);
	job->symtab_error = NULL;
}
