/*
 * DWARF reader (see dwarf.h).  A kernel .o is ET_REL: its .debug_info
 * refers to strings and code through relocations, which plain dwarf_begin()
 * leaves unapplied (every name would read as the first string), so the
 * object is opened through libdwfl's offline reporting, which relocates.
 *
 * One pass over every compilation unit collects the named structs and
 * unions (first complete definition wins: a .o has one CU, and kernel
 * headers define each type once) and the functions with code, each with
 * the names of the functions inlined anywhere inside it.
 */
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/object/dwarf.h"
#include "lib/util.h"

static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			Dwarf_Addr base, const char *file, const char *debuglink,
			GElf_Word crc, char **path)
{
	(void)mod, (void)userdata, (void)modname, (void)base, (void)file;
	(void)debuglink, (void)crc, (void)path;
	return -1;	/* never look for separate debug files */
}

static const Dwfl_Callbacks callbacks = {
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static void type_name(Dwarf_Die *die, char *buf, size_t size, int depth);

/* snprintf() that may truncate: type names only need to compare. */
static void put(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

static void referenced_name(Dwarf_Die *die, char *buf, size_t size, int depth)
{
	Dwarf_Attribute at;
	Dwarf_Die t;

	if (!dwarf_attr_integrate(die, DW_AT_type, &at) || !dwarf_formref_die(&at, &t))
		snprintf(buf, size, "void");
	else
		type_name(&t, buf, size, depth + 1);
}

static const char *tag_word(int tag)
{
	switch (tag) {
	case DW_TAG_structure_type: return "struct ";
	case DW_TAG_union_type: return "union ";
	case DW_TAG_enumeration_type: return "enum ";
	default: return "";
	}
}

/* A C-ish spelling of a type, enough to tell two member types apart. */
static void type_name(Dwarf_Die *die, char *buf, size_t size, int depth)
{
	char inner[256];
	const char *name = dwarf_diename(die);
	int tag = dwarf_tag(die);

	if (depth > 8) {
		put(buf, size, "...");
		return;
	}
	if (name && tag != DW_TAG_pointer_type) {
		put(buf, size, "%s%s", tag_word(tag), name);
		return;
	}
	referenced_name(die, inner, sizeof(inner), depth);
	switch (tag) {
	case DW_TAG_pointer_type: put(buf, size, "%s *", inner); break;
	case DW_TAG_const_type: put(buf, size, "const %s", inner); break;
	case DW_TAG_volatile_type: put(buf, size, "volatile %s", inner); break;
	case DW_TAG_array_type: put(buf, size, "%s[]", inner); break;
	case DW_TAG_subroutine_type: put(buf, size, "%s (*)()", inner); break;
	default: put(buf, size, "%s(anonymous)", tag_word(tag)); break;
	}
}

static long member_offset(Dwarf_Die *m)
{
	Dwarf_Attribute at;
	Dwarf_Word w;

	if (dwarf_attr(m, DW_AT_data_bit_offset, &at) && !dwarf_formudata(&at, &w))
		return (long)w;
	if (dwarf_attr(m, DW_AT_data_member_location, &at) && !dwarf_formudata(&at, &w))
		return (long)w * 8;
	return 0;	/* union members and the first member */
}

static long member_size(Dwarf_Die *m)
{
	Dwarf_Attribute at;
	Dwarf_Word w;
	Dwarf_Die t;

	if (dwarf_attr(m, DW_AT_bit_size, &at) && !dwarf_formudata(&at, &w))
		return (long)w;
	if (dwarf_attr_integrate(m, DW_AT_type, &at) && dwarf_formref_die(&at, &t) &&
	    !dwarf_aggregate_size(&t, &w))
		return (long)w * 8;
	return -1;
}

static void add_member(struct dw_type *t, Dwarf_Die *m)
{
	struct dw_member *dm = VEC_PUSH(t->members, t->nmembers);
	const char *name = dwarf_diename(m);
	char tn[256];

	referenced_name(m, tn, sizeof(tn), 0);
	dm->name = xstrdup(name ? name : "");
	dm->offset = member_offset(m);
	dm->size = member_size(m);
	dm->type = xstrdup(tn);
}

struct reader {
	struct dwarf_info *dw;
};

static void add_type(struct reader *rd, Dwarf_Die *die)
{
	struct dwarf_info *dw = rd->dw;
	struct dw_type *t;
	Dwarf_Die child;
	Dwarf_Word size;
	int line = 0;

	if (!dwarf_diename(die) || dwarf_hasattr(die, DW_AT_declaration))
		return;
	t = VEC_PUSH(dw->types, dw->ntypes);
	t->name = xstrdup(dwarf_diename(die));
	t->is_union = dwarf_tag(die) == DW_TAG_union_type;
	t->size = dwarf_aggregate_size(die, &size) ? -1 : (long)size;
	t->decl_file = dwarf_decl_file(die);
	t->decl_line = dwarf_decl_line(die, &line) ? 0 : line;
	if (dwarf_child(die, &child) == 0)
		do {
			if (dwarf_tag(&child) == DW_TAG_member)
				add_member(t, &child);
		} while (dwarf_siblingof(&child, &child) == 0);
}

static bool has_name(const struct dw_func *f, const char *name)
{
	for (int i = 0; i < f->ninlined; i++)
		if (!strcmp(f->inlined[i], name))
			return true;
	return false;
}

/* Every DW_TAG_inlined_subroutine below @die, at any depth. */
static void collect_inlined(struct dw_func *f, Dwarf_Die *die, int depth)
{
	Dwarf_Die child;

	if (depth > 64 || dwarf_child(die, &child))
		return;
	do {
		const char *name;

		if (dwarf_tag(&child) == DW_TAG_inlined_subroutine &&
		    (name = dwarf_diename(&child)) && !has_name(f, name))
			*VEC_PUSH(f->inlined, f->ninlined) = xstrdup(name);
		collect_inlined(f, &child, depth + 1);
	} while (dwarf_siblingof(&child, &child) == 0);
}

static void add_func(struct reader *rd, Dwarf_Die *die)
{
	struct dwarf_info *dw = rd->dw;
	const char *name = dwarf_diename(die);
	struct dw_func *f;
	Dwarf_Addr lo;
	int line = 0;

	/* only instances with code: the abstract ones carry DW_AT_inline */
	if (!name || (dwarf_lowpc(die, &lo) && !dwarf_hasattr(die, DW_AT_ranges)))
		return;
	f = VEC_PUSH(dw->funcs, dw->nfuncs);
	f->name = xstrdup(name);
	f->decl_file = dwarf_decl_file(die);
	f->decl_line = dwarf_decl_line(die, &line) ? 0 : line;
	collect_inlined(f, die, 0);
}

static void walk_cu(struct reader *rd, Dwarf_Die *cu)
{
	Dwarf_Die die;

	if (dwarf_child(cu, &die))
		return;
	do {
		switch (dwarf_tag(&die)) {
		case DW_TAG_structure_type:
		case DW_TAG_union_type:
			add_type(rd, &die);
			break;
		case DW_TAG_subprogram:
			add_func(rd, &die);
			break;
		}
	} while (dwarf_siblingof(&die, &die) == 0);
}

static int cmp_type(const void *a, const void *b)
{
	const struct dw_type *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->is_union - y->is_union;
}

static int cmp_func(const void *a, const void *b)
{
	return strcmp(((const struct dw_func *)a)->name, ((const struct dw_func *)b)->name);
}

static void walk_all(struct dwarf_info *dw, Dwarf *dbg)
{
	struct reader rd = { .dw = dw };
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(dbg, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;

		if (dwarf_offdie(dbg, off + hsize, &cu))
			walk_cu(&rd, &cu);
		off = next;
	}
	qsort(dw->types, dw->ntypes, sizeof(*dw->types), cmp_type);
	qsort(dw->funcs, dw->nfuncs, sizeof(*dw->funcs), cmp_func);
}

struct dwarf_info *dw_info_open(const char *path, char *err, size_t errlen)
{
	Dwfl *dwfl = dwfl_begin(&callbacks);
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf *dbg;
	struct dwarf_info *dw;

	err[0] = 0;
	if (!dwfl) {
		snprintf(err, errlen, "%s: dwfl_begin: %s", path, dwfl_errmsg(-1));
		return NULL;
	}
	mod = dwfl_report_offline(dwfl, path, path, -1);
	dwfl_report_end(dwfl, NULL, NULL);
	dbg = mod ? dwfl_module_getdwarf(mod, &bias) : NULL;
	if (!dbg) {
		dwfl_end(dwfl);
		return NULL;	/* stripped, or not readable as DWARF: no facts */
	}
	dw = xcalloc(1, sizeof(*dw));
	dw->priv = dwfl;
	walk_all(dw, dbg);
	return dw;
}

void dw_info_free(struct dwarf_info *dw)
{
	if (!dw)
		return;
	for (int i = 0; i < dw->ntypes; i++) {
		for (int j = 0; j < dw->types[i].nmembers; j++) {
			free(dw->types[i].members[j].name);
			free(dw->types[i].members[j].type);
		}
		free(dw->types[i].members);
		free(dw->types[i].name);
	}
	for (int i = 0; i < dw->nfuncs; i++) {
		for (int j = 0; j < dw->funcs[i].ninlined; j++)
			free(dw->funcs[i].inlined[j]);
		free(dw->funcs[i].inlined);
		free(dw->funcs[i].name);
	}
	free(dw->types);
	free(dw->funcs);
	dwfl_end(dw->priv);
	free(dw);
}

const struct dw_type *dw_find_type(const struct dwarf_info *dw, const char *name)
{
	int lo = 0, hi = dw ? dw->ntypes : 0;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (strcmp(dw->types[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return dw && lo < dw->ntypes && !strcmp(dw->types[lo].name, name) ? &dw->types[lo] : NULL;
}

const struct dw_func *dw_find_func(const struct dwarf_info *dw, const char *name)
{
	struct dw_func key = { .name = (char *)name };

	return dw ? bsearch(&key, dw->funcs, dw->nfuncs, sizeof(key), cmp_func) : NULL;
}
