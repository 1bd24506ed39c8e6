// litmus.c - memory-model litmus tests for two harts, run many times each: message passing
// with fences, store buffering with and without fences, and counters built from LR/SC loops
// and AMOs under contention. It prints the number of forbidden outcomes of each test (0 on
// a correct emulator) and the exact totals of the counters; the count of store-buffering
// reorderings without a fence (allowed by RVWMO, so any number is correct) goes to stderr.
//
// Usage: litmus [iterations]   (default 20000)
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static long iterations = 20000;
static atomic_uint arrived;

// A spin barrier for the two harts: the k-th pass waits until both made k arrivals.
static void sync_point(unsigned *passes) {
    unsigned target = ++*passes * 2;
    atomic_fetch_add(&arrived, 1);
    while (atomic_load(&arrived) < target) {}
}

static volatile int x, y, data, flag;
static volatile int r0, r1;

#define FENCE(kind) __asm__ volatile("fence " kind ::: "memory")

enum test { MESSAGE_PASSING, STORE_BUFFERING_FENCED, STORE_BUFFERING_PLAIN };

static void hart(int which, enum test test) {
    switch (test) {
    case MESSAGE_PASSING:
        if (which == 0) {
            data = 1;
            FENCE("w,w");
            flag = 1;
        } else {
            r0 = flag;
            FENCE("r,r");
            r1 = data;
        }
        break;
    case STORE_BUFFERING_FENCED:
        if (which == 0) {
            x = 1;
            FENCE("rw,rw");
            r0 = y;
        } else {
            y = 1;
            FENCE("rw,rw");
            r1 = x;
        }
        break;
    case STORE_BUFFERING_PLAIN:
        if (which == 0) {
            x = 1;
            r0 = y;
        } else {
            y = 1;
            r1 = x;
        }
        break;
    }
}

static long outcomes;

static void *second_hart(void *arg) {
    (void)arg;
    unsigned passes = 0;
    for (int test = MESSAGE_PASSING; test <= STORE_BUFFERING_PLAIN; test++) {
        for (long i = 0; i < iterations; i++) {
            sync_point(&passes);
            hart(1, (enum test)test);
            sync_point(&passes);
            sync_point(&passes);  // the first hart checks and resets in between
        }
    }
    return 0;
}

// --- counters ---
#define COUNTER_THREADS 4
#define COUNTER_ROUNDS 20000
static int lrsc_counter, amo_counter;

static void *counter_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < COUNTER_ROUNDS; i++) {
        int old, failed;
        __asm__ volatile(
            "1: lr.w.aq %0, (%2)\n"
            "   addi %0, %0, 1\n"
            "   sc.w.rl %1, %0, (%2)\n"
            "   bnez %1, 1b\n"
            : "=&r"(old), "=&r"(failed)
            : "r"(&lrsc_counter)
            : "memory");
        int ignored;
        __asm__ volatile("amoadd.w.aqrl %0, %2, (%1)" : "=r"(ignored) : "r"(&amo_counter), "r"(2) : "memory");
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) iterations = atol(argv[1]);
    if (iterations < 1 || iterations > 100000000) {
        fprintf(stderr, "usage: litmus [iterations 1..100000000]\n");
        return 2;
    }
    pthread_t other;
    if (pthread_create(&other, 0, second_hart, 0) != 0) return 1;
    unsigned passes = 0;
    static const char *names[] = {"mp+fences", "sb+fences", "sb"};
    for (int test = MESSAGE_PASSING; test <= STORE_BUFFERING_PLAIN; test++) {
        outcomes = 0;
        for (long i = 0; i < iterations; i++) {
            sync_point(&passes);
            hart(0, (enum test)test);
            sync_point(&passes);
            int forbidden = test == MESSAGE_PASSING ? (r0 == 1 && r1 == 0) : (r0 == 0 && r1 == 0);
            outcomes += forbidden;
            x = y = data = flag = 0;
            r0 = r1 = -1;
            sync_point(&passes);
        }
        if (test == STORE_BUFFERING_PLAIN) {
            fprintf(stderr, "%s: %ld of %ld runs reordered (allowed)\n", names[test], outcomes, iterations);
        } else {
            printf("%s: %ld forbidden outcomes in %ld runs\n", names[test], outcomes, iterations);
        }
    }
    pthread_join(other, 0);

    pthread_t workers[COUNTER_THREADS];
    for (int i = 0; i < COUNTER_THREADS; i++) pthread_create(&workers[i], 0, counter_worker, 0);
    for (int i = 0; i < COUNTER_THREADS; i++) pthread_join(workers[i], 0);
    printf("lr/sc counter: %d (expected %d)\n", lrsc_counter, COUNTER_THREADS * COUNTER_ROUNDS);
    printf("amoadd counter: %d (expected %d)\n", amo_counter, 2 * COUNTER_THREADS * COUNTER_ROUNDS);
    return 0;
}
