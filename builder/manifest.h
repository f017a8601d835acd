/*
 * The manifest a module built by kpcheck carries (manifest.c has the
 * format): written by the builder, read back by `kpcheck show`,
 * `kpcheck list` and `kpcheck build --base`.
 */
#ifndef KPCHECK_BUILDER_MANIFEST_H
#define KPCHECK_BUILDER_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

struct build_job;

struct manifest_fix {
	char *sha256, *subject;
};

struct manifest_func {
	char *object, *name;
	unsigned long sympos;
	char *hash;		/* of the carried code, "-" unknown */
	char *fixes;		/* "1,3": the fixes touching it, "-" none */
};

struct manifest_state {
	char *id;
	unsigned int version;
};

struct manifest {
	char *version, *kernel, *core;
	bool replace;
	struct manifest_fix *fixes;
	int nfixes;
	char **objects;
	int nobjects;
	struct manifest_func *funcs;
	int nfuncs;
	char **shadows;
	int nshadows;
	struct manifest_state *states;
	int nstates;
	char **callbacks;	/* kinds: pre_patch, ... */
	int ncallbacks;
};

/* Write job's manifest to @path (after the carry step). */
int manifest_write(const struct build_job *job, const char *path);
/* Does the module replace every earlier one (atomic replace)? */
bool manifest_replace(const struct build_job *job);
/* Parse @len bytes of manifest text; -1 when it is not one. */
int manifest_parse(const char *text, size_t len, struct manifest *m);
void manifest_free(struct manifest *m);
const struct manifest_func *manifest_func(const struct manifest *m, const char *object,
					  const char *name);
const struct manifest_state *manifest_state(const struct manifest *m, const char *id);

#endif
