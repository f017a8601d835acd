/* builder/load.c — `kpcheck load|unload|list`, after `kpatch load`.
 *
 * load reads the module's .modinfo through the one ELF layer
 * (modinfo.h), refuses a module without `kpcheck.verdict=eligible` or built for
 * another kernel, inserts it with finit_module(2) and waits for the
 * switch.  Livepatch switches in the background: wait 15 s, signal the
 * stalled tasks, wait 60 s more, naming the tasks still unpatched.
 * kpcore switches inside insmod, so its result is known at once. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "builder/kpcore.h"
#include "builder/load.h"
#include "builder/modinfo.h"

#define KLP_DIR "/sys/kernel/livepatch"
#define KPCORE_DIR "/sys/kernel/kpcore"
static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

static int read_int(const char *path)
{
	char b[16] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	return n > 0 ? atoi(b) : -1;
}

/* Tasks whose /proc/PID/task/TID/patch_state still differs from the target. */
static int name_stalled(int target)
{
	char path[300], comm[64];
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	for (; d && (e = readdir(d));) {
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/patch_state", e->d_name);
		if (read_int(path) != !target)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (f && fgets(comm, sizeof(comm), f)) {
			comm[strcspn(comm, "\n")] = 0;
			fprintf(stderr, "kpcheck: task '%s' (pid %s) blocks the transition\n",
				comm, e->d_name);
			n++;
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

static int wait_zero(const char *path, int secs)
{
	struct timespec ts = { 0, 100000000 };
	int i;

	for (i = 0; i < secs * 10; i++) {
		if (read_int(path) != 1)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* Livepatch: 15 s, then signal the stragglers, then 60 s more. */
static int klp_wait(const char *name, int target)
{
	char tr[256], sig[256];

	snprintf(tr, sizeof(tr), KLP_DIR "/%s/transition", name);
	snprintf(sig, sizeof(sig), KLP_DIR "/%s/signal", name);
	if (!wait_zero(tr, 15))
		return 0;
	name_stalled(target);
	fprintf(stderr, "kpcheck: '%s' still in transition after 15 s, signalling tasks\n", name);
	write_str(sig, "1");
	if (!wait_zero(tr, 60))
		return 0;
	name_stalled(target);
	fprintf(stderr, "kpcheck: '%s' transition stalled\n", name);
	return -1;
}

/* The kernel release a module was built for: vermagic's first word. */
static int same_kernel(const char *path, const struct modinfo *mi)
{
	const char *vm = modinfo_get(mi, "vermagic");
	const char *stamp = modinfo_get(mi, "kpcheck.kernel");
	struct utsname u;
	size_t n;

	if (uname(&u) || !vm)
		return 0;
	n = strcspn(vm, " ");
	if (n != strlen(u.release) || strncmp(vm, u.release, n) ||
	    (stamp && strcmp(stamp, u.release))) {
		fprintf(stderr, "kpcheck: %s: built for kernel '%.*s', running '%s'\n",
			path, (int)n, vm, u.release);
		return 0;
	}
	return 1;
}

static int check_module(const char *path, struct modinfo *mi)
{
	const char *v;

	if (modinfo_read(path, mi))
		return 2;
	v = modinfo_get(mi, "kpcheck.verdict");
	if (!v || strcmp(v, "eligible")) {
		fprintf(stderr, "kpcheck: %s: refused: %s\n", path, v ?
			"its kpcheck verdict is not 'eligible'" : "no kpcheck verdict stamp");
		return 1;
	}
	if (!modinfo_get(mi, "name"))
		return fprintf(stderr, "kpcheck: %s: no module name in .modinfo\n", path), 2;
	return same_kernel(path, mi) ? 0 : 1;
}

static int insert(const char *path)
{
	int fd = open(path, O_RDONLY), ret;

	if (fd < 0) {
		fprintf(stderr, "kpcheck: %s: %s\n", path, strerror(errno));
		return 2;
	}
	ret = (int)syscall(SYS_finit_module, fd, "", 0);
	if (ret)
		fprintf(stderr, "kpcheck: %s: insmod failed: %s%s\n", path, strerror(errno),
			errno == EBUSY ? " (see the kernel log for the blocking task)" : "");
	close(fd);
	return ret ? 1 : 0;
}

/*
 * A kpcore patch needs kpcore: when /sys/kernel/kpcore is absent, insert
 * $KPCHECK_KPCORE_KO, else the kpcore.ko `make kmod` built beside this
 * binary, after checking it was built for the running kernel.
 */
static int load_kpcore(void)
{
	const char *env = getenv("KPCHECK_KPCORE_KO");
	char *ko = env ? strdup(env) : kpcore_path("kpcore.ko");
	struct modinfo mi = { 0 };
	int ret = 1;

	if (!access(KPCORE_DIR, F_OK)) {
		free(ko);
		return 0;
	}
	if (!ko || access(ko, R_OK))
		fprintf(stderr, "kpcheck: kpcore is not loaded and %s is missing "
			"(make kmod, or set KPCHECK_KPCORE_KO)\n", ko ? ko : "kpcore.ko");
	else if (!modinfo_read(ko, &mi) && same_kernel(ko, &mi) && !(ret = insert(ko)))
		printf("loaded kpcore from %s\n", ko);
	modinfo_free(&mi);
	free(ko);
	return ret;
}

int cmd_load(int argc, char **argv)
{
	struct modinfo mi = { 0 };
	const char *name, *lp;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: kpcheck %s MODULE.ko\n", argv[0]);
		return 2;
	}
	ret = check_module(argv[1], &mi);
	lp = ret ? NULL : modinfo_get(&mi, "kpcheck.core");
	if (lp && !strcmp(lp, "kpcore"))
		ret = load_kpcore();
	if (!ret)
		ret = insert(argv[1]);
	if (!ret) {
		name = modinfo_get(&mi, "name");
		lp = modinfo_get(&mi, "livepatch");
		if (lp && !strcmp(lp, "Y") && klp_wait(name, 1))
			ret = 1;
		else
			printf("loaded '%s' (%s)\n", name, lp ? "livepatch" : "kpcore");
		if (!ret)
			show_keep(name, &mi);
	}
	modinfo_free(&mi);
	return ret;
}

static int unload_core(const char *name, const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s/enabled", dir, name);
	if (read_int(path) == 1 && write_str(path, "0")) {
		fprintf(stderr, "kpcheck: cannot disable '%s': %s%s\n", name, strerror(errno),
			errno == EBUSY ? " (see the kernel log)" : "");
		return 1;
	}
	return !strcmp(dir, KLP_DIR) && klp_wait(name, 0) ? 1 : 0;
}

int cmd_unload(int argc, char **argv)
{
	struct timespec ts = { 0, 100000000 };
	int i;

	if (argc != 2 || strchr(argv[1], '/')) {
		fprintf(stderr, "usage: kpcheck %s MODULE_NAME\n", argv[0]);
		return 2;
	}
	if (unload_core(argv[1], KLP_DIR) || unload_core(argv[1], KPCORE_DIR))
		return 1;
	/* Livepatch frees its sysfs objects asynchronously after the switch. */
	for (i = 0; i < 50 && syscall(SYS_delete_module, argv[1], O_NONBLOCK); i++)
		nanosleep(&ts, NULL);
	if (i == 50) {
		fprintf(stderr, "kpcheck: cannot unload '%s': %s\n", argv[1], strerror(errno));
		return 1;
	}
	show_forget(argv[1]);
	printf("unloaded '%s'\n", argv[1]);
	return 0;
}

static void list_dir(const char *dir, const char *core)
{
	char path[512];
	DIR *d = opendir(dir);
	struct dirent *e;

	for (; d && (e = readdir(d));) {
		snprintf(path, sizeof(path), "%s/%s/enabled", dir, e->d_name);
		if (e->d_name[0] == '.' || read_int(path) < 0)
			continue;
		printf("%s %s %s\n", e->d_name, core, read_int(path) == 1 ? "enabled" : "disabled");
		show_loaded(e->d_name);
	}
	if (d)
		closedir(d);
}

int cmd_list(int argc, char **argv)
{
	if (argc != 1) {
		fprintf(stderr, "usage: kpcheck %s\n", argv[0]);
		return 2;
	}
	list_dir(KPCORE_DIR, "kpcore");
	list_dir(KLP_DIR, "livepatch");
	return 0;
}
