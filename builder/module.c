/*
 * The module around the carried functions: a generated C file that lists
 * them and the patch's callbacks for kmod/kpcheck-patch.h (which writes
 * the klp_patch, or the kpcore_patch, and the module's init and exit),
 * the verdict stamps, and a Kbuild file linking it with the carried
 * objects; then kbuild of the target kernel's headers makes the .ko
 * (modpost: versions, vermagic).
 *
 * The carried objects still refer to ".klp.sym.*" names nobody exports;
 * modpost would call that an error, so it is told to warn
 * (KBUILD_MODPOST_WARN=1), and klp.c resolves them after the link.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"
#include "builder/build.h"
#include "builder/kpcore.h"
#include "builder/manifest.h"
#include "builder/modinfo.h"

static const char *const kmod_headers[] = {
	"kpcheck-patch.h", "kpcheck-patch-klp.h", "kpcheck-patch-kpcore.h", "kpcore.h",
	"../shadow/shadow.h",	/* kpcore.h includes it */
};

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[65536];
	size_t n;
	int r = in && out ? 0 : -1;

	while (!r && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			r = -1;
	if (in)
		fclose(in);
	if (out && fclose(out))
		r = -1;
	return r;
}

static int copy_headers(const struct build_job *job, const char *dir)
{
	for (size_t i = 0; i < sizeof(kmod_headers) / sizeof(kmod_headers[0]); i++) {
		char *from = xasprintf("%s/%s", job->kmod, kmod_headers[i]);
		const char *base = strrchr(kmod_headers[i], '/');
		char *to = xasprintf("%s/%s", dir, base ? base + 1 : kmod_headers[i]);
		int r = copy_file(from, to);

		if (r)
			fprintf(stderr, "kpcheck: %s: cannot copy\n", from);
		free(from);
		free(to);
		if (r)
			return -1;
	}
	return 0;
}

static void write_funcs(FILE *f, const struct build_job *job)
{
	for (int i = 0; i < job->nunits; i++)
		for (int k = 0; k < job->units[i].nout; k++)
			fprintf(f, "extern void %s(void);\n", job->units[i].out[k].alias);
	fputs("\nstatic struct kpcheck_func kpcheck_funcs[] = {\n", f);
	for (int i = 0; i < job->nunits; i++) {
		const struct build_unit *u = &job->units[i];
		bool vmlinux = !strcmp(u->object, "vmlinux");

		for (int k = 0; k < u->nout; k++)
			fprintf(f, "\t{ .objname = %s%s%s, .old_name = \"%s\", .old_sympos = %lu,\n"
				"\t  .new_func = %s, .old_size = %lu },\n",
				vmlinux ? "" : "\"", vmlinux ? "NULL" : u->object,
				vmlinux ? "" : "\"", u->out[k].old_name, u->out[k].sympos,
				u->out[k].alias, u->out[k].size);
	}
	/* modules only referred to: livepatch applies their relocations when they load */
	for (int i = 0; job->target == TARGET_LIVEPATCH && i < job->nklp_objs; i++)
		fprintf(f, "\t{ .objname = \"%s\", .old_name = \"\" },\n", job->klp_objs[i]);
	fputs("\t{ }\n};\n\n", f);
}

/* Shadow variables the patch allocates are freed when it is unpatched. */
static void write_shadows(FILE *f, const struct build_job *job)
{
	if (!job->nshadows)
		return;
	fputs("static const struct kpcheck_shadow kpcheck_shadows[] = {\n", f);
	for (int i = 0; i < job->nshadows; i++)
		fprintf(f, "\tKPCHECK_SHADOW(%s, NULL),\n", job->shadows[i]);
	fputs("\t{ }\n};\n\n", f);
}

/* A klp_state per shadow id: a replacement that lacks one is refused by
 * the kernel while this module is loaded. */
static void write_states(FILE *f, const struct build_job *job)
{
	if (!job->nstates)
		return;
	fputs("static struct klp_state kpcheck_states[] = {\n", f);
	for (int i = 0; i < job->nstates; i++)
		fprintf(f, "\t{ .id = %s, .version = %u },\n", job->states[i].id,
			job->states[i].version);
	fputs("\t{ }\n};\n\n", f);
}

static bool has_callback(const struct build_job *job, int k)
{
	for (int i = 0; i < job->nunits; i++)
		if (job->units[i].callbacks[k])
			return true;
	return false;
}

/*
 * One function per slot that calls the patch's callbacks of that kind,
 * file by file; a failing pre-patch callback stops the others and the
 * patch.  They take a klp_object, which the slots do not have: NULL.
 */
static void write_callback(FILE *f, const struct build_job *job, int k)
{
	bool pre = !k;

	for (int i = 0; i < job->nunits; i++)
		if (job->units[i].callbacks[k])
			fprintf(f, "extern %s %s(struct klp_object *);\n", pre ? "int" : "void",
				job->units[i].callbacks[k]);
	fprintf(f, "static %s kpcheck_user_%s(void)\n{\n", pre ? "int" : "void", callback_kinds[k]);
	if (pre)
		fputs("\tint ret = 0;\n\n", f);
	for (int i = 0; i < job->nunits; i++)
		if (job->units[i].callbacks[k])
			fprintf(f, pre ? "\tif (!ret)\n\t\tret = %s(NULL);\n" : "\t%s(NULL);\n",
				job->units[i].callbacks[k]);
	fputs(pre ? "\treturn ret;\n}\n\n" : "}\n\n", f);
}

static void write_patch(FILE *f, const struct build_job *job)
{
	fputs("struct klp_object;\n", f);
	for (int k = 0; k < CALLBACK_KINDS; k++)
		if (has_callback(job, k))
			write_callback(f, job, k);
	fprintf(f, "KPCHECK_PATCH(kpcheck_funcs, %s", job->nshadows ? "kpcheck_shadows" : "NULL");
	for (int k = 0; k < CALLBACK_KINDS; k++)
		if (has_callback(job, k))
			fprintf(f, ", kpcheck_user_%s", callback_kinds[k]);
		else
			fputs(", NULL", f);
	fputs(");\n", f);
}

static int write_main(const struct build_job *job, const char *dir)
{
	char *path = xasprintf("%s/kpcheck_main.c", dir);
	FILE *f = fopen(path, "w");
	const char *slash = strrchr(job->patch, '/');

	free(path);
	if (!f)
		return -1;
	fprintf(f, "// SPDX-License-Identifier: GPL-2.0\n"
		"/* The livepatch made by kpcheck build from %s. */\n", slash ? slash + 1 : job->patch);
	if (job->target == TARGET_LIVEPATCH)
		fputs("#define KPCHECK_TARGET_LIVEPATCH\n", f);
	if (manifest_replace(job))
		fputs("#define KPCHECK_REPLACE true\n", f);
	if (job->nstates)
		fputs("#define KPCHECK_STATES kpcheck_states\n", f);
	fputs("#include \"kpcheck-patch.h\"\n\n", f);
	write_funcs(f, job);
	write_shadows(f, job);
	write_states(f, job);
	write_patch(f, job);
	/* the manifest: not loaded, read from the file (kpcheck show, --base) */
	fprintf(f, "asm(\".pushsection %s, \\\"\\\", @progbits\\n\"\n"
		"    \".incbin \\\"%s/mod/manifest.txt\\\"\\n\"\n"
		"    \".byte 0\\n\"\n    \".popsection\\n\");\n", MANIFEST_SECTION, job->tmp);
	if (job->target == TARGET_KPCORE && (job->klp_vmlinux || job->klp_module))
		fputs("/* the module loader applies the .klp.rela.vmlinux.* relocations and\n"
		      " * keeps the ELF data kpcore applies the .klp.rela.MODULE.* ones with */\n"
		      "MODULE_INFO(livepatch, \"Y\");\n", f);
	fprintf(f, "KPCHECK_STAMP(\"verdict\", \"eligible\");\n"
		"KPCHECK_STAMP(\"patch\", \"%s\");\n"
		"KPCHECK_STAMP(\"version\", \"%s\");\n"
		"KPCHECK_STAMP(\"kernel\", \"%s\");\n"
		"MODULE_LICENSE(\"GPL\");\n"
		"MODULE_DESCRIPTION(\"livepatch of %s, made by kpcheck build\");\n",
		job->sha256, KPCHECK_VERSION, job->kver, slash ? slash + 1 : job->patch);
	return fclose(f);
}

/* modpost reads each object's .cmd file (symbol versions); ours have none. */
static int write_cmd_files(const struct build_job *job, const char *dir)
{
	for (int i = 0; i < job->nunits; i++) {
		char *path = xasprintf("%s/.carried_%d.o.cmd", dir, i);
		FILE *f = fopen(path, "w");

		free(path);
		if (!f || fputs("# carried out of the patched object by kpcheck build\n", f) < 0 ||
		    fclose(f))
			return -1;
	}
	return 0;
}

static int write_kbuild(const struct build_job *job, const char *dir)
{
	char *path = xasprintf("%s/Kbuild", dir);
	FILE *f = fopen(path, "w");

	free(path);
	if (!f)
		return -1;
	fprintf(f, "obj-m := %s.o\n%s-y := kpcheck_main.o", job->modname, job->modname);
	for (int i = 0; i < job->nunits; i++)
		fprintf(f, " carried_%d.o", i);
	fputs("\n", f);
	return fclose(f);
}

/* kpcheck's source tree is at hand (not an installed copy): `make kmod` works. */
static bool has_kmod_target(const struct build_job *job)
{
	char *mk;
	bool yes;

	if (!str_ends(job->kmod, "/kmod"))
		return false;
	mk = xasprintf("%.*s/mk/kmod.mk", (int)(strlen(job->kmod) - strlen("/kmod")), job->kmod);
	yes = !access(mk, R_OK);
	free(mk);
	return yes;
}

/* `make kmod` in kpcheck's source tree, for the target kernel, beside the binary. */
static int kpcore_make(const struct build_job *job)
{
	char *sv = kpcore_path("Module.symvers"), *bin = xstrndup(sv, strlen(sv) -
		strlen("/kmod/kpcore/Module.symvers"));
	char *src = xstrndup(job->kmod, strlen(job->kmod) - strlen("/kmod"));
	char *o = xasprintf("O=%s", bin), *kv = xasprintf("KMOD_KVER=%s", job->kver);
	char *log = xasprintf("%s/kpcore.log", job->tmp);
	char *argv[] = { "make", "-C", src, o, kv, "kmod", NULL };
	int r;

	build_progress("kpcore.ko for %s (make kmod)", job->kver);
	r = build_run(argv, NULL, log);
	if (r) {
		fprintf(stderr, "kpcheck: make kmod failed:\n");
		build_show_log(log);
	}
	free(sv);
	free(bin);
	free(src);
	free(o);
	free(kv);
	free(log);
	return r;
}

/*
 * kpcore's exports, for the modversions of a kpcore-target module:
 * $KPCHECK_KPCORE_SYMVERS, else BUILD/kmod/kpcore/ beside the binary,
 * where `make kmod` brings it up to date for the target kernel.
 */
static char *kpcore_symvers(const struct build_job *job)
{
	const char *env = getenv("KPCHECK_KPCORE_SYMVERS");
	char *p = env ? xstrdup(env) : kpcore_path("Module.symvers");

	if (!p) {
		fputs("kpcheck: cannot find the kpcheck binary's directory\n", stderr);
		return NULL;
	}
	/* with kpcheck's sources at hand make decides (kpcore.ko up to date for the kernel) */
	if (!env && has_kmod_target(job) ? kpcore_make(job) :
	    !env && !kpcore_built_for(job->kver)) {
		free(p);
		return NULL;
	}
	if (access(p, R_OK)) {
		fprintf(stderr, "kpcheck: %s: kpcore's Module.symvers not found "
			"(make kmod, or set KPCHECK_KPCORE_SYMVERS)\n", p);
		free(p);
		return NULL;
	}
	return p;
}

static int run_kbuild(const struct build_job *job, const char *dir)
{
	char *m = xasprintf("M=%s", dir), *log = xasprintf("%s/kbuild.log", job->tmp);
	char *extra = NULL, *sv = NULL;
	int r;

	if (job->target == TARGET_KPCORE) {
		if (!(sv = kpcore_symvers(job))) {
			free(m);
			free(log);
			return -1;
		}
		extra = xasprintf("KBUILD_EXTRA_SYMBOLS=%s", sv);
	}
	char *argv[] = { "make", "-C", job->kdir, m, "KBUILD_MODPOST_WARN=1",
			 extra ? extra : "KBUILD_VERBOSE=0", "modules", NULL };

	r = build_run(argv, NULL, log);
	if (r) {
		fprintf(stderr, "kpcheck: kbuild of the module failed:\n");
		build_show_log(log);
	}
	free(m);
	free(log);
	free(extra);
	free(sv);
	return r;
}

/*
 * kpcore applies a module's livepatch relocations itself (with
 * livepatch's klp_apply_section_relocs(), kmod/kpcore_klp.c), and the
 * module loader applies vmlinux's: both need a kernel with livepatch.
 */
static int kpcore_check(const struct build_job *job)
{
	if (job->target != TARGET_KPCORE)
		return 0;
	if ((job->klp_vmlinux || job->klp_module) && !kernel_has_livepatch(job)) {
		fprintf(stderr, "kpcheck: the patch refers to unexported symbols, and kernel %s "
			"has no CONFIG_LIVEPATCH to resolve them\n", job->kver);
		return -1;
	}
	return 0;
}

int module_build(struct build_job *job, char **ko)
{
	char *dir = xasprintf("%s/mod", job->tmp);
	int r;

	build_progress("generating module %s for %s", job->modname,
		       job->target == TARGET_LIVEPATCH ? "livepatch" : "kpcore");
	if (kpcore_check(job)) {
		free(dir);
		return -1;
	}
	r = copy_headers(job, dir) || write_main(job, dir) || write_kbuild(job, dir) ||
	    write_cmd_files(job, dir);
	if (!r) {
		build_progress("kbuild against %s", job->kdir);
		r = run_kbuild(job, dir);
	}
	*ko = r ? NULL : xasprintf("%s/%s.ko", dir, job->modname);
	free(dir);
	return r ? -1 : 0;
}
