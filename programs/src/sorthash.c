/*
 * sorthash.c - sorts pseudo-random records two ways and hashes them.
 *
 * Usage: sorthash.elf [N]   (N records, default 60000, at most 1000000)
 *
 * Generates N records {key, payload} with a linear congruential
 * generator (Numerical Recipes' constants, seed 12345), sorts one copy
 * with quicksort and another with a stable merge sort, checks that both
 * are ordered and that the merge sort kept equal keys in input order,
 * and prints FNV-1a and CRC-32 hashes of the sorted records. Everything
 * is deterministic, so the output is the same on every correct machine.
 * Exit status: 0 when every check holds, 1 otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
	uint32_t key;
	uint32_t payload; /* the record's input position, to check stability */
};

static uint32_t lcg_state = 12345;

static uint32_t
lcg_next(void)
{
	lcg_state = lcg_state * 1664525u + 1013904223u;
	return lcg_state;
}

// MARK: - Sorting

/* Insertion sort for short runs; both sorts below use it. */
static void
insertion_sort(struct record *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct record r = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1].key > r.key) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = r;
	}
}

/* Quicksort, median-of-three pivot, recursing into the smaller side so
 * that the stack stays O(log n). */
static void
quick_sort(struct record *a, size_t n)
{
	while (n > 16) {
		size_t mid = n / 2;
		uint32_t x = a[0].key, y = a[mid].key, z = a[n - 1].key;
		uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x))
				       : (x < z ? x : (y < z ? z : y));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (a[i].key < pivot)
				i++;
			while (a[j].key > pivot)
				j--;
			if (i >= j)
				break;
			struct record t = a[i];
			a[i] = a[j];
			a[j] = t;
			i++;
			j--;
		}
		size_t left = j + 1;
		if (left < n - left) {
			quick_sort(a, left);
			a += left;
			n -= left;
		} else {
			quick_sort(a + left, n - left);
			n = left;
		}
	}
	insertion_sort(a, n);
}

/* Stable bottom-up merge sort through a scratch buffer of n records. */
static void
merge_sort(struct record *a, struct record *scratch, size_t n)
{
	const size_t run = 16;
	for (size_t i = 0; i < n; i += run)
		insertion_sort(a + i, n - i < run ? n - i : run);
	struct record *from = a, *to = scratch;
	for (size_t width = run; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				to[k++] = from[j].key < from[i].key ? from[j++] : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		struct record *t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof(*a));
}

// MARK: - Hashing

static uint32_t
fnv1a(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) with a table. */
static uint32_t
crc32(const void *data, size_t len)
{
	static uint32_t table[256];
	if (table[1] == 0) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	const uint8_t *p = data;
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < len; i++)
		c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 60000;
	if (n < 1 || n > 1000000) {
		fprintf(stderr, "sorthash: N must be 1..1000000, got %s\n", argv[1]);
		return 2;
	}
	size_t count = (size_t)n;
	struct record *input = malloc(count * sizeof(*input));
	struct record *quick = malloc(count * sizeof(*quick));
	struct record *merged = malloc(count * sizeof(*merged));
	struct record *scratch = malloc(count * sizeof(*scratch));
	if (!input || !quick || !merged || !scratch) {
		fprintf(stderr, "sorthash: out of memory\n");
		return 2;
	}
	/* Keys drawn from a range smaller than N so that duplicates occur
	 * and merge-sort stability is actually tested. */
	for (size_t i = 0; i < count; i++) {
		input[i].key = (lcg_next() >> 8) % (uint32_t)(count / 2 + 1);
		input[i].payload = (uint32_t)i;
	}
	memcpy(quick, input, count * sizeof(*input));
	memcpy(merged, input, count * sizeof(*input));

	quick_sort(quick, count);
	merge_sort(merged, scratch, count);

	int ok = 1;
	for (size_t i = 1; i < count; i++) {
		if (quick[i - 1].key > quick[i].key || merged[i - 1].key > merged[i].key)
			ok = 0;
		if (merged[i - 1].key == merged[i].key &&
		    merged[i - 1].payload > merged[i].payload)
			ok = 0;
		if (quick[i].key != merged[i].key)
			ok = 0;
	}
	uint32_t key_hash = 2166136261u;
	for (size_t i = 0; i < count; i++) {
		key_hash ^= merged[i].key;
		key_hash *= 16777619u;
	}
	printf("records: %lu\n", (unsigned long)count);
	printf("order: %s\n", ok ? "ok" : "WRONG");
	printf("smallest key: %lu, largest key: %lu\n", (unsigned long)merged[0].key,
	       (unsigned long)merged[count - 1].key);
	printf("fnv1a(keys): %08lx\n", (unsigned long)key_hash);
	printf("fnv1a(stable records): %08lx\n",
	       (unsigned long)fnv1a(merged, count * sizeof(*merged)));
	printf("crc32(stable records): %08lx\n",
	       (unsigned long)crc32(merged, count * sizeof(*merged)));
	return ok ? 0 : 1;
}
