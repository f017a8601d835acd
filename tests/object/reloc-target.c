/*
 * Prints, for every PC-relative relocation in the code of each object
 * given, "SECTION OFFSET BIAS": the distance elf_reloc_bias() says lies
 * from the relocated field to the end of its instruction.  reloc-target.py
 * checks it against objdump's decoding of the same instructions: the one
 * relocation-target rule must compute what the CPU computes.
 *   reloc-target OBJ...
 */
#include <stdio.h>
#include "analyzer/object/elf.h"

static int dump(const char *path)
{
	char err[512];
	struct elf *e = elf_open_object(path, err, sizeof(err));

	if (!e) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	printf("@ %s\n", path);
	for (size_t i = 1; i < e->nsections; i++) {
		struct section *sec = &e->sections[i];

		if (!section_is_text(sec) || elf_read_relocs(e, sec))
			continue;
		for (size_t j = 0; j < sec->nrelocs; j++)
			if (section_is_pcrel(sec->relocs[j].type))
				printf("%s %lx %ld\n", sec->name, sec->relocs[j].offset,
				       elf_reloc_bias(sec, &sec->relocs[j]));
	}
	elf_close_object(e);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++)
		rc |= dump(argv[i]);
	return rc;
}
