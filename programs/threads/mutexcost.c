// mutexcost.c - the cost of an uncontended mutex lock/unlock pair: each of N threads locks
// and unlocks its own mutex (no other thread ever touches it) `pairs` times; it prints the
// nanoseconds per pair, measured over the whole run on CLOCK_MONOTONIC. With threads > 1
// the process is multi-threaded, so musl's locks take their atomic paths (with one thread,
// musl skips them), which is what the comparison is for.
//
// Usage: mutexcost [threads 1..64] [pairs]   (defaults 1 and 2000000)
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long pairs = 2000000;

struct lane {
    pthread_mutex_t mutex;
    long count;
    char padding[40];
};

static void *hammer(void *arg) {
    struct lane *lane = arg;
    for (long i = 0; i < pairs; i++) {
        pthread_mutex_lock(&lane->mutex);
        lane->count++;
        pthread_mutex_unlock(&lane->mutex);
    }
    return 0;
}

int main(int argc, char **argv) {
    long threads = argc > 1 ? atol(argv[1]) : 1;
    if (argc > 2) pairs = atol(argv[2]);
    if (threads < 1 || threads > 64 || pairs < 1 || pairs > 1000000000L) {
        fprintf(stderr, "usage: mutexcost [threads 1..64] [pairs 1..1000000000]\n");
        return 2;
    }
    static struct lane lanes[64];
    pthread_t ids[64];
    struct timespec start, end;
    for (long t = 0; t < threads; t++) pthread_mutex_init(&lanes[t].mutex, 0);
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long t = 1; t < threads; t++) pthread_create(&ids[t], 0, hammer, &lanes[t]);
    hammer(&lanes[0]);
    long total = lanes[0].count;
    for (long t = 1; t < threads; t++) {
        pthread_join(ids[t], 0);
        total += lanes[t].count;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    // Per pair of one thread: the threads run in parallel, each doing `pairs`.
    double per_pair = seconds * 1e9 / (double)pairs;
    printf("mutexcost: %ld threads, %ld pairs done, %.1f ns per pair per thread\n", threads, total, per_pair);
    return total == threads * pairs ? 0 : 1;
}
