/*
 * stream.c - STREAM-like memory bandwidth kernels on 32-bit words:
 * copy (memcpy), fill (memset), scale, add and triad, over three
 * 1 MiB arrays.
 *
 * Size: number of rounds (default 330, range 1..10000). Checksum: a
 * hash of the arrays after the last round.
 */
#include <string.h>

#include "bench.h"

#define WORDS (256 * 1024)

static uint32_t a[WORDS], b[WORDS], c[WORDS];

int
main(int argc, char **argv)
{
	long rounds = bench_size(argc, argv, 330, 1, 10000);
	for (uint32_t i = 0; i < WORDS; i++) {
		a[i] = i;
		b[i] = i ^ 0x5a5a5a5au;
	}
	for (long r = 0; r < rounds; r++) {
		memcpy(c, a, sizeof(a));                /* copy */
		for (uint32_t i = 0; i < WORDS; i++)    /* scale */
			b[i] = 3 * c[i];
		for (uint32_t i = 0; i < WORDS; i++)    /* add */
			c[i] = a[i] + b[i];
		for (uint32_t i = 0; i < WORDS; i++)    /* triad */
			a[i] = b[i] + 3 * c[i] + (uint32_t)r;
		memset(c, (int)(r & 0xff), sizeof(c) / 2); /* fill half */
	}
	uint32_t hash = 2166136261u;
	for (uint32_t i = 0; i < WORDS; i += 7)
		hash = (hash ^ a[i] ^ b[i] ^ c[i]) * 16777619u;
	bench_report("stream", rounds, hash);
	return 0;
}
