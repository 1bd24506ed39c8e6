/*
 * inventory.c - a small program built with debug information (-O0 -g) for
 * the source-level debugger's tests: globals and locals of every type kind
 * the debugger prints (int, char, pointer, array, struct, typedef, const),
 * calls two and three deep, a loop, and one long call (mix: about 10^7
 * instructions, for timing `next` over a call). The markers in comments ("line:
 * NAME") are how the tests find a line without hard-coding its number.
 *
 * Output: one line per item, then "total=<n>", then a hash. Exit status: 0. No libc
 * (bare-start.c is its runtime).
 */
#include "bare.h"

typedef unsigned int count_t;

struct item {
	const char *name;
	int price;
	count_t stock;
	short shelf[2];
};

struct item items[3] = {
	{ "apple", 3, 10, { 1, 2 } },
	{ "pear", 5, 4, { 3, 4 } },
	{ "plum", 7, 0, { 5, 6 } },
};
const int item_count = 3;
int counter = 41;
struct item *featured = &items[1];
char grade = 'B';

static int
value_of(const struct item *it)
{
	int worth = it->price * (int)it->stock; /* line: worth */
	counter++;
	return worth; /* line: return-worth */
}

static int
shelf_sum(struct item copy)
{
	int sum = copy.shelf[0] + copy.shelf[1]; /* line: shelf-sum */
	return sum + value_of(&copy); /* line: shelf-call */
}

/* About ten instructions per round at -O0. */
static unsigned int
mix(unsigned int rounds)
{
	unsigned int hash = 2166136261u;
	for (unsigned int round = 0; round < rounds; round++)
		hash = (hash ^ round) * 16777619u;
	return hash;
}

int
main(void)
{
	int total = 0; /* line: main-first */
	struct item local = items[0]; /* line: main-local */
	int squares[4] = { 0, 1, 4, 9 };
	local.price += squares[2]; /* line: main-price */
	for (int i = 0; i < item_count; i++) {
		total += value_of(&items[i]); /* line: main-call */
		put_text(items[i].name);
		put_text(" ");
		put_number(total);
		put_text("\n");
	}
	total += shelf_sum(local); /* line: main-shelf */
	put_text("total="); /* line: main-print */
	put_number(total);
	put_text("\n");
	put_number((int)(mix(1000000) & 0xFFFF)); /* line: main-mix */
	put_text("\n");
	return 0;
}
