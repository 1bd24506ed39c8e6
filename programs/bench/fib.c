/*
 * fib.c - naive recursive Fibonacci: calls, returns and stack traffic.
 *
 * Size: n, computes fib(n) with two recursive calls per level (default
 * 37, range 0..40). Checksum: fib(n) mod 2^32.
 */
#include "bench.h"

/* noipa: no inlining, cloning or constant propagation into callers, so
 * the work stays one call per fib() value. GCC may still turn one of the
 * two calls into a loop; the workload stays dominated by calls. */
__attribute__((noipa)) static uint32_t
fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int
main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 37, 0, 40);
	bench_report("fib", n, fib((uint32_t)n));
	return 0;
}
