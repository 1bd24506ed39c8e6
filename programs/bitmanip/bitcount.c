/*
 * bitcount.c - a bit-twiddling loop: population count, leading and
 * trailing zeros, byte reversal and rotation over pseudo-random words.
 *
 * Written with GCC's builtins, so the same source measures both ways a
 * compiler gives them: with -march=..._zbb they are single instructions
 * (cpop, clz, ctz, rev8, ror); without Zbb they are libgcc calls or
 * shift-and-mask sequences. Size: words processed (default 4000000,
 * range 0..100000000). Checksum: a mix of every result.
 */
#include "../bench/bench.h"

int
main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 4000000, 0, 100000000);
	uint32_t seed = 0x2545f491u, sum = 0;
	for (long i = 0; i < n; i++) {
		uint32_t x = bench_random(&seed);
		sum += (uint32_t)__builtin_popcount(x);
		sum += (uint32_t)__builtin_clz(x | 1);
		sum += (uint32_t)__builtin_ctz(x | 0x80000000u);
		sum ^= __builtin_bswap32(x);
		sum = (sum << 7) | (sum >> 25);
	}
	bench_report("bitcount", n, sum);
	return 0;
}
