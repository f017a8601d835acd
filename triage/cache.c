/*
 * `kpcheck cache stats|clear`: the caches kpcheck fills as it runs, the
 * source tier's pre-image facts and precompiled preambles, and the object
 * tier's original objects (lib/kpcache.h).  The flags cache and the
 * prepared tree are not entries of these and are left alone.
 */
#include <stdio.h>
#include <string.h>
#include "lib/kpcache.h"
#include "triage/triage.h"

static const char *const caches[] = { KPCACHE_FACTS, KPCACHE_PREAMBLES,
				       KPCACHE_OBJECTS };
static const char *const what[] = { "pre-image facts (source tier)",
				     "preambles (source tier)",
				     "original objects (object tier)" };

static int stats(void)
{
	for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]); i++) {
		uint64_t bytes, limit = kpcache_limit(caches[i]);
		long n;

		kpcache_count(caches[i], &n, &bytes);
		printf("%-32s %6ld entries %10.1f MiB of %.0f MiB\n", what[i], n,
		       bytes / 1048576.0, limit / 1048576.0);
	}
	return 0;
}

static int clear(void)
{
	for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]); i++)
		printf("%-32s %6ld entries removed\n", what[i], kpcache_clear(caches[i]));
	return 0;
}

int cmd_cache(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "stats"))
		return stats();
	if (argc == 2 && !strcmp(argv[1], "clear"))
		return clear();
	fputs("usage: kpcheck cache stats|clear\n"
	      "  the caches in $KPCHECK_CACHE (default ~/.cache/kpcheck), each\n"
	      "  bounded by $KPCHECK_CACHE_MAX MiB each (default 1024, preambles 4096)\n", stderr);
	return 2;
}
