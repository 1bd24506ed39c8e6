/* sigtimers - alarm, setitimer(ITIMER_REAL), timer_create/settime/gettime/delete
 * on CLOCK_REALTIME and CLOCK_MONOTONIC, nanosleep interrupted (EINTR, never
 * restarted), a timer's siginfo (SI_TIMER, si_value, si_timerid). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, timer_hits;
static volatile int timer_code, timer_value, timer_signo;

static void on_alarm(int signo) { (void)signo; alarms++; }

static void on_timer(int signo, siginfo_t *info, void *context) {
	(void)context;
	timer_hits++;
	timer_signo = signo;
	timer_code = info->si_code;
	timer_value = info->si_value.sival_int;
}

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGALRM, on_alarm);
	sigset_t none;
	sigemptyset(&none);

	/* alarm, then sigsuspend until it fires. */
	printf("alarm(1)=%u\n", alarm(1));
	printf("alarm(1) again=%u\n", alarm(1));
	while (alarms == 0) sigsuspend(&none);
	printf("alarm fired: %d\n", alarms);
	printf("alarm(0)=%u\n", alarm(0));

	/* A periodic ITIMER_REAL: five ticks of 20 ms. */
	struct itimerval every = {{0, 20000}, {0, 20000}}, off = {{0, 0}, {0, 0}}, readback;
	alarms = 0;
	setitimer(ITIMER_REAL, &every, NULL);
	getitimer(ITIMER_REAL, &readback);
	printf("getitimer: interval=%ld.%06ld armed=%d\n", (long)readback.it_interval.tv_sec,
	       (long)readback.it_interval.tv_usec, readback.it_value.tv_usec > 0 || readback.it_value.tv_sec > 0);
	while (alarms < 5) sigsuspend(&none);
	setitimer(ITIMER_REAL, &off, NULL);
	printf("itimer ticks: %d\n", alarms >= 5);

	/* nanosleep interrupted by a timer: EINTR and the time left. */
	struct itimerval once = {{0, 0}, {0, 50000}};
	setitimer(ITIMER_REAL, &once, NULL);
	struct timespec request = {5, 0}, left = {0, 0};
	int r = nanosleep(&request, &left);
	printf("nanosleep: r=%d errno=%s left_ok=%d\n", r, strerror(errno), left.tv_sec >= 3 && left.tv_sec < 5);

	/* POSIX timers with SA_SIGINFO. */
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_sigaction = on_timer;
	action.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN + 1, &action, NULL);
	clockid_t clocks[2] = {CLOCK_MONOTONIC, CLOCK_REALTIME};
	for (int c = 0; c < 2; c++) {
		struct sigevent event;
		memset(&event, 0, sizeof event);
		event.sigev_notify = SIGEV_SIGNAL;
		event.sigev_signo = SIGRTMIN + 1;
		event.sigev_value.sival_int = 42 + c;
		timer_t timer;
		if (timer_create(clocks[c], &event, &timer) != 0) { perror("timer_create"); return 1; }
		struct itimerspec spec = {{0, 10 * 1000 * 1000}, {0, 10 * 1000 * 1000}}, current;
		timer_settime(timer, 0, &spec, NULL);
		timer_gettime(timer, &current);
		printf("timer %d: interval_ns=%ld armed=%d\n", c, current.it_interval.tv_nsec,
		       current.it_value.tv_nsec > 0 || current.it_value.tv_sec > 0);
		timer_hits = 0;
		while (timer_hits < 3) sigsuspend(&none);
		printf("timer %d: signo_ok=%d code=%d value=%d\n", c, timer_signo == SIGRTMIN + 1, timer_code, timer_value);
		printf("timer_delete=%d\n", timer_delete(timer));
	}
	/* An absolute deadline on CLOCK_MONOTONIC. */
	struct sigevent event;
	memset(&event, 0, sizeof event);
	event.sigev_notify = SIGEV_SIGNAL;
	event.sigev_signo = SIGRTMIN + 1;
	event.sigev_value.sival_int = 7;
	timer_t timer;
	timer_create(CLOCK_MONOTONIC, &event, &timer);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now.tv_nsec += 20 * 1000 * 1000;
	if (now.tv_nsec >= 1000000000) { now.tv_nsec -= 1000000000; now.tv_sec++; }
	struct itimerspec absolute = {{0, 0}, now};
	timer_hits = 0;
	timer_settime(timer, TIMER_ABSTIME, &absolute, NULL);
	while (timer_hits < 1) sigsuspend(&none);
	printf("absolute: value=%d\n", timer_value);
	errno = 0;
	timer_delete(timer);
	printf("timer_delete again=%d %s\n", timer_delete(timer), strerror(errno));
	return 0;
}
