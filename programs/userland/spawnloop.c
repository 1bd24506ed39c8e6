/*
 * spawnloop.c - fork+exec+wait latency: N times, fork a child that execs this
 * program with "exit", and wait for it; prints the mean time per round trip.
 *
 *   spawnloop N PATH            the child execs PATH exit (emu: a guest path)
 *   spawnloop N PATH QEMU       the child execs QEMU PATH exit, which is what
 *                               binfmt_misc would do for qemu-user (qemu-riscv32
 *                               here has no binfmt, so the guest names it)
 *   spawnloop N -               fork+wait only, no exec
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "exit") == 0)
		return 0;
	if (argc < 3)
		return 2;
	int rounds = atoi(argv[1]);
	const char *path = argv[2];
	const char *via = argc >= 4 ? argv[3] : 0;
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int i = 0; i < rounds; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (strcmp(path, "-") == 0)
				_exit(0);
			if (via)
				execl(via, via, path, "exit", (char *)0);
			else
				execl(path, path, "exit", (char *)0);
			_exit(127);
		}
		int status = 0;
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("round %d failed\n", i);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	double us = ((double)(end.tv_sec - start.tv_sec) * 1e6 + (double)(end.tv_nsec - start.tv_nsec) / 1e3) / rounds;
	printf("%d rounds, %.0f us per fork+%swait\n", rounds, us, strcmp(path, "-") == 0 ? "" : "exec+");
	return 0;
}
