// threadkill.c - signals and threads: a signal sent to one thread runs its handler in that
// thread, a thread blocked in pause() is interrupted by a signal sent to it (EINTR), a
// process-directed signal goes to the thread that does not block it, and a fatal signal
// raised in one thread ends the whole process (exit status 128 + SIGTERM as a shell shows).
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int handled_in;  // the tid the last handler ran in
static atomic_int target_tid;
static atomic_int ready;

static void handler(int signal) {
    (void)signal;
    atomic_store(&handled_in, (int)syscall(SYS_gettid));
}

static void sleep_ms(long milliseconds) {
    struct timespec tick = {0, milliseconds * 1000000L};
    nanosleep(&tick, 0);
}

static void *pauser(void *arg) {
    (void)arg;
    atomic_store(&target_tid, (int)syscall(SYS_gettid));
    atomic_store(&ready, 1);
    int result = pause();
    int error = errno;
    return (void *)(long)(result == -1 && error == EINTR);
}

static void *unblocked_waiter(void *arg) {
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &set, 0);
    atomic_store(&target_tid, (int)syscall(SYS_gettid));
    atomic_store(&ready, 1);
    while (atomic_load(&handled_in) == 0) sleep_ms(1);
    return 0;
}

static void *dies(void *arg) {
    (void)arg;
    printf("a thread raises SIGTERM with its default action\n");
    kill(getpid(), SIGTERM);
    for (;;) pause();
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigaction(SIGUSR1, &action, 0);
    sigaction(SIGUSR2, &action, 0);

    // 1. pthread_kill to a thread in pause(): its handler runs there, pause fails EINTR.
    pthread_t thread;
    pthread_create(&thread, 0, pauser, 0);
    while (!atomic_load(&ready)) sleep_ms(1);
    sleep_ms(20);  // let it reach pause()
    pthread_kill(thread, SIGUSR1);
    void *interrupted;
    pthread_join(thread, &interrupted);
    printf("pthread_kill: handler ran in the target thread: %s; pause interrupted with EINTR: %s\n",
           atomic_load(&handled_in) == atomic_load(&target_tid) ? "yes" : "no", interrupted ? "yes" : "no");

    // 2. tgkill to this thread itself: delivered before the call returns.
    atomic_store(&handled_in, 0);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    printf("tgkill to self: handled in main thread: %s\n",
           atomic_load(&handled_in) == (int)syscall(SYS_gettid) ? "yes" : "no");

    // 3. A process-directed signal, blocked here, goes to the thread that does not block it.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, 0);
    atomic_store(&handled_in, 0);
    atomic_store(&ready, 0);
    pthread_create(&thread, 0, unblocked_waiter, 0);
    while (!atomic_load(&ready)) sleep_ms(1);
    kill(getpid(), SIGUSR2);
    pthread_join(thread, 0);
    printf("kill to the process: handled by the thread that does not block it: %s\n",
           atomic_load(&handled_in) == atomic_load(&target_tid) ? "yes" : "no");
    sigset_t pending;
    sigpending(&pending);
    printf("still pending in main: %s\n", sigismember(&pending, SIGUSR2) ? "yes" : "no");

    // 4. A fatal signal from one thread ends every thread.
    pthread_create(&thread, 0, dies, 0);
    pthread_join(thread, 0);
    printf("not reached\n");
    return 0;
}
