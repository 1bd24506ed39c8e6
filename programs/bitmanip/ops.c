/*
 * ops.c - every Zba/Zbb/Zbc/Zbs instruction over special and random operands.
 *
 * Built with -march=rv32imac_zba_zbb_zbc_zbs. Each instruction runs from
 * inline assembly (so the compiler cannot fold or replace it) over every
 * pair of a table of special values (0, 1, -1, the sign bit, byte and
 * halfword edges, shift amounts 31/32/33) and over pseudo-random pairs,
 * and the immediate forms over every shift amount 0..31. It prints one
 * line per instruction: its name, a checksum of all its results, and the
 * results for the first few special pairs, so that a difference from
 * qemu-riscv32 names the instruction. Size: random pairs per instruction
 * (default 2000, range 0..1000000).
 */
#include "../bench/bench.h"

static const uint32_t special[] = {
	0, 1, 2, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0x7f, 0x80, 0xff,
	0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x55555555u, 0xaaaaaaaau,
	0x0f0f0f0fu, 0x00ff00ffu, 0x12345678u, 0xdeadbeefu, 31, 32, 33,
	0xffffff80u, 0xffff8000u, 0x01000000u, 0x00010000u, 0xfffffffeu,
};
#define NSPECIAL (sizeof special / sizeof special[0])

/* FNV-1a over the result words: order-sensitive, cheap. */
static uint32_t
mix(uint32_t h, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 16777619u;
	}
	return h;
}

typedef uint32_t (*binary_fn)(uint32_t, uint32_t);
typedef uint32_t (*unary_fn)(uint32_t);

#define BINARY(name, insn) \
	static uint32_t name(uint32_t a, uint32_t b) \
	{ uint32_t r; __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
#define UNARY(name, insn) \
	static uint32_t name(uint32_t a) \
	{ uint32_t r; __asm__ volatile(insn " %0, %1" : "=r"(r) : "r"(a)); return r; }

BINARY(op_sh1add, "sh1add") BINARY(op_sh2add, "sh2add") BINARY(op_sh3add, "sh3add")
BINARY(op_andn, "andn") BINARY(op_orn, "orn") BINARY(op_xnor, "xnor")
BINARY(op_max, "max") BINARY(op_maxu, "maxu") BINARY(op_min, "min") BINARY(op_minu, "minu")
BINARY(op_rol, "rol") BINARY(op_ror, "ror")
BINARY(op_clmul, "clmul") BINARY(op_clmulh, "clmulh") BINARY(op_clmulr, "clmulr")
BINARY(op_bset, "bset") BINARY(op_bclr, "bclr") BINARY(op_binv, "binv") BINARY(op_bext, "bext")
UNARY(op_clz, "clz") UNARY(op_ctz, "ctz") UNARY(op_cpop, "cpop")
UNARY(op_sextb, "sext.b") UNARY(op_sexth, "sext.h") UNARY(op_zexth, "zext.h")
UNARY(op_orcb, "orc.b") UNARY(op_rev8, "rev8")

/* The immediate forms: one function per amount would be 160 functions, so
 * a switch over the amount expands each instruction 32 times. */
#define CASE(insn, n) case n: __asm__ volatile(insn " %0, %1, " #n : "=r"(r) : "r"(a)); break;
#define CASES(insn) \
	CASE(insn, 0) CASE(insn, 1) CASE(insn, 2) CASE(insn, 3) CASE(insn, 4) CASE(insn, 5) \
	CASE(insn, 6) CASE(insn, 7) CASE(insn, 8) CASE(insn, 9) CASE(insn, 10) CASE(insn, 11) \
	CASE(insn, 12) CASE(insn, 13) CASE(insn, 14) CASE(insn, 15) CASE(insn, 16) CASE(insn, 17) \
	CASE(insn, 18) CASE(insn, 19) CASE(insn, 20) CASE(insn, 21) CASE(insn, 22) CASE(insn, 23) \
	CASE(insn, 24) CASE(insn, 25) CASE(insn, 26) CASE(insn, 27) CASE(insn, 28) CASE(insn, 29) \
	CASE(insn, 30) CASE(insn, 31)
#define IMMEDIATE(name, insn) \
	static uint32_t name(uint32_t a, uint32_t n) \
	{ uint32_t r = 0; switch (n & 31) { CASES(insn) } return r; }

IMMEDIATE(op_rori, "rori") IMMEDIATE(op_bseti, "bseti") IMMEDIATE(op_bclri, "bclri")
IMMEDIATE(op_binvi, "binvi") IMMEDIATE(op_bexti, "bexti")

static const struct { const char *name; binary_fn fn; } binaries[] = {
	{"sh1add", op_sh1add}, {"sh2add", op_sh2add}, {"sh3add", op_sh3add},
	{"andn", op_andn}, {"orn", op_orn}, {"xnor", op_xnor},
	{"max", op_max}, {"maxu", op_maxu}, {"min", op_min}, {"minu", op_minu},
	{"rol", op_rol}, {"ror", op_ror},
	{"clmul", op_clmul}, {"clmulh", op_clmulh}, {"clmulr", op_clmulr},
	{"bset", op_bset}, {"bclr", op_bclr}, {"binv", op_binv}, {"bext", op_bext},
};
static const struct { const char *name; unary_fn fn; } unaries[] = {
	{"clz", op_clz}, {"ctz", op_ctz}, {"cpop", op_cpop},
	{"sext.b", op_sextb}, {"sext.h", op_sexth}, {"zext.h", op_zexth},
	{"orc.b", op_orcb}, {"rev8", op_rev8},
};
static const struct { const char *name; binary_fn fn; } immediates[] = {
	{"rori", op_rori}, {"bseti", op_bseti}, {"bclri", op_bclri},
	{"binvi", op_binvi}, {"bexti", op_bexti},
};

int
main(int argc, char **argv)
{
	long pairs = bench_size(argc, argv, 2000, 0, 1000000);
	uint32_t total = 2166136261u;
	for (unsigned k = 0; k < sizeof binaries / sizeof binaries[0]; k++) {
		uint32_t h = 2166136261u, seed = 0x9e3779b9u + k;
		for (unsigned i = 0; i < NSPECIAL; i++)
			for (unsigned j = 0; j < NSPECIAL; j++)
				h = mix(h, binaries[k].fn(special[i], special[j]));
		for (long n = 0; n < pairs; n++) {
			uint32_t a = bench_random(&seed), b = bench_random(&seed);
			h = mix(h, binaries[k].fn(a, b));
		}
		printf("%-7s %08lx  %08lx %08lx %08lx %08lx\n", binaries[k].name, (unsigned long)h,
		    (unsigned long)binaries[k].fn(special[3], special[4]),
		    (unsigned long)binaries[k].fn(special[18], special[19]),
		    (unsigned long)binaries[k].fn(special[19], special[21]),
		    (unsigned long)binaries[k].fn(special[4], special[22]));
		total = mix(total, h);
	}
	for (unsigned k = 0; k < sizeof unaries / sizeof unaries[0]; k++) {
		uint32_t h = 2166136261u, seed = 0x7f4a7c15u + k;
		for (unsigned i = 0; i < NSPECIAL; i++)
			h = mix(h, unaries[k].fn(special[i]));
		for (long n = 0; n < pairs; n++)
			h = mix(h, unaries[k].fn(bench_random(&seed)));
		printf("%-7s %08lx  %08lx %08lx %08lx %08lx\n", unaries[k].name, (unsigned long)h,
		    (unsigned long)unaries[k].fn(special[0]), (unsigned long)unaries[k].fn(special[8]),
		    (unsigned long)unaries[k].fn(special[18]), (unsigned long)unaries[k].fn(special[24]));
		total = mix(total, h);
	}
	for (unsigned k = 0; k < sizeof immediates / sizeof immediates[0]; k++) {
		uint32_t h = 2166136261u, seed = 0x6a09e667u + k;
		for (unsigned i = 0; i < NSPECIAL; i++)
			for (uint32_t n = 0; n < 32; n++)
				h = mix(h, immediates[k].fn(special[i], n));
		for (long n = 0; n < pairs; n++) {
			uint32_t a = bench_random(&seed), b = bench_random(&seed);
			h = mix(h, immediates[k].fn(a, b));
		}
		printf("%-7s %08lx  %08lx %08lx %08lx %08lx\n", immediates[k].name, (unsigned long)h,
		    (unsigned long)immediates[k].fn(special[18], 0), (unsigned long)immediates[k].fn(special[18], 4),
		    (unsigned long)immediates[k].fn(special[19], 31), (unsigned long)immediates[k].fn(special[4], 31));
		total = mix(total, h);
	}
	bench_report("bitmanip-ops", pairs, total);
	return 0;
}
