/* sighandlers - handlers with SA_SIGINFO, masks, sigpending, sigsuspend, nested
 * signals, SA_NODEFER, SA_RESETHAND, sigtimedwait, the saved context, raise.
 * Prints what each handler saw; run under emu and qemu-riscv32, the output and
 * the exit status must be the same. Ends with abort(): exit status 134. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t hits[65];
static volatile int last_code, last_pid, last_uid, last_signo, depth, max_depth, order[8], order_count;
static volatile unsigned long saved_mask_low;

static void info_handler(int signo, siginfo_t *info, void *context) {
	ucontext_t *uc = context;
	hits[signo]++;
	last_signo = info->si_signo;
	last_code = info->si_code;
	last_pid = info->si_pid;
	last_uid = info->si_uid;
	saved_mask_low = ((unsigned long *)&uc->uc_sigmask)[0];
	if (order_count < 8) order[order_count++] = signo;
}

static void nested_outer(int signo) {
	if (order_count < 8) order[order_count++] = signo;
	raise(SIGUSR2); /* not masked: runs inside this handler */
	if (order_count < 8) order[order_count++] = 100 + signo;
}

static void nested_inner(int signo) {
	if (order_count < 8) order[order_count++] = signo;
}

static void recursive(int signo) {
	depth++;
	if (depth > max_depth) max_depth = depth;
	if (depth < 3) raise(signo); /* SA_NODEFER: delivered again at once */
	depth--;
}

static void counter(int signo) { hits[signo]++; }

static void install(int signo, void (*handler)(int), int flags, const sigset_t *mask) {
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = handler;
	action.sa_flags = flags;
	if (mask) action.sa_mask = *mask;
	if (sigaction(signo, &action, NULL) != 0) { perror("sigaction"); exit(1); }
}

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	struct sigaction action, old;

	/* 1. SA_SIGINFO: the fields of kill() and raise(). */
	memset(&action, 0, sizeof action);
	action.sa_sigaction = info_handler;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &action, NULL);
	kill(getpid(), SIGUSR1);
	printf("kill: hits=%d signo=%d code=%d pid_ok=%d uid_ok=%d\n", hits[SIGUSR1], last_signo, last_code,
	       last_pid == getpid(), last_uid == (int)getuid());
	raise(SIGUSR1);
	printf("raise: hits=%d code=%d saved_mask=%#lx\n", hits[SIGUSR1], last_code, saved_mask_low);
	sigaction(SIGUSR1, NULL, &old);
	printf("oldact: siginfo=%d handler_ok=%d\n", (old.sa_flags & SA_SIGINFO) != 0, old.sa_sigaction == info_handler);

	/* 2. Masks: a blocked signal stays pending until unblocked. */
	sigset_t block, pending, none;
	sigemptyset(&block);
	sigemptyset(&none);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	sigpending(&pending);
	printf("blocked: hits=%d pending=%d\n", hits[SIGUSR1], sigismember(&pending, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	sigpending(&pending);
	printf("unblocked: hits=%d pending=%d\n", hits[SIGUSR1], sigismember(&pending, SIGUSR1));

	/* 3. sigsuspend: wait with SIGUSR1 let through, the mask comes back after. */
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	int r = sigsuspend(&none);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("sigsuspend: r=%d errno=%s hits=%d still_blocked=%d\n", r, strerror(errno), hits[SIGUSR1],
	       sigismember(&now, SIGUSR1));

	/* 4. sigtimedwait: take a blocked pending signal without its handler. */
	raise(SIGUSR1);
	siginfo_t info;
	int got = sigtimedwait(&block, &info, NULL);
	printf("sigtimedwait: got=%d code=%d hits=%d\n", got, info.si_code, hits[SIGUSR1]);
	struct timespec short_wait = {0, 20 * 1000 * 1000};
	got = sigtimedwait(&block, &info, &short_wait);
	printf("sigtimedwait timeout: got=%d errno=%s\n", got, strerror(errno));
	sigprocmask(SIG_UNBLOCK, &block, NULL);

	/* 5. Nested: SIGUSR2 raised inside SIGUSR1's handler runs inside it. */
	order_count = 0;
	install(SIGUSR1, nested_outer, 0, NULL);
	install(SIGUSR2, nested_inner, 0, NULL);
	raise(SIGUSR1);
	printf("nested:");
	for (int i = 0; i < order_count; i++) printf(" %d", order[i]);
	printf("\n");

	/* 6. sa_mask: SIGUSR2 masked during SIGUSR1's handler runs after it. */
	order_count = 0;
	sigset_t mask2;
	sigemptyset(&mask2);
	sigaddset(&mask2, SIGUSR2);
	install(SIGUSR1, nested_outer, 0, &mask2);
	raise(SIGUSR1);
	printf("sa_mask:");
	for (int i = 0; i < order_count; i++) printf(" %d", order[i]);
	printf("\n");

	/* 7. Two pending at once: both delivered when unblocked, lowest first. */
	order_count = 0;
	memset(&action, 0, sizeof action);
	action.sa_sigaction = info_handler;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &action, NULL);
	sigaction(SIGUSR2, &action, NULL);
	sigaction(SIGRTMIN + 2, &action, NULL);
	sigset_t both;
	sigemptyset(&both);
	sigaddset(&both, SIGUSR1);
	sigaddset(&both, SIGUSR2);
	sigaddset(&both, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &both, NULL);
	raise(SIGRTMIN + 2);
	raise(SIGUSR2);
	raise(SIGRTMIN + 2); /* real-time signals queue: delivered twice */
	raise(SIGUSR1);
	raise(SIGUSR1); /* standard signals do not: once */
	sigprocmask(SIG_UNBLOCK, &both, NULL);
	printf("order:");
	for (int i = 0; i < order_count; i++) printf(" %d", order[i]);
	printf("\n");

	/* 8. SA_NODEFER lets a handler be re-entered; SA_RESETHAND runs it once. */
	install(SIGUSR1, recursive, SA_NODEFER, NULL);
	raise(SIGUSR1);
	printf("nodefer: max_depth=%d\n", max_depth);
	install(SIGURG, counter, SA_RESETHAND, NULL);
	raise(SIGURG);
	raise(SIGURG); /* default action of SIGURG: ignore */
	sigaction(SIGURG, NULL, &old);
	printf("resethand: hits=%d default_now=%d\n", hits[SIGURG], old.sa_handler == SIG_DFL);

	/* 9. Ignored: SIG_IGN drops it, even when it was pending. */
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	sigprocmask(SIG_BLOCK, &mask2, NULL);
	signal(SIGUSR2, counter);
	raise(SIGUSR2);
	signal(SIGUSR2, SIG_IGN);
	sigpending(&pending);
	printf("ignored: pending=%d\n", sigismember(&pending, SIGUSR2));
	sigprocmask(SIG_UNBLOCK, &mask2, NULL);

	/* 10. Errors. */
	errno = 0;
	printf("sigaction(SIGKILL)=%d %s\n", sigaction(SIGKILL, &action, NULL), strerror(errno));
	errno = 0;
	printf("sigaction(65)=%d %s\n", sigaction(65, &action, NULL), strerror(errno));
	errno = 0;
	printf("kill(getpid(), 99)=%d %s\n", kill(getpid(), 99), strerror(errno));

	/* 11. abort(): SIGABRT's default action, exit status 134 as a shell reports. */
	printf("aborting\n");
	abort();
}
