/*
 * maxrss PROGRAM ARGS...: run a program and print its peak resident set
 * size in KiB.  A wrapper of its own (rather than the benchmark script's
 * interpreter) because a forked child inherits the parent's RSS until it
 * execs, which would hide the measured program's own figure.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2) {
		fputs("usage: maxrss PROGRAM [ARGS...]\n", stderr);
		return 2;
	}
	pid = fork();
	if (pid == 0) {
		/* only the figure goes to stdout */
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return 2;
	printf("%ld\n", ru.ru_maxrss);
	return 0;
}
