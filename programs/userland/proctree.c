/*
 * proctree.c - fork/exec/wait trees: pid numbering, exit statuses, signals,
 * execve errors, #! scripts and O_CLOEXEC across execve.
 *
 * Run as /bin/proctree inside emu's sandbox (the tests mount programs/bin/userland
 * on /bin). The modes other than the first are what the tree execs.
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

static void
print_wait(pid_t pid)
{
	int status = 0;
	char text[32];
	pid_t got = waitpid(pid, &status, 0);
	printf("waited pid=%d for %d: %s\n", (int)got, (int)pid, describe_status(status, text, sizeof text));
}

static pid_t
spawn(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		printf("execv %s failed: %s\n", argv[0], errname(errno));
		_exit(127);
	}
	return pid;
}

static int
leaf(int code)
{
	printf("leaf pid=%d ppid=%d code=%d\n", (int)getpid(), (int)getppid(), code);
	return code;
}

/* A middle process: forks a leaf of its own and exits with its code + 1. */
static int
middle(void)
{
	printf("middle pid=%d ppid=%d\n", (int)getpid(), (int)getppid());
	fflush(stdout);
	pid_t pid = spawn((char *[]){"/bin/proctree", "leaf", "20", 0});
	int status = 0;
	waitpid(pid, &status, 0);
	return WEXITSTATUS(status) + 1;
}

/* Which of the descriptors named on the command line are open after execve. */
static int
fds(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		int fd = atoi(argv[i]);
		printf("fd %s %s\n", argv[i], fcntl(fd, F_GETFD) >= 0 ? "open" : "closed");
	}
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	if (argc >= 3 && strcmp(argv[1], "leaf") == 0)
		return leaf(atoi(argv[2]));
	if (argc >= 2 && strcmp(argv[1], "middle") == 0)
		return middle();
	if (argc >= 2 && strcmp(argv[1], "fds") == 0)
		return fds(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "args") == 0) {
		printf("args:");
		for (int i = 0; i < argc; i++)
			printf(" %s", argv[i]);
		printf("\n");
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "block") == 0) {
		for (;;)
			pause();
	}
	if (argc >= 2 && strcmp(argv[1], "crash") == 0)
		return *(volatile int *)0;

	printf("root pid=%d ppid=%d pgid=%d sid=%d\n", (int)getpid(), (int)getppid(), (int)getpgid(0), (int)getsid(0));
	/* Three leaves, reaped in reverse order. */
	pid_t leaves[3];
	for (int i = 0; i < 3; i++) {
		char code[8];
		snprintf(code, sizeof code, "%d", 10 + i);
		leaves[i] = spawn((char *[]){"/bin/proctree", "leaf", code, 0});
		waitid(P_PID, leaves[i], &(siginfo_t){0}, WEXITED | WNOWAIT); /* finished, still waitable */
	}
	for (int i = 2; i >= 0; i--)
		print_wait(leaves[i]);
	/* A three-level tree. */
	print_wait(spawn((char *[]){"/bin/proctree", "middle", 0}));
	/* A child killed by a signal from its parent, one by a fault, one by itself. */
	pid_t blocked = spawn((char *[]){"/bin/proctree", "block", 0});
	int status = 0;
	printf("WNOHANG on a running child: %d\n", (int)waitpid(blocked, &status, WNOHANG));
	printf("kill SIGTERM: %d\n", kill(blocked, SIGTERM));
	print_wait(blocked);
	print_wait(spawn((char *[]){"/bin/proctree", "crash", 0}));
	pid_t self = fork();
	if (self == 0) {
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	print_wait(self);
	/* waitid's siginfo. */
	pid_t waited = spawn((char *[]){"/bin/proctree", "leaf", "33", 0});
	siginfo_t info = {0};
	waitid(P_PID, waited, &info, WEXITED);
	printf("waitid: signo=%d code=%d pid-match=%d status=%d\n", info.si_signo, info.si_code, info.si_pid == waited,
	       info.si_status);
	/* execve errors. */
	errno = 0;
	execv("/nonexistent", (char *[]){"x", 0});
	printf("execve /nonexistent: %s\n", errname(errno));
	execv("/bin", (char *[]){"x", 0});
	printf("execve /bin: %s\n", errname(errno));
	execv("/s/plain.txt", (char *[]){"x", 0});
	printf("execve a file without x: %s\n", errname(errno));
	execv("/s/garbage", (char *[]){"x", 0});
	printf("execve garbage: %s\n", errname(errno));
	/* A #! script, with one interpreter argument. */
	print_wait(spawn((char *[]){"/s/script", "x", "y", 0}));
	/* O_CLOEXEC across execve; dup2 onto 10 clears it. */
	int keep[2], drop[2];
	pipe(keep);
	pipe2(drop, O_CLOEXEC);
	dup2(drop[0], 10);
	fcntl(keep[1], F_SETFD, FD_CLOEXEC);
	char a[8], b[8], c[8], d[8];
	snprintf(a, sizeof a, "%d", keep[0]);
	snprintf(b, sizeof b, "%d", keep[1]);
	snprintf(c, sizeof c, "%d", drop[0]);
	snprintf(d, sizeof d, "%d", 10);
	print_wait(spawn((char *[]){"/bin/proctree", "fds", a, b, c, d, 0}));
	/* vfork + exec. */
	pid_t vforked = vfork();
	if (vforked == 0) {
		execv("/bin/proctree", (char *[]){"/bin/proctree", "leaf", "44", 0});
		_exit(127);
	}
	print_wait(vforked);
	/* posix_spawn (musl: clone with CLONE_VM | CLONE_VFORK on a stack of its own). */
	extern char **environ;
	pid_t spawned = 0;
	int failed = posix_spawn(&spawned, "/bin/proctree", 0, 0, (char *[]){"/bin/proctree", "leaf", "55", 0}, environ);
	printf("posix_spawn: %s\n", errname(failed));
	print_wait(spawned);
	errno = 0;
	printf("wait with no children: %d %s\n", (int)waitpid(-1, &status, 0), errname(errno));
	return 0;
}
