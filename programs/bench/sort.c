/*
 * sort.c - quicksort of 32-bit integers, then binary searches.
 *
 * Size: number of elements in thousands (default 2000, range 1..4000).
 * Sorts N pseudo-random words, checks the order, then searches N keys
 * (half present, half probably absent). Checksum: a hash of the sorted
 * array sample and the number of keys found.
 */
#include "bench.h"

static void
quicksort(uint32_t *a, long lo, long hi)
{
	while (lo < hi) {
		uint32_t pivot = a[lo + (hi - lo) / 2];
		long i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				uint32_t t = a[i];
				a[i] = a[j];
				a[j] = t;
				i++;
				j--;
			}
		}
		/* Recurse into the smaller part to bound the stack. */
		if (j - lo < hi - i) {
			quicksort(a, lo, j);
			lo = i;
		} else {
			quicksort(a, i, hi);
			hi = j;
		}
	}
}

static int
contains(const uint32_t *a, long n, uint32_t key)
{
	long lo = 0, hi = n;
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && a[lo] == key;
}

int
main(int argc, char **argv)
{
	long n = bench_size(argc, argv, 2000, 1, 4000) * 1000;
	uint32_t *a = malloc((size_t)n * sizeof(*a));
	if (a == NULL) {
		fprintf(stderr, "sort: out of memory\n");
		return 2;
	}
	uint32_t rng = 88172645u;
	for (long i = 0; i < n; i++)
		a[i] = bench_random(&rng);
	quicksort(a, 0, n - 1);
	uint32_t hash = 2166136261u;
	for (long i = 1; i < n; i++)
		if (a[i - 1] > a[i])
			hash = 0; /* wrong order: the checksum shows it */
	for (long i = 0; i < n; i += 97)
		hash = (hash ^ a[i]) * 16777619u;
	uint32_t found = 0;
	for (long i = 0; i < n; i++) {
		uint32_t key = (i & 1) ? a[(i * 7) % n] : bench_random(&rng);
		found += (uint32_t)contains(a, n, key);
	}
	bench_report("sort", n / 1000, hash ^ found);
	return 0;
}
