/*
 * unsupported-path (error): a file a livepatch cannot reach.
 *
 * Message: 'PATH' is REASON
 * Cause:   some parts of the tree never become patchable functions of the
 *          running kernel: build files (Makefile, Kbuild, Kconfig) only
 *          decide how it was built; lib/ objects are linked from lib.a
 *          only where referenced and are often inlined or duplicated; the
 *          vDSO is mapped into user space; realmode, boot, the EFI stub
 *          (drivers/firmware/efi/libstub) and the decompressor run before
 *          or outside the kernel proper; tools/,
 *          scripts/ and usr/ are not kernel code at all.
 *          With a tree, a lib/ file kbuild puts in lib.a (lib-y) is
 *          judged function by function against the target kernel's
 *          symbol table (KPCHECK_SYSTEM_MAP, the tree's System.map, or
 *          /boot's when it is not Debian's stub): a function the table
 *          lacks was not linked (an error); without a table, a note says
 *          so.  Whether it has __fentry__ is notrace-target's (lib/'s
 *          Makefile compiles it all without -mfentry).
 *          Without a tree, a lib/ file that is not one of lib.a's
 *          well-known members (string.c, vsprintf.c, rbtree.c, ...) is
 *          only a warning: most of lib/ is built in (obj-y) like any
 *          other code, and only the tree's lib/Makefile tells.
 * Fix:     rework the fix into kernel functions outside these paths (for
 *          lib/, the callers in vmlinux or modules), or ship it in a
 *          kernel update.
 * Silence: --rule unsupported-path=ignore
 */
#include "lib/util.h"
#include "analyzer/kbuild/ksyms.h"
#include "rules/rules.h"

static const struct {
	const char *prefix;	/* path prefix, or a substring when it starts with '/' */
	const char *why;
} paths[] = {
	/* first: lib/vdso is the vDSO's, not lib.a's */
	{ "/vdso", "vDSO code: it runs in user space, mapped from the kernel image" },
	{ "lib/", "in lib/: linked from lib.a only where used, often inlined" },
	{ "arch/x86/realmode/", "realmode code: it runs before the kernel proper" },
	{ "arch/x86/boot/", "boot and decompressor code: it ran before the kernel" },
	{ "drivers/firmware/efi/libstub/", "the EFI stub: firmware runs it before "
	  "the kernel proper starts, and it is not part of the running image" },
	{ "tools/", "in tools/: user-space programs, not kernel code" },
	{ "scripts/", "in scripts/: build tools, not kernel code" },
	{ "usr/", "in usr/: the built-in initramfs, not kernel code" },
	{ "arch/x86/purgatory/", "purgatory code: it runs between kernels (kexec)" },
};

/* With a tree, kbuild tells whether a lib/ file is lib-y (an archive
 * member linked only where used) or obj-y, built in like any other
 * vmlinux or module code (lib/lockref.c, lib/cpu_rmap.c). */
static bool built_in_lib(const struct kp_file_model *fm)
{
	return str_starts(fm->file->path, "lib/") && fm->object && fm->object_why &&
	       !str_starts(fm->object_why, "lib-");
}

/* With a tree, kbuild says it is lib-y: its functions are judged one by
 * one against the target kernel's symbol table (lib_member()). */
static bool lib_y(const struct kp_file_model *fm)
{
	return fm->object_why && str_starts(fm->object_why, "lib-");
}

/* lib.a's members since long before 6.1 (lib/Makefile's lib-y), named
 * without a tree; the rest of lib/ needs the tree to tell. */
static bool known_archive_member(const char *path)
{
	static const char *const members[] = {
		"ctype.c", "string.c", "vsprintf.c", "cmdline.c", "rbtree.c",
		"radix-tree.c", "timerqueue.c", "xarray.c", "maple_tree.c", "idr.c",
		"extable.c", "irq_regs.c", "argv_split.c", "flex_proportions.c",
		"ratelimit.c", "show_mem.c", "is_single_threaded.c", "plist.c",
		"decompress.c", "kobject_uevent.c", "earlycpio.c", "seq_buf.c",
		"siphash.c", "dec_and_lock.c", "nmi_backtrace.c", "win_minmax.c",
		"memcat_p.c", "buildid.c", "dump_stack.c", "cpumask.c", "kobject.c",
		"klist.c", "logic_pio.c", "bug.c", "clz_tab.c", NULL,
	};

	for (int i = 0; members[i]; i++)
		if (!strcmp(path + 4, members[i]))
			return true;
	return str_starts(path + 4, "decompress_");
}

/* A lib/ file that may well be built in: no tree to tell, not a known
 * member of lib.a. */
static bool maybe_built_in_lib(const struct kp_file_model *fm)
{
	return str_starts(fm->file->path, "lib/") && !strchr(fm->file->path + 4, '/') &&
	       !fm->object_why && !known_archive_member(fm->file->path);
}

static const char *reason(const struct kp_file_model *fm)
{
	const char *p = fm->file->path;

	if (strstr(p, "/vdso") || str_starts(p, "vdso"))
		return paths[0].why;
	if (built_in_lib(fm) || (lib_y(fm) && str_starts(p, "lib/")))
		return NULL;

	if (fm->kind == FK_BUILD)
		return "a build file: it changes how the kernel is built, which a "
		       "livepatch cannot redo";
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *pre = paths[i].prefix;

		if (pre[0] == '/' ? strstr(p, pre) != NULL : str_starts(p, pre))
			return paths[i].why;
	}
	return NULL;
}

/* A changed function of a lib.a member: in the running image only when
 * lib.a linked it, which the target kernel's symbol table tells. */
static int lib_member(struct kp_ctx *ctx, const struct kp_file_model *fm,
		      const struct kp_def *d)
{
	struct kp_loc loc = def_loc(fm, d);

	switch (d->in_image - 1) {
	case KSYM_ABSENT:
		if (!report(ctx, RULE_UNSUPPORTED_PATH, &loc, "'%s' is not in the "
			    "target kernel's symbol table (%s): lib.a did not link it "
			    "into the running kernel", d->name, fm->image_table))
			return 0;
		report_note(ctx, "nothing runs '%s' today; fix its users, or ship the "
			    "fix in a kernel update", d->name);
		return 1;
	case KSYM_PRESENT:
		report_sev(ctx, RULE_UNSUPPORTED_PATH, SEV_NOTE, &loc, "'%s' of lib.a "
			   "is in the target kernel's symbol table (%s)", d->name,
			   fm->image_table);
		return 0;
	case KSYM_NO_TABLE:
		report_sev(ctx, RULE_UNSUPPORTED_PATH, SEV_NOTE, &loc, "'%s' is in lib.a "
			   "(lib-y), linked only where referenced; no symbol table of "
			   "the target kernel to confirm it is in the running image",
			   d->name);
		report_note(ctx, "Debian's /boot/System.map is a stub: give the real "
			    "one with KPCHECK_SYSTEM_MAP=FILE");
		return 0;
	}
	return 0;
}

int check_unsupported_path(struct kp_ctx *ctx)
{
	struct kp_file_model *fm;
	int n = 0;

	for (fm = ctx->model->files; fm < ctx->model->files + ctx->model->nfiles; fm++) {
		const char *why = reason(fm);
		struct kp_loc loc;

		for (const struct kp_def *d = fm->defs; lib_y(fm) && d < fm->defs + fm->ndefs; d++)
			if (d->in_image)
				n += lib_member(ctx, fm, d);

		if (!why || fm->kind == FK_DOC)
			continue;
		if (fm->file->nhunks == 0 && !fm->file->binary)
			continue;	/* mode change or pure rename */
		loc = file_loc(fm);
		if (maybe_built_in_lib(fm)) {
			if (report_sev(ctx, RULE_UNSUPPORTED_PATH, SEV_WARNING, &loc,
				       "'%s' may be a member of lib.a, linked only where used "
				       "and often inlined; most of lib/ is built in like any "
				       "other code", fm->file->path)) {
				report_note(ctx, "run with -C TREE: lib/Makefile tells "
					    "whether it is lib-y or obj-y");
				n++;
			}
			continue;
		}
		if (!report(ctx, RULE_UNSUPPORTED_PATH, &loc, "'%s' is %s",
			    fm->file->path, why))
			continue;
		n++;
		report_note(ctx, fm->kind == FK_BUILD ?
			    "drop the build change from the livepatch; if the fix "
			    "needs it, ship it in a kernel update" :
			    "rework the fix into the kernel functions that use this "
			    "code, or ship it in a kernel update");
	}
	return n;
}
