/*
 * coremark.c - a CoreMark-like mix of small kernels (written for emu,
 * not EEMBC's code): each iteration runs
 *   - list processing: find, reverse and merge-sort a linked list,
 *   - a state machine classifying the tokens of a text buffer,
 *   - matrix arithmetic on 16-bit values (add, multiply, bit extraction),
 * and folds every result into a CRC-16 (CCITT polynomial 0x1021).
 *
 * Size: number of iterations (default 4500, range 1..100000).
 * Checksum: the final CRC-16 in the low half and the iteration count's
 * low bits in the high half.
 */
#include <string.h>

#include "bench.h"

// MARK: - CRC-16

static uint16_t
crc16_byte(uint16_t crc, uint8_t byte)
{
	crc ^= (uint16_t)byte << 8;
	for (int i = 0; i < 8; i++)
		crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
	return crc;
}

static uint16_t
crc16_word(uint16_t crc, uint32_t word)
{
	for (int i = 0; i < 4; i++)
		crc = crc16_byte(crc, (uint8_t)(word >> (8 * i)));
	return crc;
}

// MARK: - Linked list

#define LIST_NODES 64

struct node {
	struct node *next;
	int16_t key;
	int16_t value;
};

static struct node nodes[LIST_NODES];

static struct node *
list_build(uint32_t seed)
{
	struct node *head = NULL;
	for (int i = 0; i < LIST_NODES; i++) {
		nodes[i].key = (int16_t)(bench_random(&seed) & 0x3ff);
		nodes[i].value = (int16_t)i;
		nodes[i].next = head;
		head = &nodes[i];
	}
	return head;
}

static struct node *
list_find(struct node *list, int16_t key)
{
	while (list != NULL && list->key != key)
		list = list->next;
	return list;
}

static struct node *
list_reverse(struct node *list)
{
	struct node *out = NULL;
	while (list != NULL) {
		struct node *next = list->next;
		list->next = out;
		out = list;
		list = next;
	}
	return out;
}

/* Bottom-up merge sort of a singly linked list by key (stable). */
static struct node *
list_sort(struct node *list)
{
	for (int width = 1;; width *= 2) {
		struct node *p = list, *tail = NULL;
		list = NULL;
		int merges = 0;
		while (p != NULL) {
			merges++;
			struct node *q = p;
			int psize = 0;
			for (int i = 0; i < width && q != NULL; i++) {
				psize++;
				q = q->next;
			}
			int qsize = width;
			while (psize > 0 || (qsize > 0 && q != NULL)) {
				struct node *e;
				if (psize == 0) {
					e = q;
					q = q->next;
					qsize--;
				} else if (qsize == 0 || q == NULL || p->key <= q->key) {
					e = p;
					p = p->next;
					psize--;
				} else {
					e = q;
					q = q->next;
					qsize--;
				}
				if (tail != NULL)
					tail->next = e;
				else
					list = e;
				tail = e;
			}
			p = q;
		}
		tail->next = NULL;
		if (merges <= 1)
			return list;
	}
}

static uint16_t
list_work(uint16_t crc, uint32_t seed)
{
	struct node *list = list_build(seed);
	for (int16_t k = 0; k < 16; k++) {
		struct node *found = list_find(list, (int16_t)(k * 37 & 0x3ff));
		crc = crc16_word(crc, found != NULL ? (uint32_t)found->value : 0xffffu);
	}
	list = list_reverse(list);
	list = list_sort(list);
	for (struct node *n = list; n != NULL; n = n->next)
		crc = crc16_byte(crc, (uint8_t)n->value);
	return crc;
}

// MARK: - State machine

enum state { S_START, S_INT, S_FLOAT, S_EXP, S_EXP_DIGITS, S_WORD, S_INVALID, S_COUNT };

static const char text[] =
	"5012 1234 -874 +122 0x1f 3.1415 -.5e10 7e-3 hello 12a4 9 1e 2.e+4 "
	"-0 42. .5 66.6e6 x12 1.2.3 ++3 314159 -271 e9 0 0.0 1E5 abc 77";

static enum state
next_state(enum state s, char c)
{
	int digit = c >= '0' && c <= '9';
	switch (s) {
	case S_START:
		if (digit || c == '+' || c == '-')
			return S_INT;
		if (c == '.')
			return S_FLOAT;
		return (c >= 'a' && c <= 'z') ? S_WORD : S_INVALID;
	case S_INT:
		if (digit)
			return S_INT;
		if (c == '.')
			return S_FLOAT;
		return (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
	case S_FLOAT:
		if (digit)
			return S_FLOAT;
		return (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
	case S_EXP:
		return (digit || c == '+' || c == '-') ? S_EXP_DIGITS : S_INVALID;
	case S_EXP_DIGITS:
		return digit ? S_EXP_DIGITS : S_INVALID;
	case S_WORD:
		return (c >= 'a' && c <= 'z') || digit ? S_WORD : S_INVALID;
	default:
		return S_INVALID;
	}
}

static uint16_t
state_work(uint16_t crc, uint32_t iteration)
{
	static char buf[sizeof(text)];
	memcpy(buf, text, sizeof(text));
	/* Corrupt one character per iteration so the input keeps changing. */
	size_t at = iteration % (sizeof(text) - 1);
	if (buf[at] != ' ')
		buf[at] = (char)('0' + iteration % 10);
	uint32_t counts[S_COUNT] = {0};
	enum state s = S_START;
	for (size_t i = 0; i < sizeof(text) - 1; i++) {
		if (buf[i] == ' ') {
			counts[s]++;
			s = S_START;
		} else {
			s = next_state(s, buf[i]);
		}
	}
	counts[s]++;
	for (int i = 0; i < S_COUNT; i++)
		crc = crc16_word(crc, counts[i]);
	return crc;
}

// MARK: - Matrix

#define DIM 12

static int16_t ma[DIM][DIM], mb[DIM][DIM];
static int32_t mc[DIM][DIM];

static uint16_t
matrix_work(uint16_t crc, uint32_t seed)
{
	for (int i = 0; i < DIM; i++)
		for (int j = 0; j < DIM; j++) {
			ma[i][j] = (int16_t)(bench_random(&seed) & 0xff) - 128;
			mb[i][j] = (int16_t)(bench_random(&seed) & 0xff) - 128;
		}
	/* add a constant, multiply matrix by matrix, extract bits */
	for (int i = 0; i < DIM; i++)
		for (int j = 0; j < DIM; j++)
			ma[i][j] = (int16_t)(ma[i][j] + 7);
	int32_t sum = 0;
	for (int i = 0; i < DIM; i++)
		for (int j = 0; j < DIM; j++) {
			int32_t acc = 0;
			for (int k = 0; k < DIM; k++)
				acc += (int32_t)ma[i][k] * mb[k][j];
			mc[i][j] = acc;
			sum += (acc >> 2) & 0x7f;
		}
	crc = crc16_word(crc, (uint32_t)sum);
	return crc16_word(crc, (uint32_t)mc[DIM - 1][DIM - 1]);
}

int
main(int argc, char **argv)
{
	long iterations = bench_size(argc, argv, 4500, 1, 100000);
	uint16_t crc = 0;
	for (long it = 0; it < iterations; it++) {
		crc = list_work(crc, (uint32_t)it * 2654435761u + 1);
		crc = state_work(crc, (uint32_t)it);
		crc = matrix_work(crc, (uint32_t)it ^ 0x9e3779b9u);
	}
	bench_report("coremark", iterations, ((uint32_t)iterations << 16) ^ crc);
	return 0;
}
