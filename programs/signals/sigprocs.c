/* sigprocs - signals around blocking calls and between processes: alarm
 * interrupting a read on a pipe (EINTR) and restarting it (SA_RESTART), SIGPIPE
 * on a write to a pipe nobody reads, SIGCHLD with the child's siginfo, kill()
 * from one guest process reaching another's handler (si_pid is the sender),
 * a default action ending a child (the parent's wait sees the signal). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, pipes, children, usr1;
static volatile int child_pid, child_code, child_status, usr1_pid, usr1_code;

static void on_alarm(int signo) { (void)signo; alarms++; }
static void on_pipe(int signo) { (void)signo; pipes++; }
static void on_child(int signo, siginfo_t *info, void *context) {
	(void)signo;
	(void)context;
	children++;
	child_pid = info->si_pid;
	child_code = info->si_code;
	child_status = info->si_status;
}
static void on_usr1(int signo, siginfo_t *info, void *context) {
	(void)signo;
	(void)context;
	usr1++;
	usr1_pid = info->si_pid;
	usr1_code = info->si_code;
}

static void handle(int signo, void (*handler)(int), int flags) {
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = handler;
	action.sa_flags = flags;
	sigaction(signo, &action, NULL);
}

static void handle_info(int signo, void (*handler)(int, siginfo_t *, void *)) {
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_sigaction = handler;
	action.sa_flags = SA_SIGINFO;
	sigaction(signo, &action, NULL);
}

static void sleep_ms(int ms) {
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&t, &t) != 0 && errno == EINTR) {}
}

static void arm(int ms) {
	struct itimerval once = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
	setitimer(ITIMER_REAL, &once, NULL);
}

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	int fds[2];
	char byte = 0;

	/* 1. A blocking read on an empty pipe, interrupted: EINTR without SA_RESTART. */
	pipe(fds);
	handle(SIGALRM, on_alarm, 0);
	arm(100);
	ssize_t n = read(fds[0], &byte, 1);
	printf("read without SA_RESTART: n=%zd errno=%s alarms=%d\n", n, strerror(errno), alarms);

	/* 2. The same with SA_RESTART: the read goes on and gets the child's byte. */
	handle(SIGALRM, on_alarm, SA_RESTART);
	pid_t writer = fork();
	if (writer == 0) {
		sleep_ms(400);
		write(fds[1], "x", 1);
		_exit(0);
	}
	arm(100);
	n = read(fds[0], &byte, 1);
	printf("read with SA_RESTART: n=%zd byte=%c alarms=%d\n", n, n == 1 ? byte : '-', alarms);
	waitpid(writer, NULL, 0);
	close(fds[0]);
	close(fds[1]);

	/* 3. SIGPIPE: handled, ignored, and by default (in a child). */
	pipe(fds);
	close(fds[0]);
	handle(SIGPIPE, on_pipe, 0);
	n = write(fds[1], "y", 1);
	printf("write handled: n=%zd errno=%s sigpipes=%d\n", n, strerror(errno), pipes);
	signal(SIGPIPE, SIG_IGN);
	n = write(fds[1], "y", 1);
	printf("write ignored: n=%zd errno=%s sigpipes=%d\n", n, strerror(errno), pipes);
	signal(SIGPIPE, SIG_DFL);
	pid_t piper = fork();
	if (piper == 0) {
		write(fds[1], "y", 1);
		_exit(0);
	}
	int status = 0;
	waitpid(piper, &status, 0);
	printf("write default: signaled=%d signal=%d\n", WIFSIGNALED(status), WTERMSIG(status));
	close(fds[1]);

	/* 4. SIGCHLD with the child's pid, code and status. */
	sigset_t chld, old, none;
	sigemptyset(&chld);
	sigemptyset(&none);
	sigaddset(&chld, SIGCHLD);
	handle_info(SIGCHLD, on_child);
	sigprocmask(SIG_BLOCK, &chld, &old);
	pid_t quitter = fork();
	if (quitter == 0) _exit(5);
	while (children == 0) sigsuspend(&none);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("sigchld: pid_ok=%d code=%d status=%d\n", child_pid == quitter, child_code, child_status);
	waitpid(quitter, NULL, 0);
	signal(SIGCHLD, SIG_DFL);

	/* 5. kill() from this process reaches the child's handler. */
	int ready[2];
	pipe(ready);
	sigset_t usr;
	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr, &old);
	pid_t receiver = fork();
	if (receiver == 0) {
		handle_info(SIGUSR1, on_usr1);
		write(ready[1], "r", 1);
		while (usr1 == 0) sigsuspend(&none);
		printf("child: usr1=%d from_parent=%d code=%d\n", usr1, usr1_pid == getppid(), usr1_code);
		_exit(7);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	read(ready[0], &byte, 1);
	kill(receiver, SIGUSR1);
	waitpid(receiver, &status, 0);
	printf("receiver: exited=%d status=%d\n", WIFEXITED(status), WEXITSTATUS(status));

	/* 6. A default action ends the other process: SIGTERM, then SIGKILL. */
	int signals[2] = {SIGTERM, SIGKILL};
	for (int i = 0; i < 2; i++) {
		pid_t victim = fork();
		if (victim == 0) {
			write(ready[1], "r", 1);
			for (;;) pause();
		}
		read(ready[0], &byte, 1);
		kill(victim, signals[i]);
		waitpid(victim, &status, 0);
		printf("victim: signaled=%d signal=%d\n", WIFSIGNALED(status), WTERMSIG(status));
	}
	return 0;
}
