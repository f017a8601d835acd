/*
 * Comparing one function or datum of the original object with its twin
 * in the patched one.  Bytes are compared outside relocations; a
 * relocation is compared by what it points at (the paired symbol and the
 * offset into it, the contents of a string literal or merged constant),
 * never by section offsets, so code that only moved does not count.
 *
 * A difference confined to the 32-bit immediate of a `mov $imm, %reg` (or
 * `push $imm`, `movl $imm, disp(%rsp)`) whose old and new values are both
 * plausible line numbers, plus __bug_table entries that differ only in
 * their line field, is a moved __LINE__ (WARN_ON, might_sleep, BUG_ON
 * below an insertion), reported as such and not as a change.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/dwarf.h"
#include "analyzer/object/objdiff.h"
#include "lib/util.h"

enum tkind { T_SYM, T_STR, T_CONST, T_SECTION, T_EXTERN, T_CODE };

struct target {
	enum tkind kind;
	const struct od_sym *s;
	const struct section *sec;
	const char *name;
	const unsigned char *bytes;
	size_t len;
	long delta;
};

/* A piece of symbol-less code (see struct od_pieces) starting at @at. */
static bool piece(const struct section *sec, long at, struct target *t)
{
	const struct od_pieces *p = sec->priv;
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->starts[mid] <= (unsigned long)at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || p->starts[lo - 1] != (unsigned long)at || (unsigned long)at > sec->size)
		return false;
	t->kind = T_CODE;
	t->bytes = sec->data + at;
	t->len = (lo < p->n ? p->starts[lo] : sec->size) - at;
	return true;
}

/* @at: where in @sec the relocation points (elf_reloc_target). */
static void resolve_in_section(const struct section *sec, long at, struct target *t)
{
	struct symbol *s;

	t->sec = sec;
	t->delta = at;
	if ((sec->sh.sh_flags & SHF_STRINGS) && at >= 0 &&
	    (t->name = section_string(sec, at))) {
		t->kind = T_STR;
		return;
	}
	if ((sec->sh.sh_flags & SHF_MERGE) && sec->sh.sh_entsize && at >= 0 &&
	    (unsigned long)at < sec->size && sec->sh.sh_entsize <= sec->size - at) {
		t->kind = T_CONST;
		t->bytes = sec->data + at;
		t->len = sec->sh.sh_entsize;
		return;
	}
	if (sec->priv && at >= 0 && piece(sec, at, t))
		return;
	s = elf_symbol_at(sec, at < 0 ? 0 : at);
	if (s && s->priv) {
		t->kind = T_SYM;
		t->s = s->priv;
		t->delta = at - (long)s->offset;
		return;
	}
	t->kind = T_SECTION;
}

static void resolve(const struct section *from, const struct reloc *r, struct target *t)
{
	const struct symbol *sym = r->sym;

	memset(t, 0, sizeof(*t));
	/* section symbols, local labels (.LC0) and literals (clang's .L.str.N,
	 * numbered per build): where in the section, what is there? */
	if (sym->sec && (sym->type == STT_SECTION ||
			 (sym->type == STT_NOTYPE && sym->bind == STB_LOCAL) ||
			 (sym->sec->sh.sh_flags & (SHF_STRINGS | SHF_MERGE)))) {
		resolve_in_section(sym->sec, elf_reloc_target(from, r), t);
		return;
	}
	t->delta = r->addend;
	t->name = sym->name;
	if (sym->priv) {
		t->kind = T_SYM;
		t->s = sym->priv;
		return;
	}
	t->kind = T_EXTERN;
}

struct od_sym *od_target_sym(const struct section *from, const struct reloc *r)
{
	struct target t;

	resolve(from, r, &t);
	return t.kind == T_SYM ? (struct od_sym *)t.s : NULL;
}

/* Names equal once __COUNTER__ suffixes are dropped. */
static bool names_equal(const char *a, const char *b)
{
	bool sa, sb;
	char *ca, *cb;
	bool eq;

	if (!strcmp(a, b))
		return true;
	if (!str_starts(a, "__UNIQUE_ID_") || !str_starts(b, "__UNIQUE_ID_"))
		return false;
	ca = od_canon_name(a, &sa);
	cb = od_canon_name(b, &sb);
	eq = !strcmp(ca, cb);
	free(ca);
	free(cb);
	return eq;
}

/*
 * .altinstr_aux holds the code static_cpu_has() runs before alternatives
 * are applied; in a module it is never run (alternatives are applied at
 * load), so where in it a reference points does not matter.
 */
static bool both_altinstr_aux(const struct target *a, const struct target *b)
{
	return a->sec && b->sec && !strcmp(a->sec->name, ".altinstr_aux") &&
	       !strcmp(b->sec->name, ".altinstr_aux");
}

static bool code_equal(const struct target *a, const struct target *b);

static bool targets_equal(const struct target *a, const struct target *b)
{
	if (both_altinstr_aux(a, b))
		return true;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case T_SYM:
		if (a->s->special_static && b->s->special_static)
			return !strcmp(a->s->canon, b->s->canon) && a->delta == b->delta;
		return a->s->twin == b->s && a->delta == b->delta;
	case T_STR:
		return !strcmp(a->name, b->name);
	case T_CONST:
		return a->len == b->len && !memcmp(a->bytes, b->bytes, a->len);
	case T_SECTION:
		return !strcmp(a->sec->name, b->sec->name) && a->delta == b->delta;
	case T_EXTERN:
		return names_equal(a->name, b->name) && a->delta == b->delta;
	case T_CODE:
		return code_equal(a, b);
	}
	return false;
}

/* What two relocations of the same type point at; false on a type change. */
static bool resolve_pair(const struct section *sa, const struct reloc *ra,
			 const struct section *sb, const struct reloc *rb,
			 struct target *ta, struct target *tb)
{
	if (ra->type != rb->type)
		return false;
	resolve(sa, ra, ta);
	resolve(sb, rb, tb);
	return true;
}

static bool relocs_equal(const struct section *sa, const struct reloc *ra,
			 const struct section *sb, const struct reloc *rb)
{
	struct target ta, tb;

	return resolve_pair(sa, ra, sb, rb, &ta, &tb) && targets_equal(&ta, &tb);
}

#define MAX_RANGES 32

/* A walk over the same extent of two sections, byte ranges that differ. */
struct walk {
	const struct section *sa, *sb;
	unsigned long oa, ob, size;
	unsigned long lo[MAX_RANGES], hi[MAX_RANGES];
	int nranges;
	bool changed;		/* relocations differ, or too many ranges */
	int line_strings;	/* relocations to strings differing in a line only */
	unsigned long at;	/* where, relative to the start */
};

static void add_range(struct walk *w, unsigned long pos)
{
	if (w->nranges && w->hi[w->nranges - 1] == pos) {
		w->hi[w->nranges - 1]++;
		return;
	}
	if (w->nranges == MAX_RANGES) {
		w->changed = true;
		w->at = pos;
		return;
	}
	w->lo[w->nranges] = pos;
	w->hi[w->nranges++] = pos + 1;
}

static void compare_gap(struct walk *w, unsigned long from, unsigned long to)
{
	const unsigned char *a = w->sa->data + w->oa, *b = w->sb->data + w->ob;

	if (to <= from || !memcmp(a + from, b + from, to - from))
		return;
	for (unsigned long i = from; i < to && !w->changed; i++)
		if (a[i] != b[i])
			add_range(w, i);
}

/* The next relocation in the extent; R_X86_64_NONE patches nothing and
 * differs between toolchains (recordmcount), so it is not compared. */
static const struct reloc *next_reloc(const struct section *s, size_t *i,
				      unsigned long base, unsigned long end)
{
	while (*i < s->nrelocs && s->relocs[*i].type == R_X86_64_NONE)
		(*i)++;
	return *i < s->nrelocs && s->relocs[*i].offset < base + end ? &s->relocs[*i] : NULL;
}

static void changed_at(struct walk *w, unsigned long pos)
{
	w->changed = true;
	w->at = pos;
}

/*
 * Do two strings differ only in line numbers, "x86.c:8493" against
 * "x86.c:8494"?  __FILE__ ":" __stringify(__LINE__) ends up in string
 * literals (fortify's field-spanning memcpy warning, BUILD_BUG messages),
 * so a moved line changes the literal and nothing else.
 */
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool line_string_only(const char *a, const char *b)
{
	size_t i = 0, j = 0;
	bool moved = false;

	while (a[i] || b[j]) {
		if (a[i] == b[j]) {
			i++;
			j++;
			continue;
		}
		/* a differing number right after "file:" in both (back to
		 * where the number starts: 8493 and 8494 share "849") */
		while (i > 0 && j > 0 && is_digit(a[i - 1]) && is_digit(b[j - 1])) {
			i--;
			j--;
		}
		if (i == 0 || j == 0 || a[i - 1] != ':' || b[j - 1] != ':' ||
		    !is_digit(a[i]) || !is_digit(b[j]))
			return false;
		while (is_digit(a[i]))
			i++;
		while (is_digit(b[j]))
			j++;
		moved = true;
	}
	return moved;
}

static bool line_strings(const struct section *sa, const struct reloc *ra,
			 const struct section *sb, const struct reloc *rb)
{
	struct target ta, tb;

	if (!resolve_pair(sa, ra, sb, rb, &ta, &tb))
		return false;
	return ta.kind == T_STR && tb.kind == T_STR && ta.name != tb.name &&
	       line_string_only(ta.name, tb.name);
}

static void walk_extent(struct walk *w)
{
	size_t ia = elf_reloc_lower(w->sa, w->oa), ib = elf_reloc_lower(w->sb, w->ob);
	unsigned long pos = 0;
	const struct reloc *ra, *rb;

	while (!w->changed) {
		ra = next_reloc(w->sa, &ia, w->oa, w->size);
		rb = next_reloc(w->sb, &ib, w->ob, w->size);
		if (!ra || !rb) {
			if (ra || rb)
				return changed_at(w, (ra ? ra->offset - w->oa : rb->offset - w->ob));
			return compare_gap(w, pos, w->size);
		}
		if (ra->offset - w->oa != rb->offset - w->ob || ra->offset - w->oa < pos)
			return changed_at(w, pos);
		compare_gap(w, pos, ra->offset - w->oa);
		if (!relocs_equal(w->sa, ra, w->sb, rb)) {
			if (!line_strings(w->sa, ra, w->sb, rb))
				return changed_at(w, ra->offset - w->oa);
			w->line_strings++;
		}
		pos = ra->offset - w->oa + elf_reloc_width(ra->type);
		ia++;
		ib++;
	}
}

static unsigned int le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

/* Is there an imm32 opcode right before offset @p of @code? */
static bool imm32_before(const unsigned char *code, unsigned long p)
{
	if (p >= 1 && ((code[p - 1] >= 0xb8 && code[p - 1] <= 0xbf) || code[p - 1] == 0x68))
		return true;
	/* movl $imm, disp8(%rsp): c7 44 24 XX imm32 */
	return p >= 4 && code[p - 4] == 0xc7 && code[p - 3] == 0x44 && code[p - 2] == 0x24;
}

static bool plausible_line(unsigned int v)
{
	return v >= 1 && v <= 65535;
}

/*
 * Is the range [lo, hi) the immediate of an instruction loading a line?
 * All of a function's moved lines move by the same amount (*delta, 0
 * until the first one), which rules out most real constant changes.
 */
static bool line_range(const struct walk *w, unsigned long lo, unsigned long hi,
		       long *delta)
{
	const unsigned char *a = w->sa->data + w->oa, *b = w->sb->data + w->ob;

	for (unsigned long p = hi >= 4 ? hi - 4 : 0; p <= lo; p++) {
		unsigned int va, vb;

		if (p + 4 > w->size || !imm32_before(a, p) || !imm32_before(b, p))
			continue;
		va = le32(a + p);
		vb = le32(b + p);
		if (va == vb || !plausible_line(va) || !plausible_line(vb) ||
		    (*delta && *delta != (long)vb - (long)va))
			continue;
		*delta = (long)vb - (long)va;
		return true;
	}
	return false;
}

/* OD_SAME, OD_LINE_ONLY or OD_CHANGED from the walk's ranges. */
static enum od_status walk_status(struct walk *w, bool code)
{
	long delta = 0;

	if (w->changed || (!code && w->line_strings))
		return OD_CHANGED;
	for (int i = 0; i < w->nranges; i++)
		if (!code || !line_range(w, w->lo[i], w->hi[i], &delta)) {
			w->at = w->lo[i];
			return OD_CHANGED;
		}
	return w->nranges || w->line_strings ? OD_LINE_ONLY : OD_SAME;
}

static void walk_init(struct walk *w, const struct symbol *a, const struct symbol *b)
{
	memset(w, 0, sizeof(*w));
	w->sa = a->sec;
	w->sb = b->sec;
	w->oa = a->offset;
	w->ob = b->offset;
	w->size = a->size;
}

/* Entries of a special section: line-only differences in __bug_table. */
static enum od_status compare_entry(const struct od_entry *ea, const struct od_entry *eb)
{
	struct walk w;
	enum od_status st;

	memset(&w, 0, sizeof(w));
	w.sa = ea->sec;
	w.sb = eb->sec;
	w.oa = ea->offset;
	w.ob = eb->offset;
	w.size = ea->size;
	walk_extent(&w);
	st = walk_status(&w, false);
	/* struct bug_entry: disp, file, u16 line at 8, u16 flags at 10 */
	if (st == OD_CHANGED && !w.changed && !strcmp(ea->kind->name, "__bug_table") &&
	    w.nranges && w.lo[0] >= 8 && w.hi[w.nranges - 1] <= 10)
		return OD_LINE_ONLY;
	return st;
}

static enum od_status compare_entries(const struct od_sym *a, const struct od_sym *b)
{
	enum od_status st = OD_SAME;

	if (a->nentries != b->nentries)
		return OD_CHANGED;
	for (int i = 0; i < a->nentries; i++) {
		const struct od_entry *ea = &a->entries[i], *eb = &b->entries[i];
		enum od_status s;

		if (ea->kind != eb->kind || ea->at != eb->at || ea->size != eb->size)
			return OD_CHANGED;
		s = compare_entry(ea, eb);
		if (s > st)
			st = s;
	}
	return st;
}

/*
 * Two pieces of symbol-less code (an alternative's replacement, a fixup)
 * are equal when their bytes and what their relocations point at are;
 * inside them, a reference to another piece compares by its bytes only.
 */
static bool code_equal(const struct target *a, const struct target *b)
{
	static __thread int depth;
	struct walk w;
	bool eq;

	if (a->len != b->len)
		return false;
	if (depth)
		return !memcmp(a->bytes, b->bytes, a->len);
	memset(&w, 0, sizeof(w));
	w.sa = a->sec;
	w.sb = b->sec;
	w.oa = a->delta;
	w.ob = b->delta;
	w.size = a->len;
	depth++;
	walk_extent(&w);
	eq = walk_status(&w, false) == OD_SAME;
	depth--;
	return eq;
}

enum od_status od_compare_func(struct od_result *r, struct od_sym *a, struct od_sym *b)
{
	struct walk w;
	enum od_status st, se;

	(void)r;
	b->diff_at = 0;
	if (a->sym->size != b->sym->size || !a->sym->sec->data || !b->sym->sec->data)
		return OD_CHANGED;
	walk_init(&w, a->sym, b->sym);
	walk_extent(&w);
	st = walk_status(&w, true);
	b->diff_at = w.at;
	if (st == OD_CHANGED)
		return st;
	se = compare_entries(a, b);
	return se > st ? se : st;
}

bool od_data_equal(struct od_result *r, struct od_sym *a, struct od_sym *b)
{
	struct walk w;

	(void)r;
	if (a->sym->size != b->sym->size)
		return false;
	if (!a->sym->sec->data || !b->sym->sec->data)
		return !a->sym->sec->data && !b->sym->sec->data;
	walk_init(&w, a->sym, b->sym);
	walk_extent(&w);
	b->diff_at = w.at;
	return walk_status(&w, false) == OD_SAME;
}
