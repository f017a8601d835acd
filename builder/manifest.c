/*
 * The manifest every module carries (section .kpcheck.manifest, not
 * loaded): what a reviewer of the next cumulative module needs from this
 * one, and what `kpcheck show`, `kpcheck list` and `kpcheck build --base`
 * read.  One record per line, fields by spaces, the last field the rest
 * of the line:
 *   kpcheck-manifest 1
 *   version V | kernel REL | core livepatch|kpcore | replace yes|no
 *   fix SHA256 SUBJECT                 each fix, in patch order
 *   object NAME                        vmlinux, or a module
 *   function OBJ NAME SYMPOS HASH FIXES  FIXES: 1-based, comma-separated, or -
 *   shadow ID | state ID VERSION | callback KIND
 * HASH is the SHA-256 of the carried code with its relocations (type,
 * addend, symbol), so "changed" means the module runs other code.
 */
#include <sha2.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "analyzer/object/elf.h"
#include "builder/build.h"
#include "builder/manifest.h"

/* The carried function @alias of @k: its bytes and relocations, hashed. */
static void func_hash(const struct elf_edit *k, const char *alias, char out[65])
{
	const Elf64_Sym *s = elf_edit_sym_by_name(k, alias);
	const struct elf_edit_sec *sec, *rs;
	SHA2_CTX c;

	SHA256Init(&c);
	if (s && s->st_shndx && s->st_shndx < k->nsecs) {
		sec = &k->secs[s->st_shndx];
		if (sec->data)
			SHA256Update(&c, sec->data, sec->size);
		if ((rs = elf_edit_rela_for(k, s->st_shndx))) {
			size_t n;
			Elf64_Rela *r = elf_edit_relas(rs, &n);
			size_t nsyms;
			Elf64_Sym *syms = elf_edit_syms(k, &nsyms);

			for (size_t i = 0; i < n && ELF64_R_SYM(r[i].r_info) < nsyms; i++) {
				const char *name = elf_edit_symname(k, &syms[ELF64_R_SYM(r[i].r_info)]);
				char rec[64];

				snprintf(rec, sizeof(rec), "%lx %lx %ld ", (unsigned long)r[i].r_offset,
					 (unsigned long)ELF64_R_TYPE(r[i].r_info), (long)r[i].r_addend);
				SHA256Update(&c, (const unsigned char *)rec, strlen(rec));
				SHA256Update(&c, (const unsigned char *)name, strlen(name) + 1);
			}
		}
	}
	SHA256End(&c, out);
}

/* The fixes that touch @name of @file: "1,3", or "-" when none names it. */
static void fixes_of(const struct build_job *job, const char *file, const char *name,
		     char *buf, size_t size)
{
	size_t n = 0;
	int last = 0;

	buf[0] = 0;
	for (int i = 0; i < job->j.nfunctions; i++) {
		const struct kp_function *f = &job->j.functions[i];

		if (strcmp(f->file, file) || strcmp(f->name, name) || f->patch == last)
			continue;
		n += snprintf(buf + n, n < size ? size - n : 0, "%s%d", n ? "," : "", f->patch);
		last = f->patch;
	}
	if (!n)
		snprintf(buf, size, "-");
}

static void unit_functions(FILE *f, const struct build_job *job, const struct build_unit *u)
{
	struct elf_edit k;
	char err[512], hash[65], fixes[256];
	bool have = u->carried_o && !elf_edit_read(&k, u->carried_o, err, sizeof(err));

	for (int i = 0; i < u->nout; i++) {
		if (have)
			func_hash(&k, u->out[i].alias, hash);
		fixes_of(job, u->file, u->out[i].old_name, fixes, sizeof(fixes));
		fprintf(f, "function %s %s %lu %s %s\n", u->object, u->out[i].old_name,
			u->out[i].sympos, have ? hash : "-", fixes);
	}
	if (have)
		elf_edit_free(&k);
}

static void objects(FILE *f, const struct build_job *job)
{
	for (int i = 0; i < job->nunits; i++) {
		bool seen = false;

		for (int k = 0; k < i && !seen; k++)
			seen = !strcmp(job->units[k].object, job->units[i].object);
		if (!seen)
			fprintf(f, "object %s\n", job->units[i].object);
	}
}

int manifest_write(const struct build_job *job, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "kpcheck: %s: cannot write\n", path);
		return -1;
	}
	fprintf(f, "kpcheck-manifest 1\nversion %s\nkernel %s\ncore %s\nreplace %s\n",
		KPCHECK_VERSION, job->kver, job->target == TARGET_LIVEPATCH ? "livepatch" : "kpcore",
		manifest_replace(job) ? "yes" : "no");
	for (int i = 0; i < job->j.nfixes; i++)
		fprintf(f, "fix %s %s\n", job->j.fixes[i].sha256, job->j.fixes[i].subject);
	objects(f, job);
	for (int i = 0; i < job->nunits; i++)
		unit_functions(f, job, &job->units[i]);
	for (int i = 0; i < job->nshadows; i++)
		fprintf(f, "shadow %s\n", job->shadows[i]);
	for (int i = 0; i < job->nstates; i++)
		fprintf(f, "state %s %u\n", job->states[i].id, job->states[i].version);
	for (int k = 0; k < CALLBACK_KINDS; k++) {
		bool any = false;

		for (int i = 0; i < job->nunits; i++)
			any |= job->units[i].callbacks[k] != NULL;
		if (any)
			fprintf(f, "callback %s\n", callback_kinds[k]);
	}
	return fclose(f) ? -1 : 0;
}

bool manifest_replace(const struct build_job *job)
{
	return job->target == TARGET_LIVEPATCH && !job->no_replace;
}

static char *field(char **p)
{
	char *start = *p, *end = start + strcspn(start, " ");

	*p = *end ? end + 1 : end;
	return xstrndup(start, end - start);
}

static void parse_line(struct manifest *m, char *line)
{
	char *p = line, *kind = field(&p);

	if (!strcmp(kind, "version") || !strcmp(kind, "kernel") || !strcmp(kind, "core")) {
		char **slot = kind[0] == 'v' ? &m->version : kind[0] == 'k' ? &m->kernel : &m->core;

		free(*slot);
		*slot = xstrdup(p);
	} else if (!strcmp(kind, "replace")) {
		m->replace = !strcmp(p, "yes");
	} else if (!strcmp(kind, "fix")) {
		struct manifest_fix *f = VEC_PUSH(m->fixes, m->nfixes);

		f->sha256 = field(&p);
		f->subject = xstrdup(p);
	} else if (!strcmp(kind, "object")) {
		*VEC_PUSH(m->objects, m->nobjects) = xstrdup(p);
	} else if (!strcmp(kind, "function")) {
		struct manifest_func *f = VEC_PUSH(m->funcs, m->nfuncs);
		char *pos;

		f->object = field(&p);
		f->name = field(&p);
		pos = field(&p);
		f->sympos = strtoul(pos, NULL, 10);
		free(pos);
		f->hash = field(&p);
		f->fixes = xstrdup(p);
	} else if (!strcmp(kind, "shadow")) {
		*VEC_PUSH(m->shadows, m->nshadows) = xstrdup(p);
	} else if (!strcmp(kind, "state")) {
		struct manifest_state *st = VEC_PUSH(m->states, m->nstates);

		st->id = field(&p);
		st->version = (unsigned int)strtoul(p, NULL, 10);
	} else if (!strcmp(kind, "callback")) {
		*VEC_PUSH(m->callbacks, m->ncallbacks) = xstrdup(p);
	}
	free(kind);
}

int manifest_parse(const char *text, size_t len, struct manifest *m)
{
	const char *end = text + len;

	memset(m, 0, sizeof(*m));
	if (!text || len < 19 || strncmp(text, "kpcheck-manifest 1\n", 19))
		return -1;
	for (const char *p = text; p < end && *p;) {
		const char *nl = memchr(p, '\n', end - p);
		char *line = xstrndup(p, nl ? (size_t)(nl - p) : strnlen(p, end - p));

		parse_line(m, line);
		free(line);
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static void free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void manifest_free(struct manifest *m)
{
	free(m->version);
	free(m->kernel);
	free(m->core);
	for (int i = 0; i < m->nfixes; i++) {
		free(m->fixes[i].sha256);
		free(m->fixes[i].subject);
	}
	free(m->fixes);
	free_list(m->objects, m->nobjects);
	for (int i = 0; i < m->nfuncs; i++) {
		free(m->funcs[i].object);
		free(m->funcs[i].name);
		free(m->funcs[i].hash);
		free(m->funcs[i].fixes);
	}
	free(m->funcs);
	free_list(m->shadows, m->nshadows);
	for (int i = 0; i < m->nstates; i++)
		free(m->states[i].id);
	free(m->states);
	free_list(m->callbacks, m->ncallbacks);
	memset(m, 0, sizeof(*m));
}

const struct manifest_func *manifest_func(const struct manifest *m, const char *object,
					  const char *name)
{
	for (int i = 0; i < m->nfuncs; i++)
		if (!strcmp(m->funcs[i].object, object) && !strcmp(m->funcs[i].name, name))
			return &m->funcs[i];
	return NULL;
}

const struct manifest_state *manifest_state(const struct manifest *m, const char *id)
{
	for (int i = 0; i < m->nstates; i++)
		if (!strcmp(m->states[i].id, id))
			return &m->states[i];
	return NULL;
}
