/* loadtest.c — a static stand-in for `kpcheck load|unload|list` in the
 * e2e guest: dispatches argv[1] to builder/load.c's commands. */
#include <stdio.h>
#include <string.h>
#include "builder/load.h"

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "load"))
		return cmd_load(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "unload"))
		return cmd_unload(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	fprintf(stderr, "usage: kpcheck load|unload|list ...\n");
	return 2;
}
