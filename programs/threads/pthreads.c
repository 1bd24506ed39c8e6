// pthreads.c - POSIX threads under emu, compared with qemu-riscv32: create/join/detach,
// mutex, condition variable, rwlock, barrier, semaphore, thread-local storage, C11
// atomics under contention (exact totals), timed waits that time out, a thread that
// exits while others block, and cancellation. Every line it prints is deterministic.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 20000

static void check(int ok, const char *what) {
    if (!ok) {
        printf("FAIL %s\n", what);
        exit(1);
    }
}

// --- create / join / return values, TLS ---
static __thread int tls_value = 7;

static void *tls_worker(void *arg) {
    int id = (int)(long)arg;
    check(tls_value == 7, "tls initial value in a new thread");
    tls_value = 100 + id;
    for (volatile int i = 0; i < 1000; i++) {}
    return (void *)(long)(tls_value * 2);
}

static void test_create_join_tls(void) {
    pthread_t threads[THREADS];
    tls_value = 1;
    for (long i = 0; i < THREADS; i++) check(pthread_create(&threads[i], 0, tls_worker, (void *)i) == 0, "create");
    long sum = 0;
    for (int i = 0; i < THREADS; i++) {
        void *result;
        check(pthread_join(threads[i], &result) == 0, "join");
        sum += (long)result;
    }
    printf("join: sum of results %ld, main tls still %d\n", sum, tls_value);
}

// --- mutex ---
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *mutex_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&mutex);
        counter++;
        pthread_mutex_unlock(&mutex);
    }
    return 0;
}

// --- C11 atomics ---
static atomic_long atomic_counter;
static atomic_int cas_counter;

static void *atomic_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        atomic_fetch_add(&atomic_counter, 3);
        int old = atomic_load(&cas_counter);
        while (!atomic_compare_exchange_weak(&cas_counter, &old, old + 1)) {}
    }
    return 0;
}

static void run_all(void *(*body)(void *)) {
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) check(pthread_create(&threads[i], 0, body, 0) == 0, "create");
    for (int i = 0; i < THREADS; i++) pthread_join(threads[i], 0);
}

// --- condition variable: a bounded queue of one slot ---
static pthread_cond_t filled = PTHREAD_COND_INITIALIZER, emptied = PTHREAD_COND_INITIALIZER;
static int slot_full, slot_value;
static long consumed_sum;

static void *producer(void *arg) {
    (void)arg;
    for (int i = 1; i <= 500; i++) {
        pthread_mutex_lock(&mutex);
        while (slot_full) pthread_cond_wait(&emptied, &mutex);
        slot_value = i;
        slot_full = 1;
        pthread_cond_signal(&filled);
        pthread_mutex_unlock(&mutex);
    }
    return 0;
}

static void *consumer(void *arg) {
    (void)arg;
    for (int i = 1; i <= 500; i++) {
        pthread_mutex_lock(&mutex);
        while (!slot_full) pthread_cond_wait(&filled, &mutex);
        consumed_sum += slot_value;
        slot_full = 0;
        pthread_cond_signal(&emptied);
        pthread_mutex_unlock(&mutex);
    }
    return 0;
}

// --- rwlock ---
static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
static long shared_a, shared_b;
static atomic_int torn_reads;

static void *rw_writer(void *arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_rwlock_wrlock(&rwlock);
        shared_a++;
        shared_b++;
        pthread_rwlock_unlock(&rwlock);
    }
    return 0;
}

static void *rw_reader(void *arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_rwlock_rdlock(&rwlock);
        if (shared_a != shared_b) atomic_fetch_add(&torn_reads, 1);
        pthread_rwlock_unlock(&rwlock);
    }
    return 0;
}

// --- barrier ---
static pthread_barrier_t barrier;
static atomic_int phase_arrivals[3];
static atomic_int barrier_errors;

static void *barrier_worker(void *arg) {
    (void)arg;
    for (int phase = 0; phase < 3; phase++) {
        atomic_fetch_add(&phase_arrivals[phase], 1);
        pthread_barrier_wait(&barrier);
        // Past the barrier every thread has arrived at this phase.
        if (atomic_load(&phase_arrivals[phase]) != THREADS) atomic_fetch_add(&barrier_errors, 1);
        pthread_barrier_wait(&barrier);
    }
    return 0;
}

// --- semaphore ---
static sem_t semaphore;
static atomic_int inside, most_inside;

static void *sem_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 200; i++) {
        sem_wait(&semaphore);
        int now = atomic_fetch_add(&inside, 1) + 1;
        int seen = atomic_load(&most_inside);
        while (now > seen && !atomic_compare_exchange_weak(&most_inside, &seen, now)) {}
        atomic_fetch_sub(&inside, 1);
        sem_post(&semaphore);
    }
    return 0;
}

// --- timed waits ---
static void deadline_in(struct timespec *deadline, long milliseconds) {
    clock_gettime(CLOCK_REALTIME, deadline);
    deadline->tv_nsec += milliseconds * 1000000L;
    deadline->tv_sec += deadline->tv_nsec / 1000000000L;
    deadline->tv_nsec %= 1000000000L;
}

static void test_timeouts(void) {
    struct timespec deadline, before, after;
    pthread_cond_t never = PTHREAD_COND_INITIALIZER;
    clock_gettime(CLOCK_MONOTONIC, &before);
    pthread_mutex_lock(&mutex);
    deadline_in(&deadline, 50);
    int result = pthread_cond_timedwait(&never, &mutex, &deadline);
    pthread_mutex_unlock(&mutex);
    clock_gettime(CLOCK_MONOTONIC, &after);
    long waited = (after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000;
    printf("cond_timedwait: %s, waited at least 50 ms: %s\n", result == ETIMEDOUT ? "ETIMEDOUT" : "other",
           waited >= 49 ? "yes" : "no");
    sem_t empty;
    sem_init(&empty, 0, 0);
    deadline_in(&deadline, 30);
    int sem_result = sem_timedwait(&empty, &deadline);
    printf("sem_timedwait: %d %s\n", sem_result, sem_result != 0 && errno == ETIMEDOUT ? "ETIMEDOUT" : "other");
}

// --- a thread exits while others block on it ---
static sem_t gate;

static void *exits_early(void *arg) {
    (void)arg;
    sem_wait(&gate);
    pthread_exit((void *)42);
}

static int blocked_waiting, blocked_released;

static void *blocks_forever(void *arg) {
    (void)arg;
    pthread_mutex_lock(&mutex);
    blocked_waiting = 1;
    while (!blocked_released) pthread_cond_wait(&filled, &mutex);  // until main releases it
    pthread_mutex_unlock(&mutex);
    return (void *)7;
}

// --- cancellation ---
static void *cancellable(void *arg) {
    (void)arg;
    for (;;) {
        pause();  // a cancellation point
    }
    return 0;
}

// --- detached ---
static atomic_int detached_done;
static void *detached(void *arg) {
    (void)arg;
    atomic_store(&detached_done, 1);
    return 0;
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    test_create_join_tls();

    run_all(mutex_worker);
    printf("mutex: counter %ld (expected %d)\n", counter, THREADS * ROUNDS);

    run_all(atomic_worker);
    printf("atomics: fetch_add total %ld (expected %d), cas total %d (expected %d)\n", atomic_load(&atomic_counter),
           3 * THREADS * ROUNDS, atomic_load(&cas_counter), THREADS * ROUNDS);

    pthread_t p, c;
    pthread_create(&c, 0, consumer, 0);
    pthread_create(&p, 0, producer, 0);
    pthread_join(p, 0);
    pthread_join(c, 0);
    printf("condvar: consumed sum %ld (expected %d)\n", consumed_sum, 500 * 501 / 2);

    pthread_t rw[4];
    pthread_create(&rw[0], 0, rw_writer, 0);
    pthread_create(&rw[1], 0, rw_reader, 0);
    pthread_create(&rw[2], 0, rw_writer, 0);
    pthread_create(&rw[3], 0, rw_reader, 0);
    for (int i = 0; i < 4; i++) pthread_join(rw[i], 0);
    printf("rwlock: a %ld b %ld torn reads %d\n", shared_a, shared_b, atomic_load(&torn_reads));

    pthread_barrier_init(&barrier, 0, THREADS);
    run_all(barrier_worker);
    printf("barrier: errors %d\n", atomic_load(&barrier_errors));

    sem_init(&semaphore, 0, 2);
    run_all(sem_worker);
    printf("semaphore: at most %d inside (limit 2)\n", atomic_load(&most_inside) <= 2 ? 2 : atomic_load(&most_inside));

    test_timeouts();

    sem_init(&gate, 0, 0);
    pthread_t early, blocked;
    pthread_create(&blocked, 0, blocks_forever, 0);
    pthread_create(&early, 0, exits_early, 0);
    sem_post(&gate);
    void *early_result, *blocked_result;
    pthread_join(early, &early_result);
    struct timespec tick = {0, 1000000};
    pthread_mutex_lock(&mutex);
    while (!blocked_waiting) {
        pthread_mutex_unlock(&mutex);
        nanosleep(&tick, 0);
        pthread_mutex_lock(&mutex);
    }
    blocked_released = 1;
    pthread_cond_broadcast(&filled);
    pthread_mutex_unlock(&mutex);
    pthread_join(blocked, &blocked_result);
    printf("exit while others block: %ld then %ld\n", (long)early_result, (long)blocked_result);

    pthread_t victim;
    pthread_create(&victim, 0, cancellable, 0);
    nanosleep(&tick, 0);
    pthread_cancel(victim);
    void *cancel_result;
    pthread_join(victim, &cancel_result);
    printf("cancel: %s\n", cancel_result == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "other");

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t loose;
    pthread_create(&loose, &attributes, detached, 0);
    while (!atomic_load(&detached_done)) nanosleep(&tick, 0);
    printf("detached: ran\n");
    return 0;
}
