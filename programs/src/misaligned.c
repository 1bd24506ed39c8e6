/*
 * misaligned.c - loads and stores halfwords and words at odd addresses.
 *
 * RISC-V allows an implementation to trap on misaligned accesses; Linux
 * then emulates them, so a user program sees them simply work (qemu's
 * user mode performs them directly). Every line printed is the same on
 * any correct implementation. Exit status: 0 if every value read back
 * is the expected one, 1 otherwise (with a "MISMATCH" line).
 *
 * The accesses are written in assembly: C may not express them
 * (misaligned pointers are undefined behaviour), and GCC would split
 * them into byte accesses anyway.
 */
#include <stdint.h>
#include <stdio.h>

static uint8_t bytes[32] __attribute__((aligned(8)));
static int failures;

static uint32_t
load_word(const uint8_t *p)
{
	uint32_t v;
	__asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static int32_t
load_half(const uint8_t *p)
{
	int32_t v;
	__asm__ volatile("lh %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static uint32_t
load_half_unsigned(const uint8_t *p)
{
	uint32_t v;
	__asm__ volatile("lhu %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static void
store_word(uint8_t *p, uint32_t v)
{
	__asm__ volatile("sw %0, 0(%1)" : : "r"(v), "r"(p) : "memory");
}

static void
store_half(uint8_t *p, uint32_t v)
{
	__asm__ volatile("sh %0, 0(%1)" : : "r"(v), "r"(p) : "memory");
}

/* Little-endian reference built from single bytes. */
static uint32_t
bytes_le(const uint8_t *p, int n)
{
	uint32_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void
check(const char *what, int offset, uint32_t got, uint32_t want)
{
	printf("%s +%d = 0x%08lx\n", what, offset, (unsigned long)got);
	if (got != want) {
		printf("MISMATCH: want 0x%08lx\n", (unsigned long)want);
		failures++;
	}
}

int
main(void)
{
	for (int i = 0; i < 32; i++)
		bytes[i] = (uint8_t)(0x80 + i * 7);

	for (int off = 1; off <= 3; off++)
		check("lw", off, load_word(bytes + off), bytes_le(bytes + off, 4));
	for (int off = 1; off <= 3; off += 2) {
		uint32_t raw = bytes_le(bytes + off, 2);
		check("lh", off, (uint32_t)load_half(bytes + off),
		      (uint32_t)(int32_t)(int16_t)raw);
		check("lhu", off, load_half_unsigned(bytes + off), raw);
	}

	store_word(bytes + 9, 0x11223344u);
	check("sw", 9, bytes_le(bytes + 9, 4), 0x11223344u);
	store_word(bytes + 14, 0xa1b2c3d4u);
	check("sw", 14, bytes_le(bytes + 14, 4), 0xa1b2c3d4u);
	store_half(bytes + 21, 0xbeefu);
	check("sh", 21, bytes_le(bytes + 21, 2), 0xbeefu);
	/* A word that straddles an 8-byte boundary. */
	store_word(bytes + 6, 0xcafef00du);
	check("sw", 6, load_word(bytes + 6), 0xcafef00du);

	printf("%s\n", failures == 0 ? "misaligned: ok" : "misaligned: FAILED");
	return failures == 0 ? 0 : 1;
}
