/*
 * Asking kbuild: its own compile command for the file, from the kbuild
 * service (kbuild_command(): a cached `make -s -n CC=<cc> dir/file.o`,
 * which keeps the tree unwritten).  When kbuild has no answer (not a
 * kbuild tree, no such object) the built-in x86_64 flags of a 6.x kernel
 * stand in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/cflags-src.h"
#include "analyzer/kbuild/kbuild.h"
#include "lib/util.h"

int flags_from_dry_run(const char *tree, const char *path, struct cflags *cf)
{
	struct kbuild_cmd k;
	char err[512];

	if (kbuild_command(tree, path, &k, err, sizeof(err)))
		return -1;
	cflags_from_command(tree, k.cc, cf);
	cf->origin = "kbuild dry run";
	kbuild_cmd_free(&k);
	return 0;
}

int flags_builtin(const char *tree, const char *path, struct cflags *cf)
{
	static const char *const cmd =
		"cc -nostdinc -I./arch/x86/include -I./arch/x86/include/generated "
		"-I./include -I./arch/x86/include/uapi "
		"-I./arch/x86/include/generated/uapi -I./include/uapi "
		"-I./include/generated/uapi "
		"-include ./include/linux/compiler-version.h "
		"-include ./include/linux/kconfig.h "
		"-include ./include/linux/compiler_types.h -D__KERNEL__ "
		"-std=gnu11 -fshort-wchar -fno-PIE -m64 -mno-sse -mno-mmx "
		"-mno-sse2 -mno-3dnow -mno-avx -mcmodel=kernel -O2 -pg -mfentry "
		"-DCC_USING_FENTRY";
	const char *slash = strrchr(path, '/');
	char *base = xstrndup(slash ? slash + 1 : path,
			      strcspn(slash ? slash + 1 : path, "."));
	char *full = xasprintf("%s -I./%.*s -DKBUILD_BASENAME='\"%s\"' "
			       "-DKBUILD_MODNAME='\"%s\"' -D__KBUILD_MODNAME=kmod_%s",
			       cmd, slash ? (int)(slash - path) : 1,
			       slash ? path : ".", base, base, base);

	cflags_from_command(tree, full, cf);
	cf->origin = "built-in x86_64 flags";
	free(base);
	free(full);
	return 0;
}
