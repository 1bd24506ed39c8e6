/*
 * sieve.c - sieve of Eratosthenes over a byte array: tight loops of
 * byte stores with a stride.
 *
 * Size: number of passes over a 1 MiB sieve (default 60, range 1..1000).
 * Checksum: the number of primes below 2^20 (82025) mixed with a hash
 * of the positions of every 1000th prime, summed over the passes.
 */
#include <string.h>

#include "bench.h"

#define LIMIT (1u << 20)

static uint8_t composite[LIMIT];

static uint32_t
sieve_pass(void)
{
	memset(composite, 0, sizeof(composite));
	composite[0] = composite[1] = 1;
	for (uint32_t i = 2; i * i < LIMIT; i++) {
		if (composite[i])
			continue;
		for (uint32_t j = i * i; j < LIMIT; j += i)
			composite[j] = 1;
	}
	uint32_t count = 0, hash = 0;
	for (uint32_t i = 0; i < LIMIT; i++) {
		if (!composite[i]) {
			count++;
			if (count % 1000 == 0)
				hash = (hash ^ i) * 16777619u;
		}
	}
	return count ^ hash;
}

int
main(int argc, char **argv)
{
	long passes = bench_size(argc, argv, 60, 1, 1000);
	uint32_t sum = 0;
	for (long p = 0; p < passes; p++)
		sum += sieve_pass();
	bench_report("sieve", passes, sum);
	return 0;
}
