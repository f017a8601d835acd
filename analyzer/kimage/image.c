/*
 * A kernel image into memory (see kimage.h).  A bzImage carries the
 * vmlinux ELF compressed after its real-mode setup code: the boot
 * protocol (2.08 and later, Documentation/x86/boot.rst) says where, and
 * the payload's first bytes say how it is compressed.  The kernel
 * appends the decompressed size, little-endian, after the stream: the
 * output buffer starts at that size.  Decompression is each format's
 * Debian library (liblzma, zlib, libzstd, liblz4), never our own.
 */
#include <lz4.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include "lib/util.h"
#include "analyzer/kimage/kimage.h"

/* Offsets in the bzImage setup header (boot protocol). */
#define BZ_SETUP_SECTS	0x1f1
#define BZ_MAGIC	0x202	/* "HdrS" */
#define BZ_PAYLOAD	0x248	/* offset from the protected-mode code, then length */
/* No x86_64 vmlinux is larger; a size beyond it is a corrupt trailer. */
#define MAX_VMLINUX	(1UL << 30)

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static int read_all(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	size_t got;

	if (!f)
		return -1;
	b->cap = 1 << 20;
	b->len = 0;
	b->p = xmalloc(b->cap);
	while ((got = fread(b->p + b->len, 1, b->cap - b->len, f)) > 0)
		if ((b->len += got) == b->cap)
			b->p = xrealloc(b->p, b->cap *= 2);
	fclose(f);
	return 0;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Room for @more bytes after b->len. */
static void reserve(struct buf *b, size_t more)
{
	if (b->cap - b->len >= more)
		return;
	while (b->cap - b->len < more)
		b->cap = b->cap ? b->cap * 2 : 1 << 20;
	b->p = xrealloc(b->p, b->cap);
}

static int unxz(const unsigned char *in, size_t len, struct buf *out)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r = LZMA_OK;

	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return -1;
	s.next_in = in;
	s.avail_in = len;
	/* the size trailer after the stream is not xz: stop at its end */
	while (r == LZMA_OK) {
		reserve(out, 1 << 20);
		s.next_out = out->p + out->len;
		s.avail_out = out->cap - out->len;
		r = lzma_code(&s, LZMA_FINISH);
		out->len = out->cap - s.avail_out;
		if (r == LZMA_OK && s.avail_out)
			break;	/* input used up before the stream's end */
	}
	lzma_end(&s);
	return r == LZMA_STREAM_END ? 0 : -1;
}

static int gunzip(const unsigned char *in, size_t len, struct buf *out)
{
	z_stream s = { 0 };
	int r = Z_OK;

	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return -1;
	s.next_in = (unsigned char *)in;
	s.avail_in = len > UINT32_MAX ? UINT32_MAX : len;
	while (r == Z_OK) {
		reserve(out, 1 << 20);
		s.next_out = out->p + out->len;
		s.avail_out = out->cap - out->len > UINT32_MAX ? UINT32_MAX : out->cap - out->len;
		r = inflate(&s, Z_NO_FLUSH);
		out->len = s.total_out;
		if (r == Z_BUF_ERROR && s.avail_out)
			break;
		if (r == Z_BUF_ERROR)
			r = Z_OK;
	}
	inflateEnd(&s);
	return r == Z_STREAM_END ? 0 : -1;
}

static int unzstd(const unsigned char *in, size_t len, struct buf *out)
{
	ZSTD_DStream *d = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, len, 0 };
	size_t r = 1;

	if (!d)
		return -1;
	/* the kernel's zstd payload is one frame, then the size trailer */
	while (r != 0 && ib.pos < ib.size) {
		ZSTD_outBuffer ob;

		reserve(out, 1 << 20);
		ob = (ZSTD_outBuffer){ out->p, out->cap, out->len };
		r = ZSTD_decompressStream(d, &ob, &ib);
		out->len = ob.pos;
		if (ZSTD_isError(r))
			break;
	}
	ZSTD_freeDStream(d);
	return r == 0 ? 0 : -1;
}

/*
 * The kernel's lz4 payload is lz4's legacy format (lz4 -l): a magic,
 * then blocks of a 32-bit compressed size and data, each decompressing
 * to at most 8 MiB; the size trailer ends it.
 */
static int unlz4(const unsigned char *in, size_t len, struct buf *out)
{
	const size_t block = 8 << 20;
	size_t p = 4;

	while (p + 4 <= len) {
		uint32_t n = le32(in + p);
		int got;

		if (n > len - p - 4 || n > (uint32_t)LZ4_compressBound((int)block))
			return out->len ? 0 : -1;	/* the trailer, or junk */
		reserve(out, block);
		got = LZ4_decompress_safe((const char *)in + p + 4, (char *)out->p + out->len,
					  (int)n, (int)block);
		if (got < 0)
			return out->len ? 0 : -1;
		out->len += (size_t)got;
		p += 4 + n;
	}
	return out->len ? 0 : -1;
}

static const struct {
	const char *magic;
	size_t len;
	const char *name;
	int (*decompress)(const unsigned char *in, size_t len, struct buf *out);
} formats[] = {
	{ "\3757zXZ\0", 6, "xz", unxz },
	{ "\037\213", 2, "gzip", gunzip },
	{ "\050\265\057\375", 4, "zstd", unzstd },
	{ "\002\041\114\030", 4, "lz4", unlz4 },
};

/* The compressed payload of bzImage @b: NULL with @why when there is none. */
static const unsigned char *bz_payload(const struct buf *b, size_t *len, const char **why)
{
	size_t pm, off;

	*why = "neither a vmlinux nor a bzImage";
	if (b->len < BZ_PAYLOAD + 8 || memcmp(b->p + BZ_MAGIC, "HdrS", 4))
		return NULL;
	pm = ((size_t)(b->p[BZ_SETUP_SECTS] ? b->p[BZ_SETUP_SECTS] : 4) + 1) * 512;
	off = pm + le32(b->p + BZ_PAYLOAD);
	*len = le32(b->p + BZ_PAYLOAD + 4);
	*why = "a bzImage whose payload lies beyond its end";
	if (off > b->len || *len > b->len - off || *len < 8)
		return NULL;
	return b->p + off;
}

/* The vmlinux in bzImage @b into @out; NULL @why on success. */
static const char *bz_vmlinux(const struct buf *b, struct buf *out)
{
	size_t len, size;
	const char *why;
	const unsigned char *in = bz_payload(b, &len, &why);

	if (!in)
		return why;
	size = le32(in + len - 4);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (memcmp(in, formats[i].magic, formats[i].len))
			continue;
		*out = (struct buf){ 0 };
		reserve(out, size && size < MAX_VMLINUX ? size + 1 : 64 << 20);
		if (!formats[i].decompress(in, len, out))
			return NULL;
		free(out->p);
		out->p = NULL;
		return formats[i].name;	/* the caller says it did not decompress */
	}
	return "a bzImage compressed with neither xz, gzip, zstd nor lz4";
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

int kimage_read(const char *path, struct elf_image *im, char *err, size_t errlen)
{
	struct buf b, elf = { 0 };
	const char *why;

	memset(im, 0, sizeof(*im));
	if (read_all(path, &b)) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	if (b.len >= 4 && !memcmp(b.p, "\177ELF", 4))
		return elf_image_open(im, path, b.p, b.len, err, errlen);
	why = bz_vmlinux(&b, &elf);
	free(b.p);
	if (!elf.p) {
		if (strchr(why, ' '))
			snprintf(err, errlen, "%s: %s", path, why);
		else
			snprintf(err, errlen, "%s: its %s payload does not decompress", path, why);
		return -1;
	}
	return elf_image_open(im, path, elf.p, elf.len, err, errlen);
}
