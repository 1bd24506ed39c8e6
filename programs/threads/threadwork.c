// threadwork.c - a compute workload split over N threads with no shared writes in the hot
// loop: each thread mixes its own range of the numbers 0..iterations-1 into a local sum,
// and writes it once at the end. The total does not depend on the number of threads, so
// the output is the same for every N; the time is what scales.
//
// Usage: threadwork [threads 1..64] [iterations]   (defaults 4 and 4000000)
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct range {
    uint32_t first, last;
    uint32_t sum;
    char padding[52];  // one cache line per thread: the final writes do not share lines
};

static uint32_t mix(uint32_t value) {
    value ^= value >> 16;
    value *= 0x7feb352dU;
    value ^= value >> 15;
    value *= 0x846ca68bU;
    value ^= value >> 16;
    return value;
}

// Every thread exists before any works (so that --pids-limit sees them all at once).
static pthread_barrier_t start;

static void *work(void *arg) {
    struct range *range = arg;
    pthread_barrier_wait(&start);
    uint32_t sum = 0;
    for (uint32_t i = range->first; i < range->last; i++) sum += mix(i);
    range->sum = sum;
    return 0;
}

int main(int argc, char **argv) {
    long threads = argc > 1 ? atol(argv[1]) : 4;
    long iterations = argc > 2 ? atol(argv[2]) : 4000000;
    if (threads < 1 || threads > 64 || iterations < 0) {
        fprintf(stderr, "usage: threadwork [threads 1..64] [iterations 0..2147483647]\n");
        return 2;
    }
    static struct range ranges[64];
    pthread_t ids[64];
    pthread_barrier_init(&start, 0, (unsigned)threads);
    for (long t = 0; t < threads; t++) {
        ranges[t].first = (uint32_t)(iterations * t / threads);
        ranges[t].last = (uint32_t)(iterations * (t + 1) / threads);
        if (t > 0 && pthread_create(&ids[t], 0, work, &ranges[t]) != 0) {
            printf("threadwork: pthread_create of thread %ld failed\n", t + 1);
            return 1;
        }
    }
    work(&ranges[0]);  // the first thread works too
    uint32_t total = ranges[0].sum;
    for (long t = 1; t < threads; t++) {
        pthread_join(ids[t], 0);
        total += ranges[t].sum;
    }
    printf("threadwork: %ld iterations, checksum %08x\n", iterations, total);
    return 0;
}
