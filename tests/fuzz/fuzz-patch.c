/*
 * libFuzzer target: the patch and mbox reader, the patch tier and every
 * rule, end to end, through judge() exactly as `kpcheck FILE` runs them
 * (no tree), once per report format.  The input reaches the reader as a
 * file (a memfd reopened through /proc, so nothing touches the disk);
 * reports go to stdout, which the runner discards (-close_fd_mask=3).
 * Bad input must give exit 2, never a crash, a leak or a hang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "kpcheck.h"
#include "rules/rules.h"

static int memfd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	memfd = memfd_create("kpcheck-fuzz", 0);
	if (memfd < 0) {
		perror("memfd_create");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

static void put_input(const uint8_t *data, size_t size)
{
	if (ftruncate(memfd, 0) || (size && pwrite(memfd, data, size, 0) != (ssize_t)size)) {
		perror("memfd write");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = { "text", "json", "sarif" };
	char *inputs[] = { path };

	put_input(data, size);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct kp_options opt = { .format = formats[i] };
		int code = judge(&opt, 1, inputs);

		/* the exit codes of the contract, nothing else */
		if (code < 0 || code > 3)
			abort();
	}
	return 0;
}
