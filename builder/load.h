/* builder/load.h — `kpcheck load|unload|list`: load vetted patch modules
 * into the running kernel (kpcore or upstream livepatch), wait for the
 * switch and name the tasks that hold it up. */
#ifndef KPCHECK_BUILDER_LOAD_H
#define KPCHECK_BUILDER_LOAD_H

/* Each returns the process exit code: 0 ok, 1 refused or failed,
 * 2 usage or input error.  argv[0] is the subcommand name. */
int cmd_load(int argc, char **argv);
int cmd_unload(int argc, char **argv);
int cmd_list(int argc, char **argv);

#endif
