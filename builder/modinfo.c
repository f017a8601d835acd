/* A module's .modinfo and manifest (see modinfo.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "analyzer/object/elf.h"
#include "builder/modinfo.h"

static char *copy_section(const struct elf_edit *k, const char *name, size_t *len)
{
	const struct elf_edit_sec *s = elf_edit_find(k, name);
	char *p;

	*len = 0;
	if (!s || s->sh.sh_type == SHT_NOBITS)
		return NULL;
	p = xmalloc(s->size + 1);
	memcpy(p, s->data, s->size);
	p[s->size] = 0;
	*len = s->size;
	return p;
}

int modinfo_read(const char *path, struct modinfo *mi)
{
	struct elf_edit k;
	char err[512];

	memset(mi, 0, sizeof(*mi));
	/* one message whatever is wrong, as kpcheck load has always said */
	if (elf_edit_read(&k, path, err, sizeof(err))) {
		fprintf(stderr, "kpcheck: %s: not a kernel module (bad or truncated ELF64)\n", path);
		return -1;
	}
	mi->info = copy_section(&k, ".modinfo", &mi->len);
	mi->manifest = copy_section(&k, MANIFEST_SECTION, &mi->manifest_len);
	elf_edit_free(&k);
	if (!mi->info) {
		fprintf(stderr, "kpcheck: %s: not a kernel module (bad or truncated ELF64)\n", path);
		return -1;
	}
	return 0;
}

/* Entries are NUL-separated "key=value" strings. */
const char *modinfo_get(const struct modinfo *mi, const char *key)
{
	size_t klen = strlen(key), i = 0;

	while (i < mi->len) {
		const char *e = mi->info + i;
		size_t n = strnlen(e, mi->len - i);

		if (n > klen && !strncmp(e, key, klen) && e[klen] == '=' && i + n < mi->len)
			return e + klen + 1;
		i += n + 1;
	}
	return NULL;
}

void modinfo_free(struct modinfo *mi)
{
	free(mi->info);
	free(mi->manifest);
	memset(mi, 0, sizeof(*mi));
}
