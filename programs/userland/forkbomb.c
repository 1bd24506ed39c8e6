/*
 * forkbomb.c - forks until the pids limit stops it; every child blocks. With
 * "chain" each child forks the next instead (a deep tree), and pid 1 sleeps
 * (argv[3] seconds, default 3) before it exits,
 * which must take the whole tree with it.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

int
main(int argc, char **argv)
{
	int most = argc >= 2 ? atoi(argv[1]) : 100000;
	int chain = argc >= 3 && strcmp(argv[2], "chain") == 0;
	int forks = 0;
	for (;;) {
		if (forks >= most) {
			printf("stopped at %d forks\n", forks);
			return 3;
		}
		pid_t pid = fork();
		if (pid < 0) {
			printf("forked %d, then %s\n", forks, errname(errno));
			fflush(stdout);
			/* A chain's failing link tells init through its exit status. */
			if (chain && getpid() != 1)
				_exit(forks == 0 ? 40 : 41);
			return 3;
		}
		forks++;
		if (pid == 0) {
			if (!chain) {
				for (;;)
					pause();
			}
			forks = 0;
			most--;
			continue;
		}
		if (chain) {
			if (getpid() != 1) {
				for (;;)
					pause();
			}
			/* Init: wait for the chain's news, printed by its last link. */
			sleep(argc >= 4 ? (unsigned)atoi(argv[3]) : 3);
			return 3;
		}
	}
}
