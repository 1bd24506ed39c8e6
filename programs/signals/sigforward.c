/* sigforward - waits for a signal from the host (emu forwards SIGINT, SIGTERM,
 * SIGHUP, SIGWINCH, SIGUSR1, SIGUSR2 to the guest). With no argument it installs
 * handlers, says "ready", waits in sigsuspend and prints what arrived; with
 * "default" it waits with the default actions, so SIGINT ends it (130). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile int sender;

static void on_signal(int signo, siginfo_t *info, void *context) {
	(void)context;
	got = signo;
	sender = info->si_pid;
}

int main(int argc, char **argv) {
	setvbuf(stdout, NULL, _IONBF, 0);
	sigset_t none;
	sigemptyset(&none);
	if (argc > 1 && strcmp(argv[1], "default") == 0) {
		printf("ready\n");
		for (;;) sigsuspend(&none);
	}
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_sigaction = on_signal;
	action.sa_flags = SA_SIGINFO;
	int watched[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGUSR1, SIGUSR2};
	for (unsigned i = 0; i < sizeof watched / sizeof watched[0]; i++) sigaction(watched[i], &action, NULL);
	printf("ready\n");
	while (!got) sigsuspend(&none);
	/* From outside the guest's pid namespace: si_pid is 0, as Linux reports it. */
	printf("got %d from pid %d\n", got, sender);
	return 0;
}
