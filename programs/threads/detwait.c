// detwait.c - waits with timeouts while other threads run or wait too: a futex wait
// (pthread_cond_timedwait) that times out while another thread computes, sleeps of two
// threads at once (nothing runs: time must still pass), a sleeper woken early by a
// signal, a pipe between two threads (the reader waits while the writer fills it, more
// than the pipe holds), and, with the argument "deadlock", two threads that lock two mutexes in
// opposite orders and never finish. Every line it prints holds on Linux, with times
// given only as lower bounds.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

// --- a timed futex wait while another thread computes ---
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static volatile int stop_computing;

static void *compute(void *arg) {
    (void)arg;
    volatile unsigned long sum = 0;
    while (!stop_computing) sum += 3;
    return 0;
}

static void timed_wait_while_computing(void) {
    pthread_t worker;
    pthread_create(&worker, 0, compute, 0);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 10000000;  // 10 ms
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    long long begin = monotonic_ns();
    pthread_mutex_lock(&mutex);
    int result = pthread_cond_timedwait(&never, &mutex, &deadline);
    pthread_mutex_unlock(&mutex);
    long long waited = monotonic_ns() - begin;
    stop_computing = 1;
    pthread_join(worker, 0);
    printf("cond_timedwait while another thread computes: %s, waited at least 10 ms: %s\n",
           result == ETIMEDOUT ? "ETIMEDOUT" : strerror(result), waited >= 10000000LL ? "yes" : "no");
}

// --- two sleepers: no thread can run, the clock must move ---
static void *sleeper(void *arg) {
    struct timespec pause = {0, (long)arg};
    nanosleep(&pause, 0);
    return 0;
}

static void sleeping_together(void) {
    long long begin = monotonic_ns();
    pthread_t first, second;
    pthread_create(&first, 0, sleeper, (void *)200000000L);
    pthread_create(&second, 0, sleeper, (void *)300000000L);
    pthread_join(first, 0);
    long long after_first = monotonic_ns() - begin;
    pthread_join(second, 0);
    long long after_both = monotonic_ns() - begin;
    printf("two sleepers: first joined after at least 200 ms: %s, both after at least 300 ms: %s\n",
           after_first >= 200000000LL ? "yes" : "no", after_both >= 300000000LL ? "yes" : "no");
}

// --- a sleep cut short by a signal from another thread ---
static volatile int handled;
static void on_usr1(int signal) { (void)signal; handled = 1; }

static void *long_sleeper(void *arg) {
    (void)arg;
    struct timespec pause = {100, 0}, left;
    int result = nanosleep(&pause, &left);
    printf("sleeper: nanosleep %s, handler ran: %s, more than 90 s left: %s\n",
           result == -1 && errno == EINTR ? "EINTR" : "completed", handled ? "yes" : "no",
           left.tv_sec > 90 ? "yes" : "no");
    return 0;
}

static void signal_ends_sleep(void) {
    signal(SIGUSR1, on_usr1);
    pthread_t thread;
    pthread_create(&thread, 0, long_sleeper, 0);
    struct timespec pause = {0, 50000000};
    nanosleep(&pause, 0);
    pthread_kill(thread, SIGUSR1);
    pthread_join(thread, 0);
}

// --- a pipe between threads ---
static int pipe_ends[2];
#define PIPE_BYTES 300000

static void *pipe_writer(void *arg) {
    (void)arg;
    static char chunk[10000];
    for (int i = 0; i < (int)sizeof chunk; i++) chunk[i] = (char)(i % 251);
    for (int sent = 0; sent < PIPE_BYTES; sent += sizeof chunk) {
        size_t done = 0;
        while (done < sizeof chunk) {
            ssize_t wrote = write(pipe_ends[1], chunk + done, sizeof chunk - done);
            if (wrote <= 0) return 0;
            done += (size_t)wrote;
        }
    }
    close(pipe_ends[1]);
    return 0;
}

static void pipe_between_threads(void) {
    if (pipe(pipe_ends) != 0) return;
    pthread_t thread;
    pthread_create(&thread, 0, pipe_writer, 0);
    static char buffer[4096];
    long total = 0, checksum = 0;
    for (;;) {
        ssize_t got = read(pipe_ends[0], buffer, sizeof buffer);
        if (got <= 0) break;
        for (ssize_t i = 0; i < got; i++) checksum = (checksum * 31 + (unsigned char)buffer[i]) % 1000003;
        total += got;
    }
    pthread_join(thread, 0);
    printf("pipe between threads: %ld bytes, checksum %ld\n", total, checksum);
}

// --- a deadlock: A then B against B then A ---
static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER, lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void *b_then_a(void *arg) {
    (void)arg;
    pthread_mutex_lock(&lock_b);
    pthread_barrier_wait(&both_hold_one);
    pthread_mutex_lock(&lock_a);
    return 0;
}

static void deadlock(void) {
    pthread_barrier_init(&both_hold_one, 0, 2);
    pthread_t thread;
    pthread_create(&thread, 0, b_then_a, 0);
    pthread_mutex_lock(&lock_a);
    pthread_barrier_wait(&both_hold_one);
    printf("deadlock: both threads hold one lock\n");
    fflush(stdout);
    pthread_mutex_lock(&lock_b);
    printf("not reached\n");
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "deadlock") == 0) {
        deadlock();
        return 0;
    }
    timed_wait_while_computing();
    sleeping_together();
    signal_ends_sleep();
    pipe_between_threads();
    return 0;
}
