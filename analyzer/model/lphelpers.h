/*
 * The helper headers of the livepatch tools, which patches written for
 * them #include and which no kernel tree holds: kpatch-build's
 * "kpatch-macros.h" and "kpatch-syscall.h", upstream klp-build's
 * <linux/livepatch_helpers.h>.  Their macros (pre/post (un)patch
 * callbacks, KPATCH_/KLP_SYSCALL_DEFINEn, KPATCH_IGNORE_*) are the rework
 * kpcheck's rules ask for, so such an #include is no change to the
 * kernel's own headers (no modversions risk), and the source tier parses
 * a patched file through the stand-ins below instead of failing on a
 * missing header.
 *
 * The stand-ins are kpcheck's own, written for parsing only: they give
 * every macro the signature checks and the definitions a reader of the
 * AST needs (a syscall body is SYSCALL_DEFINEn's __do_sys_NAME, a
 * callback is a function the patch adds), not the tools' section magic.
 * The main program's patch tier uses lp_helper_known(); the source
 * plugin parses through lp_helper()'s texts and the object plugin
 * compiles with them: both are inline, so each links alone.
 */
#ifndef KPCHECK_ANALYZER_MODEL_LPHELPERS_H
#define KPCHECK_ANALYZER_MODEL_LPHELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct lp_helper {
	const char *name;	/* as written between "" or <> */
	const char *text;
};

#define LP_SYSCALLS(P)							\
	"#define " P "SYSCALL_DEFINE0(name) SYSCALL_DEFINE0(name)\n"	\
	"#define " P "SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINE1(name, __VA_ARGS__)\n" \
	"#define " P "SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINE2(name, __VA_ARGS__)\n" \
	"#define " P "SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINE3(name, __VA_ARGS__)\n" \
	"#define " P "SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINE4(name, __VA_ARGS__)\n" \
	"#define " P "SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINE5(name, __VA_ARGS__)\n" \
	"#define " P "SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINE6(name, __VA_ARGS__)\n"

/* A callback registration: a compile-time check of the function's type,
 * which defines nothing of its own. */
#define LP_CALLBACK(P, WHEN, RET)					\
	"#define " P WHEN "_CALLBACK(fn) _Static_assert("		\
	"__builtin_types_compatible_p(__typeof__(&(fn)), " RET		\
	" (*)(LP_CB_OBJ *)), #fn)\n"

static inline const struct lp_helper *lp_helper(size_t i)
{
	static const struct lp_helper helpers[] = {
		{ "kpatch-syscall.h",
		  "#ifndef KPCHECK_KPATCH_SYSCALL_H\n"
		  "#define KPCHECK_KPATCH_SYSCALL_H\n"
		  "#include <linux/syscalls.h>\n"
		  LP_SYSCALLS("KPATCH_")
		  "#endif\n" },
		{ "kpatch-macros.h",
		  "#ifndef KPCHECK_KPATCH_MACROS_H\n"
		  "#define KPCHECK_KPATCH_MACROS_H\n"
		  "#include <linux/compiler.h>\n"
		  "#include <linux/livepatch.h>\n"
		  "#include <linux/printk.h>\n"
		  "#include <linux/static_call.h>\n"
		  "#include \"kpatch-syscall.h\"\n"
		  "typedef struct klp_object patch_object;\n"
		  "#define LP_CB_OBJ patch_object\n"
		  LP_CALLBACK("KPATCH_", "PRE_PATCH", "int")
		  LP_CALLBACK("KPATCH_", "POST_PATCH", "void")
		  LP_CALLBACK("KPATCH_", "PRE_UNPATCH", "void")
		  LP_CALLBACK("KPATCH_", "POST_UNPATCH", "void")
		  "#define KPATCH_IGNORE_SECTION(sec) _Static_assert(1, sec)\n"
		  "#define KPATCH_IGNORE_FUNCTION(fn) "
		  "_Static_assert(sizeof(&(fn)) != 0, #fn)\n"
		  "#define KPATCH_FORCE_UNSAFE(fn) "
		  "_Static_assert(sizeof(&(fn)) != 0, #fn)\n"
		  "#define KPATCH_PRINTK(fmt, ...) printk(fmt, ##__VA_ARGS__)\n"
		  "#define KPATCH_STATIC_CALL(name) static_call(name)\n"
		  "#endif\n" },
		{ "linux/livepatch_helpers.h",
		  "#ifndef KPCHECK_LIVEPATCH_HELPERS_H\n"
		  "#define KPCHECK_LIVEPATCH_HELPERS_H\n"
		  "#include <linux/livepatch.h>\n"
		  "#include <linux/syscalls.h>\n"
		  "#define LP_CB_OBJ struct klp_object\n"
		  LP_SYSCALLS("KLP_")
		  LP_CALLBACK("KLP_", "PRE_PATCH", "int")
		  LP_CALLBACK("KLP_", "POST_PATCH", "void")
		  LP_CALLBACK("KLP_", "PRE_UNPATCH", "void")
		  LP_CALLBACK("KLP_", "POST_UNPATCH", "void")
		  "#endif\n" },
	};

	return i < sizeof(helpers) / sizeof(helpers[0]) ? &helpers[i] : NULL;
}

/* Is @inc ("name.h" or <name.h>, as the patch writes it) one of them? */
static inline bool lp_helper_known(const char *inc)
{
	size_t len = inc ? strlen(inc) : 0;
	const struct lp_helper *h;

	if (len < 3 || !strchr("\"<", inc[0]) || !strchr("\">", inc[len - 1]))
		return false;
	for (size_t i = 0; (h = lp_helper(i)); i++)
		if (strlen(h->name) == len - 2 && !strncmp(h->name, inc + 1, len - 2))
			return true;
	return false;
}

#endif
