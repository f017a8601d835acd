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
/* `kpcheck show MODULE.ko`: its stamps and manifest (show.c). */
int cmd_show(int argc, char **argv);

struct modinfo;
/* Keep / drop a loaded module's manifest for `kpcheck list`; print its fixes. */
void show_keep(const char *name, const struct modinfo *mi);
void show_forget(const char *name);
void show_loaded(const char *name);

#endif
