/*
 * hashtable.c - an open-addressing hash table (linear probing) of
 * 32-bit keys: random memory access and unpredictable branches.
 *
 * Size: number of operations in thousands (default 20000, range
 * 1..100000). Each operation inserts, looks up or deletes (with
 * tombstones) a pseudo-random key from a set of 1 << 17 in a table of
 * 1 << 18 slots. Checksum: a hash of the lookup results and final count.
 */
#include "bench.h"

#define SLOTS (1u << 18)
#define KEY_SPACE (1u << 17)
#define EMPTY 0u
#define TOMBSTONE 1u

static uint32_t keys[SLOTS];
static uint32_t values[SLOTS];
static uint32_t used; /* live keys */

/* Keys 0 and 1 are reserved markers, so stored keys are offset by 2. */
static uint32_t
slot_of(uint32_t key)
{
	uint32_t h = key * 2654435761u; /* Knuth's multiplicative hash */
	return (h ^ (h >> 15)) & (SLOTS - 1);
}

static void
insert(uint32_t key, uint32_t value)
{
	uint32_t s = slot_of(key), grave = SLOTS;
	for (;; s = (s + 1) & (SLOTS - 1)) {
		if (keys[s] == key) {
			values[s] = value;
			return;
		}
		if (keys[s] == TOMBSTONE && grave == SLOTS)
			grave = s;
		if (keys[s] == EMPTY)
			break;
	}
	if (grave != SLOTS)
		s = grave;
	keys[s] = key;
	values[s] = value;
	used++;
}

static int
lookup(uint32_t key, uint32_t *value)
{
	for (uint32_t s = slot_of(key);; s = (s + 1) & (SLOTS - 1)) {
		if (keys[s] == key) {
			*value = values[s];
			return 1;
		}
		if (keys[s] == EMPTY)
			return 0;
	}
}

static void
remove_key(uint32_t key)
{
	for (uint32_t s = slot_of(key);; s = (s + 1) & (SLOTS - 1)) {
		if (keys[s] == key) {
			keys[s] = TOMBSTONE;
			used--;
			return;
		}
		if (keys[s] == EMPTY)
			return;
	}
}

int
main(int argc, char **argv)
{
	long thousands = bench_size(argc, argv, 20000, 1, 100000);
	uint32_t rng = 2463534242u, hash = 2166136261u;
	for (long op = 0; op < thousands * 1000; op++) {
		uint32_t r = bench_random(&rng);
		uint32_t key = (r >> 8) % KEY_SPACE + 2;
		uint32_t value = 0;
		switch (r & 3) {
		case 0:
		case 1:
			insert(key, r);
			break;
		case 2:
			if (lookup(key, &value))
				hash = (hash ^ value) * 16777619u;
			else
				hash = (hash ^ key) * 16777619u;
			break;
		default:
			remove_key(key);
			break;
		}
	}
	bench_report("hashtable", thousands, hash ^ used);
	return 0;
}
