/*
 * orphan.c - orphans are reparented to pid 1, which reaps them; process groups,
 * sessions, and kill of a whole group.
 */
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static void
nap(long milliseconds)
{
	struct timespec t = {milliseconds / 1000, (milliseconds % 1000) * 1000000L};
	nanosleep(&t, 0);
}

int
main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	printf("init pid=%d\n", (int)getpid());
	pid_t child = fork();
	if (child == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0) {
			/* Wait (up to 10 s) until the parent has gone and init adopted us. */
			for (int i = 0; i < 10000 && getppid() != 1; i++)
				nap(1);
			/* Its exit status says whether init adopted it (no output: no race with init's). */
			_exit(getppid() == 1 ? 7 : 8);
		}
		printf("child pid=%d made grandchild pid=%d, exits\n", (int)getpid(), (int)grandchild);
		_exit(5);
	}
	for (int i = 0; i < 2; i++) {
		int status = 0;
		char text[32];
		pid_t got = wait(&status);
		printf("init reaped pid=%d: %s\n", (int)got, describe_status(status, text, sizeof text));
	}
	errno = 0;
	printf("wait again: %d %s\n", (int)wait(0), errname(errno));

	/* Groups and sessions. */
	printf("setsid as group leader: %d %s\n", (int)setsid(), errname(errno));
	pid_t leader = fork();
	if (leader == 0) {
		printf("in child: getpgid=%d getsid=%d\n", (int)getpgid(0), (int)getsid(0));
		pid_t sid = setsid();
		printf("in child: setsid=%d getpgid=%d getsid=%d\n", (int)sid, (int)getpgid(0), (int)getsid(0));
		_exit(0);
	}
	waitpid(leader, 0, 0);
	/* Two children in one new group, killed together. */
	pid_t members[2];
	for (int i = 0; i < 2; i++) {
		members[i] = fork();
		if (members[i] == 0) {
			for (;;)
				pause();
		}
		setpgid(members[i], members[0]);
	}
	printf("group of second: %s\n", getpgid(members[1]) == members[0] ? "first's pid" : "wrong");
	printf("kill group: %d\n", kill(-members[0], SIGTERM));
	for (int i = 0; i < 2; i++) {
		int status = 0;
		char text[32];
		waitpid(members[i], &status, 0);
		printf("member %d: %s\n", i, describe_status(status, text, sizeof text));
	}
	errno = 0;
	printf("kill unknown pid: %d %s\n", kill(4000, SIGTERM), errname(errno));
	printf("kill init probe: %d\n", kill(1, 0));
	return 0;
}
