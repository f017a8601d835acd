/*
 * `kpcheck show MODULE.ko`: what a module kpcheck build made carries, from
 * its stamps and manifest (manifest.h).  `kpcheck load` keeps a loaded
 * module's manifest in the run directory ($KPCHECK_RUNDIR, default
 * /run/kpcheck: gone at reboot, like the patch), so that `kpcheck list`
 * can say which fixes each loaded patch holds.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/atomic.h"
#include "lib/util.h"
#include "builder/load.h"
#include "builder/manifest.h"
#include "builder/modinfo.h"

static char *run_path(const char *name)
{
	const char *dir = getenv("KPCHECK_RUNDIR");

	return xasprintf("%s/%s.manifest", dir && *dir ? dir : "/run/kpcheck", name);
}

void show_keep(const char *name, const struct modinfo *mi)
{
	char *path = run_path(name), *dir = xstrdup(path);
	struct atomic_file af;

	/* a minimal system (an initramfs) may have no /run yet */
	*strrchr(dir, '/') = 0;
	for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(dir, 0755);
		*s = '/';
	}
	mkdir(dir, 0755);
	if (mi->manifest && !atomic_open(&af, path)) {
		if (fwrite(mi->manifest, 1, mi->manifest_len, af.fp) != mi->manifest_len)
			atomic_abort(&af);
		else
			atomic_commit(&af);
	}
	free(dir);
	free(path);
}

void show_forget(const char *name)
{
	char *path = run_path(name);

	unlink(path);
	free(path);
}

static void print_manifest(const struct manifest *m, const char *indent)
{
	for (int i = 0; i < m->nfixes; i++)
		printf("%sfix %d: %s (%.12s)\n", indent, i + 1, m->fixes[i].subject,
		       m->fixes[i].sha256);
	for (int i = 0; i < m->nfuncs; i++)
		printf("%sfunction %s:%s%s (fixes %s)\n", indent, m->funcs[i].object,
		       m->funcs[i].name, m->funcs[i].sympos ? "" : "", m->funcs[i].fixes);
	for (int i = 0; i < m->nshadows; i++)
		printf("%sshadow %s\n", indent, m->shadows[i]);
	for (int i = 0; i < m->nstates; i++)
		printf("%sstate %s version %u\n", indent, m->states[i].id, m->states[i].version);
	for (int i = 0; i < m->ncallbacks; i++)
		printf("%scallback %s\n", indent, m->callbacks[i]);
}

int cmd_show(int argc, char **argv)
{
	struct modinfo mi;
	struct manifest m;

	if (argc != 2) {
		fprintf(stderr, "usage: kpcheck %s MODULE.ko\n", argv[0]);
		return 2;
	}
	if (modinfo_read(argv[1], &mi))
		return 2;
	if (!mi.manifest || manifest_parse(mi.manifest, mi.manifest_len, &m)) {
		fprintf(stderr, "kpcheck: %s: no kpcheck manifest: not a module kpcheck build made\n",
			argv[1]);
		modinfo_free(&mi);
		return 1;
	}
	printf("module %s: %s for kernel %s, kpcheck %s, verdict %s%s\n",
	       modinfo_get(&mi, "name") ? modinfo_get(&mi, "name") : "?", m.core, m.kernel,
	       m.version, modinfo_get(&mi, "kpcheck.verdict") ? modinfo_get(&mi, "kpcheck.verdict")
							    : "none",
	       m.replace ? ", atomic replace" : "");
	for (int i = 0; i < m.nobjects; i++)
		printf("object %s\n", m.objects[i]);
	print_manifest(&m, "");
	manifest_free(&m);
	modinfo_free(&mi);
	return 0;
}

/* The fixes of loaded patch @name, from the manifest `kpcheck load` kept. */
void show_loaded(const char *name)
{
	char *path = run_path(name);
	FILE *f = fopen(path, "r");
	char *buf = xmalloc(1 << 20);
	size_t n = f ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	struct manifest m;

	buf[n] = 0;
	if (f && manifest_parse(buf, n, &m) == 0) {
		for (int i = 0; i < m.nfixes; i++)
			printf("  fix %d: %s\n", i + 1, m.fixes[i].subject);
		manifest_free(&m);
	}
	if (f)
		fclose(f);
	free(buf);
	free(path);
}
