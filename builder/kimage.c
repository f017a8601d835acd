/*
 * The target kernel's image (see kimage.h).  A bzImage carries the
 * vmlinux ELF compressed after its real-mode setup code: the boot
 * protocol (2.08 and later, Documentation/x86/boot.rst) says where,
 * and the vmlinux relocations appended to it for KASLR do not disturb
 * the ELF headers at its start.
 */
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "builder/build.h"
#include "builder/kimage.h"

/* Offsets in the bzImage setup header (boot protocol). */
#define BZ_SETUP_SECTS	0x1f1
#define BZ_MAGIC	0x202	/* "HdrS" */
#define BZ_PAYLOAD	0x248	/* offset from the protected-mode code, then length */

static int read_all(const char *path, unsigned char **buf, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20, n = 0, got;
	unsigned char *b;

	if (!f)
		return -1;
	b = xmalloc(cap);
	while ((got = fread(b + n, 1, cap - n, f)) > 0)
		if ((n += got) == cap)
			b = xrealloc(b, cap *= 2);
	fclose(f);
	*buf = b;
	*size = n;
	return 0;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The xz stream at @in into a new buffer; NULL when it is not one. */
static unsigned char *unxz(const unsigned char *in, size_t len, size_t *out_size)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 64 << 20;
	unsigned char *out = xmalloc(cap);
	lzma_ret r;

	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) {
		free(out);
		return NULL;
	}
	s.next_in = in;
	s.avail_in = len;
	s.next_out = out;
	s.avail_out = cap;
	/* the kernel appends the size after the stream: stop at its end */
	while ((r = lzma_code(&s, LZMA_FINISH)) == LZMA_OK) {
		if (s.avail_out)
			break;	/* input used up before the stream's end */
		out = xrealloc(out, cap * 2);
		s.next_out = out + cap;
		s.avail_out = cap;
		cap *= 2;
	}
	*out_size = s.total_out;
	lzma_end(&s);
	if (r != LZMA_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* The vmlinux inside bzImage @b; NULL with @why set when there is none. */
static unsigned char *bz_payload(const unsigned char *b, size_t size, size_t *out,
				 const char **why)
{
	size_t pm, off, len;

	*why = "neither a vmlinux nor a bzImage";
	if (size < BZ_PAYLOAD + 8 || memcmp(b + BZ_MAGIC, "HdrS", 4))
		return NULL;
	pm = ((size_t)(b[BZ_SETUP_SECTS] ? b[BZ_SETUP_SECTS] : 4) + 1) * 512;
	off = pm + le32(b + BZ_PAYLOAD);
	len = le32(b + BZ_PAYLOAD + 4);
	*why = "a bzImage whose payload lies beyond its end";
	if (off > size || len > size - off)
		return NULL;
	*why = "a bzImage not compressed with xz";
	if (len < 6 || memcmp(b + off, "\3757zXZ", 6))
		return NULL;
	*why = "a bzImage whose xz payload does not decompress";
	return unxz(b + off, len, out);
}

bool kimage_plausible(const char *path)
{
	unsigned char h[BZ_MAGIC + 4];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(h, 1, sizeof(h), f) : 0;

	if (f)
		fclose(f);
	return (n >= 4 && !memcmp(h, "\177ELF", 4)) ||
	       (n == sizeof(h) && !memcmp(h + BZ_MAGIC, "HdrS", 4));
}

static int load(struct build_job *job, const char *path)
{
	unsigned char *buf, *elf;
	size_t size, esize;
	const char *why;
	char err[512];

	if (read_all(path, &buf, &size)) {
		build_progress("note: cannot read %s: the kernel's code is not compared", path);
		return -1;
	}
	if (size >= 4 && !memcmp(buf, "\177ELF", 4)) {
		elf = buf;
		esize = size;
	} else if (!(elf = bz_payload(buf, size, &esize, &why))) {
		build_progress("note: %s: %s: the kernel's code is not compared", path, why);
		free(buf);
		return -1;
	} else {
		free(buf);
	}
	job->image = xcalloc(1, sizeof(*job->image));
	if (elf_image_open(job->image, path, elf, esize, err, sizeof(err))) {
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
}
