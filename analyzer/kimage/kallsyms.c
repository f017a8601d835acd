/*
 * The kallsyms tables of a kernel image (see kimage.h), found by their
 * structure as scripts/kallsyms.c writes them into .rodata, each table
 * 8-aligned on x86_64:
 *   6.1:  offsets, relative_base, num_syms, names, markers,
 *         [seqs_of_names], token_table, token_index
 *   6.12: num_syms, names, markers, token_table, token_index, offsets,
 *         relative_base, seqs_of_names
 * Both have num_syms right before names, and markers (the offset of
 * every 256th name, the first 0) after them.  Every character that
 * occurs in a symbol name is its own token, so the token table holds
 * "0", "1", ... "9" in a row; the token index (256 offsets into the
 * token table) confirms it.  The rest follows from there, and every step
 * is checked against the next (names decode to exactly the markers,
 * _text lands on the image's .text), so a false match is dropped.
 * Only base-relative tables (CONFIG_KALLSYMS_BASE_RELATIVE, every x86_64
 * kernel since 4.6) are read; absolute per-cpu mode is told from the
 * offsets' signs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "analyzer/kimage/kimage.h"

#define KSYM_NAME_MAX	512	/* longest name kallsyms encodes, in tokens */
#define MIN_SYMS	256	/* two markers at least: every kernel has more */

/* One loadable segment, where .rodata lies. */
struct seg {
	const unsigned char *p;
	unsigned long vaddr;
	size_t size;
};

struct tables {
	struct seg s;
	size_t tokens, index;	/* token_table, token_index (offsets in s) */
	size_t names, markers, n;
};

static uint32_t rd32(const struct seg *s, size_t off)
{
	const unsigned char *p = s->p + off;

	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const struct seg *s, size_t off)
{
	return rd32(s, off) | (uint64_t)rd32(s, off + 4) << 32;
}

static size_t align8(const struct seg *s, size_t off)
{
	return ((s->vaddr + off + 7) & ~7UL) - s->vaddr;
}

/* Token index at the 8-aligned end of tokens 0x30..0xff starting at @zero. */
static bool tokens_at(struct tables *t, size_t zero)
{
	const struct seg *s = &t->s;
	size_t q = zero, start;
	uint16_t idx[256];

	for (int i = 0x30; i < 256; i++) {
		const unsigned char *nul = memchr(s->p + q, 0, s->size - q);

		if (!nul || nul == s->p + q)
			return false;
		q = nul - s->p + 1;
	}
	t->index = align8(s, q);
	if (t->index + 512 > s->size)
		return false;
	for (int i = 0; i < 256; i++)
		idx[i] = s->p[t->index + 2 * i] | s->p[t->index + 2 * i + 1] << 8;
	if (idx[0] || idx[0x30] > zero)
		return false;
	start = zero - idx[0x30];
	for (int i = 1; i < 256; i++)
		if (idx[i] <= idx[i - 1] || s->p[start + idx[i] - 1])
			return false;
	t->tokens = start;
	return !memchr(s->p + start + idx[255], 0, q - 1 - start - idx[255]);
}

static bool find_tokens(struct tables *t)
{
	static const char digits[] = "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0" "9";
	const unsigned char *p = t->s.p, *end = t->s.p + t->s.size;

	while ((p = memmem(p, end - p, digits, sizeof(digits))) != NULL) {
		if (p > t->s.p && !p[-1] && tokens_at(t, p - t->s.p))
			return true;
		p++;
	}
	return false;
}

/* Walk @n names from @names: the end, or 0 when they do not fit or
 * the markers at @markers (when not 0) disagree. */
static size_t walk_names(const struct seg *s, size_t names, size_t n, size_t limit,
			 size_t markers)
{
	size_t off = names;

	for (size_t i = 0; i < n; i++) {
		size_t len;

		if (off >= limit)
			return 0;
		if (markers && !(i & 0xff) && rd32(s, markers + (i >> 8) * 4) != off - names)
			return 0;
		len = s->p[off];
		if (len & 0x80) {
			if (off + 1 >= limit)
				return 0;
			len = (len & 0x7f) | (size_t)s->p[off + 1] << 7;
			off++;
		}
		if (!len || len > KSYM_NAME_MAX)
			return 0;
		off += 1 + len;
	}
	return off <= limit ? off : 0;
}

/*
 * Names before markers at @m (k markers read): num_syms sits 8 bytes
 * before the names, and the last marker's name is within 256 names of
 * their end.
 */
static bool names_before(struct tables *t, size_t m, size_t k)
{
	const struct seg *s = &t->s;
	size_t last = rd32(s, m + (k - 1) * 4), reach = 256 * (KSYM_NAME_MAX + 2);

	for (size_t len = last + 1; len <= last + reach && len + 8 <= m; len++) {
		size_t names = m - len, n, end;

		if (align8(s, names) != names || rd32(s, names - 4))
			continue;
		n = rd32(s, names - 8);
		if (n <= (k - 1) * 256 || n > k * 256)
			continue;
		end = walk_names(s, names, n, m, m);
		if (end && align8(s, end) == m) {
			t->names = names;
			t->markers = m;
			t->n = n;
			return true;
		}
	}
	return false;
}

/* Markers: 0, then rising by what 256 names take; ends before the tokens. */
static bool find_names(struct tables *t)
{
	const struct seg *s = &t->s;
	size_t lo = t->tokens > (64UL << 20) ? t->tokens - (64UL << 20) : 0;

	for (size_t m = t->tokens & ~7UL; m >= lo + 8; m -= 8) {
		size_t k = 1;
		uint32_t prev = 0;

		if (align8(s, m) != m || rd32(s, m))
			continue;
		while (m + 4 * (k + 1) <= t->tokens) {
			uint32_t v = rd32(s, m + 4 * k);

			if (v < prev + 256 * 2 || v > prev + 256 * (KSYM_NAME_MAX + 2))
				break;
			prev = v;
			k++;
		}
		for (; k >= MIN_SYMS / 256 + 1; k--)
			if (names_before(t, m, k))
				return true;
	}
	return false;
}

static char *expand(const struct tables *t, size_t *off)
{
	const struct seg *s = &t->s;
	size_t len = s->p[*off], p = *off + 1, n = 0;
	char buf[4096];

	if (len & 0x80) {
		len = (len & 0x7f) | (size_t)s->p[p] << 7;
		p++;
	}
	for (size_t i = 0; i < len; i++) {
		size_t tok = t->tokens + (s->p[t->index + 2 * s->p[p + i]] |
					  s->p[t->index + 2 * s->p[p + i] + 1] << 8);
		size_t tl = strnlen((const char *)s->p + tok, s->size - tok);

		if (n + tl >= sizeof(buf))
			tl = sizeof(buf) - 1 - n;
		memcpy(buf + n, s->p + tok, tl);
		n += tl;
	}
	*off = p + len;
	buf[n] = 0;
	return xstrdup(buf);
}

/* The address of entry @i from the offsets at @o, base @base. */
static unsigned long sym_addr(const struct seg *s, size_t o, size_t i, uint64_t base,
			      bool abs_percpu)
{
	int32_t v = (int32_t)rd32(s, o + 4 * i);

	if (!abs_percpu)
		return base + (uint32_t)v;
	return v >= 0 ? (unsigned long)v : base - 1 - v;
}

/* Decode every name and address with the offsets at @o; false when _text
 * is not the image's .text (not the offsets, or not these). */
static bool decode(const struct tables *t, size_t o, unsigned long text, struct kallsyms *ks)
{
	const struct seg *s = &t->s;
	size_t rb = align8(s, o + 4 * t->n), off = t->names;
	bool abs_percpu = false;
	uint64_t base;

	if (o + 4 * t->n > s->size || rb + 8 > s->size)
		return false;
	base = rd64(s, rb);
	for (size_t i = 0; i < t->n && !abs_percpu; i++)
		abs_percpu = (int32_t)rd32(s, o + 4 * i) < 0;
	ks->syms = xcalloc(t->n, sizeof(*ks->syms));
	for (ks->n = 0; ks->n < t->n; ks->n++) {
		struct kallsym *k = &ks->syms[ks->n];
		char *full = expand(t, &off);

		k->type = full[0];
		k->name = xstrdup(full[0] ? full + 1 : full);
		free(full);
		k->addr = sym_addr(s, o, ks->n, base, abs_percpu);
		if (!strcmp(k->name, "_text"))
			ks->text = k->addr;
	}
	if (ks->text == text)
		return true;
	for (size_t i = 0; i < ks->n; i++)
		free(ks->syms[i].name);
	free(ks->syms);
	ks->syms = NULL;
	ks->n = 0;
	ks->text = 0;
	return false;
}

/* The banner the table's linux_banner points at, in the image. */
static void read_banner(const struct elf_image *im, struct kallsyms *ks)
{
	const struct kallsym *b = kallsyms_lookup(ks, "linux_banner");
	const unsigned char *p = NULL;
	size_t len = 0;

	for (size_t want = 1024; b && want && !(p = elf_image_at(im, b->addr, want)); want /= 2)
		;
	while (p && len < 1023 && p[len] && p[len] != '\n')
		len++;
	if (!p || !str_starts((const char *)p, "Linux version "))
		return;
	ks->banner = xstrndup((const char *)p, len);
	ks->release = xstrndup(ks->banner + 14, strcspn(ks->banner + 14, " "));
}

int kallsyms_from_image(const struct elf_image *im, struct kallsyms *ks, char *err,
			size_t errlen)
{
	memset(ks, 0, sizeof(*ks));
	ks->source = xstrdup(im->path);
	for (size_t i = 0; i < im->nsegs; i++) {
		struct tables t = { .s = { im->buf + im->segs[i].offset, im->segs[i].vaddr,
					   im->segs[i].filesz } };

		if (!find_tokens(&t) || !find_names(&t))
			continue;
		/* 6.12 puts the offsets after the token index, 6.1 before num_syms */
		if (decode(&t, align8(&t.s, t.index + 512), im->text, ks) ||
		    (t.names >= 16 + 4 * t.n &&
		     decode(&t, (t.names - 16 - 4 * t.n) & ~7UL, im->text, ks))) {
			read_banner(im, ks);
			return 0;
		}
	}
	snprintf(err, errlen, "%s: no kallsyms tables found (a kernel without CONFIG_KALLSYMS, "
		 "or not base-relative)", im->path);
	return -1;
}
