// racy.c - a program whose output depends on how its threads interleave: a shared counter
// incremented without a lock (lost updates), an order log written without a lock, trylock
// results, the clock read by each thread, and printf lines from every thread. Under
// `emu --deterministic` two runs must print the same bytes; on a real machine they differ.
//
// Usage: racy [threads] [rounds]   (4 and 400000 by default)
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_THREADS 8
#define LOG_SIZE 4096

static volatile long counter;             // incremented with no lock: updates get lost
static volatile int order_next;           // the order log's next slot, also unlocked
static volatile char order_log[LOG_SIZE];
static pthread_mutex_t contended = PTHREAD_MUTEX_INITIALIZER;
static long rounds = 400000;

struct result {
    long trylock_won, trylock_lost;
    long first_seen_counter;
    long long finished_ns;
};
static struct result results[MAX_THREADS];

static long long monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void *worker(void *arg) {
    int id = (int)(long)arg;
    struct result *mine = &results[id];
    mine->first_seen_counter = counter;
    for (long i = 0; i < rounds; i++) {
        long value = counter;  // a read-modify-write that another thread can cut in two
        for (volatile int spin = 0; spin < (id + 1); spin++) {}
        counter = value + 1;
        if (i % (rounds / 16) == 0) {
            int slot = order_next;
            if (slot < LOG_SIZE - 1) {
                order_log[slot] = (char)('A' + id);
                order_next = slot + 1;
            }
            printf("thread %d at round %ld sees counter %ld\n", id, i, counter);
        }
        if (i % 997 == 0) {
            if (pthread_mutex_trylock(&contended) == 0) {
                mine->trylock_won++;
                for (volatile int hold = 0; hold < 200; hold++) {}
                pthread_mutex_unlock(&contended);
            } else {
                mine->trylock_lost++;
            }
        }
        if (i % 50000 == 0) sched_yield();
    }
    mine->finished_ns = monotonic_ns();
    return 0;
}

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 4;
    if (argc > 2) rounds = atol(argv[2]);
    if (count < 1 || count > MAX_THREADS || rounds < 16) {
        fprintf(stderr, "usage: racy [1-%d threads] [rounds >= 16]\n", MAX_THREADS);
        return 2;
    }
    long long start = monotonic_ns();
    pthread_t threads[MAX_THREADS];
    for (long i = 0; i < count; i++) {
        if (pthread_create(&threads[i], 0, worker, (void *)i) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    }
    for (int i = 0; i < count; i++) pthread_join(threads[i], 0);
    order_log[order_next < LOG_SIZE ? order_next : LOG_SIZE - 1] = 0;
    printf("counter %ld of %ld increments (%ld lost)\n", counter, count * rounds, count * rounds - counter);
    printf("order %s\n", (const char *)order_log);
    for (int i = 0; i < count; i++) {
        printf("thread %d: first saw %ld, trylock won %ld lost %ld, finished at +%lld ns\n", i,
               results[i].first_seen_counter, results[i].trylock_won, results[i].trylock_lost,
               results[i].finished_ns - start);
    }
    return 0;
}
