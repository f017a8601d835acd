/*
 * Callbacks declared with kpatch's or klp-build's helper macros
 * (KPATCH_PRE_PATCH_CALLBACK(fn), KLP_POST_UNPATCH_CALLBACK(fn), ...).
 * Their helper headers are not in the kernel tree, so the patched file
 * is compiled with a small header of ours forced in (-include), and
 * kpatch-macros.h / linux/livepatch_helpers.h found after the tree's own
 * headers (-idirafter), for patches that include them.
 *
 * Each macro expands to a function pointer in a section of its own,
 * ".kpcheck.callback.KIND", as kpatch's own macros do: the pointer's
 * relocation names the callback, which is carried like a new function
 * and given a global alias that the module's C file hands to the slots
 * of kmod/kpcheck-patch.h.  One callback of each kind per file (a
 * second one is a redefinition the compiler rejects); the module calls
 * those of several files in file order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "lib/util.h"
#include "builder/extract.h"

const char *const callback_kinds[CALLBACK_KINDS] = {
	"pre_patch", "post_patch", "pre_unpatch", "post_unpatch",
};

/*
 * The callbacks take the patched klp_object, as in kpatch and klp-build;
 * kpcheck's slots have no object to pass, so they get NULL.
 */
static const char compat_header[] =
	"/* kpcheck build: kpatch's and klp-build's callback macros. */\n"
	"#ifndef KPCHECK_CALLBACKS_H\n"
	"#define KPCHECK_CALLBACKS_H\n"
	"struct klp_object;\n"
	"typedef struct klp_object patch_object;\n"
	"typedef int (*kpcheck_pre_patch_t)(struct klp_object *);\n"
	"typedef void (*kpcheck_callback_t)(struct klp_object *);\n"
	"#define __KPCHECK_CALLBACK(_kind, _type, _fn) \\\n"
	"\tstatic _type __kpcheck_callback_##_kind \\\n"
	"\t__attribute__((used, section(\".kpcheck.callback.\" #_kind))) = (_fn)\n"
	"#define KPATCH_PRE_PATCH_CALLBACK(_fn) \\\n"
	"\t__KPCHECK_CALLBACK(pre_patch, kpcheck_pre_patch_t, _fn)\n"
	"#define KPATCH_POST_PATCH_CALLBACK(_fn) \\\n"
	"\t__KPCHECK_CALLBACK(post_patch, kpcheck_callback_t, _fn)\n"
	"#define KPATCH_PRE_UNPATCH_CALLBACK(_fn) \\\n"
	"\t__KPCHECK_CALLBACK(pre_unpatch, kpcheck_callback_t, _fn)\n"
	"#define KPATCH_POST_UNPATCH_CALLBACK(_fn) \\\n"
	"\t__KPCHECK_CALLBACK(post_unpatch, kpcheck_callback_t, _fn)\n"
	"#define KLP_PRE_PATCH_CALLBACK KPATCH_PRE_PATCH_CALLBACK\n"
	"#define KLP_POST_PATCH_CALLBACK KPATCH_POST_PATCH_CALLBACK\n"
	"#define KLP_PRE_UNPATCH_CALLBACK KPATCH_PRE_UNPATCH_CALLBACK\n"
	"#define KLP_POST_UNPATCH_CALLBACK KPATCH_POST_UNPATCH_CALLBACK\n"
	"/*\n"
	" * Syscalls: kpatch and klp-build patches rename the syscall macro so\n"
	" * that their tools see the wrapper change.  kpcheck build carries what\n"
	" * the object diff finds, and the wrapper the kernel calls\n"
	" * (__x64_sys_NAME, __ia32_sys_NAME) is what changes, so the kernel's\n"
	" * own macro is the right expansion: same metadata, same wrappers.\n"
	" */\n"
	"#define KPATCH_SYSCALL_DEFINE0 SYSCALL_DEFINE0\n"
	"#define KPATCH_SYSCALL_DEFINE1 SYSCALL_DEFINE1\n"
	"#define KPATCH_SYSCALL_DEFINE2 SYSCALL_DEFINE2\n"
	"#define KPATCH_SYSCALL_DEFINE3 SYSCALL_DEFINE3\n"
	"#define KPATCH_SYSCALL_DEFINE4 SYSCALL_DEFINE4\n"
	"#define KPATCH_SYSCALL_DEFINE5 SYSCALL_DEFINE5\n"
	"#define KPATCH_SYSCALL_DEFINE6 SYSCALL_DEFINE6\n"
	"#define KLP_SYSCALL_DEFINE0 SYSCALL_DEFINE0\n"
	"#define KLP_SYSCALL_DEFINE1 SYSCALL_DEFINE1\n"
	"#define KLP_SYSCALL_DEFINE2 SYSCALL_DEFINE2\n"
	"#define KLP_SYSCALL_DEFINE3 SYSCALL_DEFINE3\n"
	"#define KLP_SYSCALL_DEFINE4 SYSCALL_DEFINE4\n"
	"#define KLP_SYSCALL_DEFINE5 SYSCALL_DEFINE5\n"
	"#define KLP_SYSCALL_DEFINE6 SYSCALL_DEFINE6\n"
	"#endif\n";

static const char *const helper_headers[] = {
	"kpatch-macros.h", "kpatch-syscall.h", "linux/livepatch_helpers.h",
};

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f && fputs(text, f) >= 0 && !fclose(f))
		return 0;
	if (f)
		fclose(f);
	fprintf(stderr, "kpcheck: %s: cannot write: %s\n", path, strerror(errno));
	return -1;
}

int callbacks_write_compat(const struct build_job *job)
{
	char *dir = xasprintf("%s/compat", job->tmp), *sub = xasprintf("%s/linux", dir);
	char *path = xasprintf("%s/kpcheck-callbacks.h", dir);
	int r;

	mkdir(dir, 0755);
	mkdir(sub, 0755);
	r = write_text(path, compat_header);
	for (size_t i = 0; !r && i < sizeof(helper_headers) / sizeof(helper_headers[0]); i++) {
		char *h = xasprintf("%s/%s", dir, helper_headers[i]);

		r = write_text(h, "#include \"kpcheck-callbacks.h\"\n");
		free(h);
	}
	free(path);
	free(sub);
	free(dir);
	return r;
}

/* The function the pointer in callback section @idx refers to. */
static const Elf64_Sym *callback_target(struct ex *x, size_t idx)
{
	struct elf_edit_sec *rs = elf_edit_rela_for(&x->in, idx);
	size_t n, nsyms;
	Elf64_Rela *rel = rs ? elf_edit_relas(rs, &n) : NULL;
	Elf64_Sym *syms = elf_edit_syms(&x->in, &nsyms);
	const Elf64_Sym *s;

	if (!rel || n != 1 || ELF64_R_SYM(rel[0].r_info) >= nsyms)
		return NULL;
	s = &syms[ELF64_R_SYM(rel[0].r_info)];
	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION)
		s = elf_edit_sym_at(&x->in, s->st_shndx, rel[0].r_addend);
	return s && ELF64_ST_TYPE(s->st_info) == STT_FUNC ? s : NULL;
}

static int callback_kind(const char *section)
{
	const char *prefix = ".kpcheck.callback.";

	if (!str_starts(section, prefix))
		return -1;
	for (int k = 0; k < CALLBACK_KINDS; k++)
		if (!strcmp(section + strlen(prefix), callback_kinds[k]))
			return k;
	return -1;
}

int ex_callbacks(struct ex *x)
{
	for (size_t i = 1; i < x->in.nsecs; i++) {
		int k = callback_kind(x->in.secs[i].name);
		const Elf64_Sym *s;

		if (k < 0)
			continue;
		if (!(s = callback_target(x, i)))
			return ex_error(x, "%s does not point to a function", x->in.secs[i].name);
		x->callback[k] = elf_edit_symname(&x->in, s);
		ex_carry(x, s->st_shndx);
	}
	return 0;
}

void ex_callback_aliases(struct ex *x)
{
	for (int k = 0; k < CALLBACK_KINDS; k++) {
		const Elf64_Sym *s = x->callback[k] ? elf_edit_sym_by_name(&x->in, x->callback[k]) : NULL;

		if (!s)
			continue;
		x->u->callbacks[k] = xasprintf("__kpcheck_cb_%d_%s", x->index, callback_kinds[k]);
		ex_add_sym(x, x->u->callbacks[k], STB_GLOBAL, STT_FUNC, x->secmap[s->st_shndx],
			   s->st_value, s->st_size);
	}
}
