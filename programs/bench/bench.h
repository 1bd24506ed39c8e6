/*
 * bench.h - what every benchmark workload shares.
 *
 * A workload takes one optional argument, its size (what it means is in
 * each file's header), so that a test can run a small instance quickly;
 * without it, the default is sized to about one second under
 * qemu-riscv32. Each prints "<name> <size>: checksum <hex>" and exits 0;
 * a size out of range prints a message and exits 2.
 */
#ifndef EMU_BENCH_H
#define EMU_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The size argument, or fallback; exits 2 unless min <= size <= max. */
static inline long
bench_size(int argc, char **argv, long fallback, long min, long max)
{
	long size = argc > 1 ? atol(argv[1]) : fallback;
	if (size < min || size > max) {
		fprintf(stderr, "%s: size must be %ld..%ld\n", argv[0], min, max);
		exit(2);
	}
	return size;
}

static inline void
bench_report(const char *name, long size, uint32_t checksum)
{
	printf("%s %ld: checksum %08lx\n", name, size, (unsigned long)checksum);
}

/* xorshift32 (Marsaglia): cheap, deterministic, no multiply. */
static inline uint32_t
bench_random(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

#endif
