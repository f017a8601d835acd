/*
 * The target's symbol table read out of its installed kernel image
 * (analyzer/kimage/), for every /boot/vmlinuz-VER here (Debian 6.1 is
 * xz, 6.12 zstd): the release its banner names is the file's, _text is
 * the image's .text, the order is kallsyms' (by address), a static
 * variable the kernel has twice ('debugfs_root') is there twice, a
 * function with an __fentry__ site is told from a notrace one, and a
 * table is refused for another kernel, or a System.map whose layout is
 * not the image's.  Skipped (77) when no image is installed.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"
#include "analyzer/kimage/kimage.h"
#include "tests/unit/check.h"

/* The table as a System.map, every address moved by @slide (KASLR), @name moved by @shift. */
static char *write_map(const struct kallsyms *ks, unsigned long slide, const char *name,
		       long shift)
{
	char *path = xstrdup("/tmp/kpcheck-kimage-XXXXXX");
	FILE *f = fdopen(mkstemp(path), "w");

	for (size_t i = 0; i < ks->n; i++)
		fprintf(f, "%016lx %c %s\n", ks->syms[i].addr + slide +
			(!strcmp(ks->syms[i].name, name) ? shift : 0), ks->syms[i].type,
			ks->syms[i].name);
	fclose(f);
	return path;
}

static void check_maps(struct kallsyms *ks)
{
	char *good = write_map(ks, 0x2a00000, "", 0);
	char *moved = write_map(ks, 0x2a00000, "linux_banner", 64);
	struct kallsyms a, b;
	char err[512];

	CHECK(kallsyms_from_map(good, &a, err, sizeof(err)) == 0);
	CHECK(kallsyms_same_kernel(&a, ks, err, sizeof(err)) == 0);
	CHECK(kallsyms_from_map(moved, &b, err, sizeof(err)) == 0);
	CHECK(kallsyms_same_kernel(&b, ks, err, sizeof(err)) == -1);
	CHECK(strstr(err, "'linux_banner' lies elsewhere") != NULL);
	kallsyms_free(&b);
	/* below _text: a distance that is negative, yet there */
	unlink(moved);
	free(moved);
	moved = write_map(ks, 0x2a00000, "linux_banner", -0x40000000L);
	CHECK(kallsyms_from_map(moved, &b, err, sizeof(err)) == 0);
	CHECK(kallsyms_same_kernel(&b, ks, err, sizeof(err)) == -1);
	CHECK(strstr(err, "'linux_banner' lies elsewhere") != NULL);
	kallsyms_free(&a);
	kallsyms_free(&b);
	unlink(good);
	unlink(moved);
	free(good);
	free(moved);
}

static void check_image(const char *path, const char *release)
{
	struct elf_image im;
	struct kallsyms ks;
	char err[512];
	bool sorted = true;

	if (kimage_read(path, &im, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		CHECK(!"image read");
		return;
	}
	CHECK(kallsyms_from_image(&im, &ks, err, sizeof(err)) == 0);
	CHECK_STR(ks.release, release);
	CHECK(kallsyms_check_release(&ks, release, NULL, err, sizeof(err)) == 0);
	CHECK(kallsyms_check_release(&ks, "6.0.0-1-amd64", NULL, err, sizeof(err)) == -1);
	CHECK(kallsyms_check_release(&ks, release, "#2 SMP another build", err,
				     sizeof(err)) == -1);
	CHECK(ks.n > 50000 && ks.text == im.text);
	for (size_t i = 1; i < ks.n; i++)
		sorted &= ks.syms[i].addr >= ks.syms[i - 1].addr;
	CHECK(sorted);
	CHECK(kallsyms_count(&ks, "debugfs_root") == 2);
	CHECK(kallsyms_lookup(&ks, "vfs_read") && kallsyms_lookup(&ks, "vfs_read")->type == 'T');
	CHECK(kimage_fentry(&im, &ks, "vfs_read") == 1);
	CHECK(kimage_fentry(&im, &ks, "__do_sys_newuname") == 0);	/* notrace inline */
	CHECK(kimage_fentry(&im, &ks, "no_such_function_here") == -1);
	check_maps(&ks);
	kallsyms_free(&ks);
	elf_image_free(&im);
}

int main(void)
{
	DIR *d = opendir("/boot");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (str_starts(e->d_name, "vmlinuz-")) {
			char *path = xasprintf("/boot/%s", e->d_name);

			check_image(path, e->d_name + 8);
			free(path);
			n++;
		}
	if (d)
		closedir(d);
	if (!n) {
		puts("no /boot/vmlinuz-* installed");
		return 77;
	}
	return check_done();
}
