/*
 * Top-level walk of a translation unit: definitions, macro definitions
 * and macro expansions located (by expansion location) in the wanted
 * files.  A kernel translation unit has some 10^5 top-level cursors, almost
 * all in headers nobody patched, so the file test comes first and is a
 * pointer compare in the common case.
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

struct macro {
	char *name;
	int file;
	unsigned int off;	/* of the definition, to tell #undef'd ones apart */
	uint64_t own, full;
	char **idents;
	int nidents;
	int state;		/* 0 not folded, 1 folding, 2 done */
	int def;		/* index in u->defs */
};

struct expansion {
	int file;
	unsigned int off;
	int line;
	char *name;
	int def_file;		/* the definition it expands, -1 if unknown */
	unsigned int def_off;
};

struct walk {
	CXTranslationUnit tu;
	CXFile *files;
	int nfiles;
	CXFile last;
	int last_index;
	struct cl_unit *u;
	struct macro *macros;
	int nmacros;
	struct expansion *exps;
	int nexps;
	CXCursor last_decl;	/* the last function or variable declared */
};

char *cx_take(CXString s)
{
	const char *p = clang_getCString(s);
	char *r = xstrdup(p ? p : "");

	clang_disposeString(s);
	return r;
}

/* The line to show for a cursor: where it is written when that is a
 * macro argument below the invocation (members inside struct_group()),
 * else where the macro was expanded. */
int cursor_line(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	unsigned int line, sline;
	CXFile f, sf;

	clang_getExpansionLocation(loc, &f, &line, NULL, NULL);
	clang_getSpellingLocation(loc, &sf, &sline, NULL, NULL);
	return (int)(f && sf && clang_File_isEqual(f, sf) && sline >= line ?
		     sline : line);
}

static bool ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

/*
 * The macro a declaration came from, or NULL when its name is written in
 * the file.  clang_getFileLocation() maps the name to where it is spelled
 * when a macro argument carries it (DEFINE_MUTEX(m), static
 * DEFINE_RATELIMIT_STATE(rs, ...)), and to the outermost macro invocation
 * when the macro body makes it up (spin_lock_init()'s __key,
 * NL_SET_ERR_MSG()'s __msg, module_init()'s __UNIQUE_ID_*): the
 * identifier found there is then the macro's name, not the declaration's.
 */
char *decl_macro(CXTranslationUnit tu, CXCursor c)
{
	CXFile f;
	unsigned int off, e;
	size_t len;
	const char *text;
	char *name, *r = NULL;

	clang_getFileLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
	text = f ? clang_getFileContents(tu, f, &len) : NULL;
	if (!text || off >= len)
		return NULL;
	for (e = off; e < len && ident_char(text[e]); e++)
		;
	name = cx_take(clang_getCursorSpelling(c));
	if (e > off && (e - off != strlen(name) || strncmp(text + off, name, e - off)))
		r = xstrndup(text + off, e - off);
	free(name);
	return r;
}

/* Is the macro that made up declaration @c's name (decl_macro()) one that
 * a livepatch tool's helper header defines (under @dir, see
 * analyzer/model/lphelpers.h)?  KPATCH_SYSCALL_DEFINEn's syscall
 * metadata then belong to the tool's wrapper, not to the kernel. */
bool decl_from_helper(CXTranslationUnit tu, CXCursor c, const char *dir)
{
	CXFile f;
	unsigned int off;
	CXCursor m;
	char *path;
	bool r;

	clang_getFileLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
	if (!f)
		return false;
	m = clang_getCursor(tu, clang_getLocationForOffset(tu, f, off));
	if (clang_getCursorKind(m) != CXCursor_MacroExpansion)
		return false;
	m = clang_getCursorReferenced(m);
	if (clang_Cursor_isNull(m))
		return false;
	clang_getFileLocation(clang_getCursorLocation(m), &f, NULL, NULL, NULL);
	if (!f)
		return false;
	path = cx_take(clang_getFileName(f));
	r = str_starts(path, dir) && path[strlen(dir)] == '/';
	free(path);
	return r;
}

static int wanted_index(struct walk *w, CXFile f)
{
	if (!f)
		return -1;
	if (f == w->last)
		return w->last_index;
	w->last = f;
	w->last_index = -1;
	for (int i = 0; i < w->nfiles; i++)
		if (w->files[i] && clang_File_isEqual(w->files[i], f))
			w->last_index = i;
	return w->last_index;
}

struct cl_def *new_def(struct cl_unit *u, CXCursor c, enum kp_def_kind kind,
		       int file)
{
	CXSourceRange r = clang_getCursorExtent(c);
	struct cl_def *d = VEC_PUSH(u->defs, u->ndefs);
	unsigned int line, off;

	d->kind = kind;
	d->file = file;
	d->name = cx_take(clang_getCursorSpelling(c));
	clang_getExpansionLocation(clang_getRangeStart(r), NULL, &line, NULL, &off);
	d->start = line;
	d->start_off = off;
	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, &line, NULL, &off);
	d->end = line;
	d->end_off = off;
	return d;
}

static void add_function(struct walk *w, CXCursor c, int file)
{
	bool body = clang_isCursorDefinition(c);
	struct cl_def *d = new_def(w->u, c, body ? DEF_FUNCTION : DEF_PROTOTYPE, file);

	w->last_decl = c;
	d->hash = tokens_hash(w->tu, clang_getCursorExtent(c), false);
	d->attrs = decl_attrs(c, &d->section);
	d->sig = cx_take(clang_getTypeSpelling(clang_getCursorType(c)));
	d->macro = decl_macro(w->tu, c);
	if (body)
		walk_body(w->tu, c, d);
}

/* Is variable NAME the mark EXPORT_SYMBOL(sym) leaves after its
 * "extern typeof(sym) sym;"?  6.1's export.h declares
 * "extern const char __kstrtab_sym[];", 6.12's (the export table moved
 * into asm) only __ADDRESSABLE(sym): "__UNIQUE_ID___addressable_symN",
 * N a counter.  module_init()'s __ADDRESSABLE(init_module) follows an
 * alias declaration without "extern", which is no export. */
static bool export_mark(const char *name, CXCursor last)
{
	static const char addr[] = "__UNIQUE_ID___addressable_";
	char *sym = cx_take(clang_getCursorSpelling(last));
	size_t n = strlen(sym);
	bool is = false;

	if (str_starts(name, "__kstrtab_")) {
		is = !strcmp(name + 10, sym);
	} else if (str_starts(name, addr) && !strncmp(name + sizeof(addr) - 1, sym, n) &&
		   clang_Cursor_getStorageClass(last) == CX_SC_Extern) {
		const char *p = name + sizeof(addr) - 1 + n;

		is = *p != '\0';
		while (*p >= '0' && *p <= '9')
			p++;
		is = is && *p == '\0';
	}
	free(sym);
	return is;
}

static void add_export(struct walk *w, CXCursor c, int file)
{
	char *name = cx_take(clang_getCursorSpelling(c));
	char *last = cx_take(clang_getCursorSpelling(w->last_decl));
	struct cl_export *e;

	if (export_mark(name, w->last_decl)) {
		e = VEC_PUSH(w->u->exports, w->u->nexports);
		e->name = xstrdup(last);
		e->file = file;
		e->abi = export_abi_hash(w->last_decl);
	}
	free(name);
	free(last);
}

static void add_variable(struct walk *w, CXCursor c, int file)
{
	struct cl_def *d;

	add_export(w, c, file);
	w->last_decl = c;

	/* extern declarations define nothing; their definition is elsewhere.
	 * "static struct proto x;" is a tentative definition, which libclang
	 * does not call one: it is the file's object all the same. */
	if (!clang_isCursorDefinition(c) &&
	    clang_Cursor_getStorageClass(c) != CX_SC_Static)
		return;
	d = new_def(w->u, c, DEF_VARIABLE, file);
	d->hash = tokens_hash(w->tu, clang_getCursorExtent(c), false);
	d->attrs = decl_attrs(c, &d->section);
	d->sig = cx_take(clang_getTypeSpelling(clang_getCursorType(c)));
	d->macro = decl_macro(w->tu, c);
	d->helper_made = d->macro && decl_from_helper(w->tu, c, LP_HELPER_DIR);
}

static void add_macro(struct walk *w, CXCursor c, int file)
{
	struct cl_def *d = new_def(w->u, c, DEF_MACRO, file);
	struct macro *m = VEC_PUSH(w->macros, w->nmacros);
	CXToken *t;
	unsigned int n;

	m->name = xstrdup(d->name);
	m->file = file;
	m->off = d->start_off;
	m->def = w->u->ndefs - 1;
	m->own = tokens_hash(w->tu, clang_getCursorExtent(c),
			     clang_Cursor_isMacroFunctionLike(c));
	clang_tokenize(w->tu, file_range(w->tu, clang_getCursorExtent(c)), &t, &n);
	for (unsigned int i = 1; i < n; i++)
		if (clang_getTokenKind(t[i]) == CXToken_Identifier)
			*VEC_PUSH(m->idents, m->nidents) =
				cx_take(clang_getTokenSpelling(w->tu, t[i]));
	clang_disposeTokens(w->tu, t, n);
}

static void add_expansion(struct walk *w, CXCursor c, int file)
{
	struct expansion *e = VEC_PUSH(w->exps, w->nexps);
	unsigned int line, off;
	CXCursor def;
	CXFile f;

	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &line,
				   NULL, &off);
	e->file = file;
	e->off = off;
	e->line = line;
	e->name = cx_take(clang_getCursorSpelling(c));
	e->def_file = -1;
	def = clang_getCursorReferenced(c);
	if (!clang_Cursor_isNull(def)) {
		clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(def)),
					   &f, NULL, NULL, &off);
		e->def_file = wanted_index(w, f);
		e->def_off = off;
	}
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct walk *w = data;
	CXFile f;
	int fi;

	(void)parent;
	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
	fi = wanted_index(w, f);
	if (fi < 0)
		return CXChildVisit_Continue;
	switch (clang_getCursorKind(c)) {
	case CXCursor_MacroExpansion:
		add_expansion(w, c, fi);
		break;
	case CXCursor_MacroDefinition:
		add_macro(w, c, fi);
		break;
	case CXCursor_FunctionDecl:
		add_function(w, c, fi);
		break;
	case CXCursor_VarDecl:
		add_variable(w, c, fi);
		break;
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_EnumDecl:
		walk_type(w->tu, c, w->u, fi);
		break;
	default:
		break;
	}
	return CXChildVisit_Continue;
}

static struct macro *find_macro(struct walk *w, const char *name)
{
	/* the last definition wins, as after an #undef/#define pair */
	for (int i = w->nmacros - 1; i >= 0; i--)
		if (!strcmp(w->macros[i].name, name))
			return &w->macros[i];
	return NULL;
}

/* The definition an expansion uses: by location when clang tells it
 * (a macro #undef'd and defined again has two), else by name. */
static struct macro *expanded_macro(struct walk *w, const struct expansion *e)
{
	for (int i = 0; e->def_file >= 0 && i < w->nmacros; i++)
		if (w->macros[i].file == e->def_file && w->macros[i].off == e->def_off)
			return &w->macros[i];
	return e->def_file >= 0 ? NULL : find_macro(w, e->name);
}

/* A macro's hash with the wanted-file macros it names folded in. */
static uint64_t macro_full(struct walk *w, struct macro *m)
{
	if (m->state == 2 || m->state == 1)
		return m->state == 2 ? m->full : m->own;
	m->state = 1;
	m->full = m->own;
	for (int i = 0; i < m->nidents; i++) {
		struct macro *o = find_macro(w, m->idents[i]);
		uint64_t h;

		if (!o || o == m)
			continue;
		h = macro_full(w, o);
		m->full = XXH3_64bits_withSeed(&h, sizeof(h), m->full);
	}
	m->state = 2;
	w->u->defs[m->def].hash = m->full;
	return m->full;
}

static void add_macro_use(struct cl_def *d, const struct expansion *e)
{
	for (int i = 0; i < d->nmacros; i++)
		if (!strcmp(d->macros[i].name, e->name))
			return;
	struct cl_use *u = VEC_PUSH(d->macros, d->nmacros);

	u->name = xstrdup(e->name);
	u->line = e->line;
}

/* Fold the hashes of the wanted-file macros a definition expands. */
static void fold_expansions(struct walk *w, struct cl_def *d)
{
	for (int i = 0; i < w->nexps; i++) {
		const struct expansion *e = &w->exps[i];
		struct macro *m;
		uint64_t h;

		if (e->file != d->file || e->off < d->start_off ||
		    e->off > d->end_off || !(m = expanded_macro(w, e)))
			continue;
		h = macro_full(w, m);
		d->hash = XXH3_64bits_withSeed(&h, sizeof(h), d->hash);
		add_macro_use(d, e);
	}
}

static void walk_free(struct walk *w)
{
	for (int i = 0; i < w->nmacros; i++) {
		free(w->macros[i].name);
		for (int j = 0; j < w->macros[i].nidents; j++)
			free(w->macros[i].idents[j]);
		free(w->macros[i].idents);
	}
	for (int i = 0; i < w->nexps; i++)
		free(w->exps[i].name);
	free(w->macros);
	free(w->exps);
	free(w->files);
}

void walk_unit(CXTranslationUnit tu, const char *const *wanted, int nwanted,
	       struct cl_unit *u)
{
	struct walk w = { .tu = tu, .u = u, .nfiles = nwanted, .last_index = -1,
			  .last_decl = clang_getNullCursor() };

	w.files = xcalloc(nwanted, sizeof(*w.files));
	for (int i = 0; i < nwanted; i++) {
		w.files[i] = clang_getFile(tu, wanted[i]);
		u->seen[i] = w.files[i] != NULL;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &w);
	for (int i = 0; i < w.nmacros; i++)
		macro_full(&w, &w.macros[i]);
	for (int i = 0; i < u->ndefs; i++)
		if (u->defs[i].kind != DEF_MACRO)
			fold_expansions(&w, &u->defs[i]);
	walk_free(&w);
}
