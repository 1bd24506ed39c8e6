// Every static rounding mode of the D and F arithmetic over operands chosen where the
// modes differ and where results sit at the bottom of the range: exact ties of products,
// quotients and fused multiply-adds at k x 2^-1075 (half the smallest subnormal) and in
// the lowest normal binade, their negations, a cancellation that leaves 2^-1075, and the
// same for singles. C has no way to name RISC-V's fifth mode (round to nearest, ties to
// max magnitude, RMM), so each operation is one instruction with a static rounding mode
// in inline assembly. Prints the result's bits and the fflags it raised, one line per
// operation and mode, for a byte-for-byte comparison with qemu-riscv32.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static double d(uint64_t bits) { double v; memcpy(&v, &bits, sizeof v); return v; }
static uint64_t bits_of(double v) { uint64_t b; memcpy(&b, &v, sizeof b); return b; }
static float s(uint32_t bits) { float v; memcpy(&v, &bits, sizeof v); return v; }
static uint32_t bits_of_single(float v) { uint32_t b; memcpy(&b, &v, sizeof b); return b; }

static unsigned take_flags(void) {
    unsigned flags;
    __asm__ volatile("csrrw %0, fflags, zero" : "=r"(flags));
    return flags;
}

// One instruction per mode: the mode is part of the encoding, so each needs its own asm.
#define BINARY(name, insn, type, reg)                                                           \
    static type name(int mode, type x, type y) {                                                \
        type r;                                                                                 \
        switch (mode) {                                                                         \
        case 0: __asm__ volatile(insn " %0, %1, %2, rne" : "=f"(r) : "f"(x), "f"(y)); break;   \
        case 1: __asm__ volatile(insn " %0, %1, %2, rtz" : "=f"(r) : "f"(x), "f"(y)); break;   \
        case 2: __asm__ volatile(insn " %0, %1, %2, rdn" : "=f"(r) : "f"(x), "f"(y)); break;   \
        case 3: __asm__ volatile(insn " %0, %1, %2, rup" : "=f"(r) : "f"(x), "f"(y)); break;   \
        default: __asm__ volatile(insn " %0, %1, %2, rmm" : "=f"(r) : "f"(x), "f"(y)); break;  \
        }                                                                                       \
        return r;                                                                               \
    }
#define TERNARY(name, insn, type)                                                                          \
    static type name(int mode, type x, type y, type z) {                                                   \
        type r;                                                                                            \
        switch (mode) {                                                                                    \
        case 0: __asm__ volatile(insn " %0, %1, %2, %3, rne" : "=f"(r) : "f"(x), "f"(y), "f"(z)); break;  \
        case 1: __asm__ volatile(insn " %0, %1, %2, %3, rtz" : "=f"(r) : "f"(x), "f"(y), "f"(z)); break;  \
        case 2: __asm__ volatile(insn " %0, %1, %2, %3, rdn" : "=f"(r) : "f"(x), "f"(y), "f"(z)); break;  \
        case 3: __asm__ volatile(insn " %0, %1, %2, %3, rup" : "=f"(r) : "f"(x), "f"(y), "f"(z)); break;  \
        default: __asm__ volatile(insn " %0, %1, %2, %3, rmm" : "=f"(r) : "f"(x), "f"(y), "f"(z)); break; \
        }                                                                                                  \
        return r;                                                                                          \
    }

BINARY(mul_d, "fmul.d", double, f)
BINARY(div_d, "fdiv.d", double, f)
BINARY(add_d, "fadd.d", double, f)
BINARY(mul_s, "fmul.s", float, f)
BINARY(div_s, "fdiv.s", float, f)
TERNARY(madd_d, "fmadd.d", double)
TERNARY(msub_d, "fmsub.d", double)
TERNARY(nmadd_d, "fnmadd.d", double)
TERNARY(madd_s, "fmadd.s", float)

static const char *const modes[] = {"rne", "rtz", "rdn", "rup", "rmm"};

struct double_case { const char *name; int op; uint64_t x, y, z; };
struct single_case { const char *name; int op; uint32_t x, y, z; };

int main(void) {
    static const struct double_case doubles[] = {
        {"2.5 * 2^-1074", 0, 0x4004000000000000ull, 1, 0},
        {"-2.5 * 2^-1074", 0, 0xC004000000000000ull, 1, 0},
        {"0.5 * 2^-1074", 0, 0x3FE0000000000000ull, 1, 0},
        {"1.5 * 2^-1074", 0, 0x3FF8000000000000ull, 1, 0},
        {"(1+3u) * 1.5*2^-1022", 0, 0x3FF0000000000003ull, 0x0018000000000000ull, 0},
        {"(1+3u) * 1.5", 0, 0x3FF0000000000003ull, 0x3FF8000000000000ull, 0},
        {"max * 2", 0, 0x7FEFFFFFFFFFFFFFull, 0x4000000000000000ull, 0},
        {"5*2^-1074 / 2", 1, 5, 0x4000000000000000ull, 0},
        {"2^-1074 / 2", 1, 1, 0x4000000000000000ull, 0},
        {"-7*2^-1074 / 2", 1, 0x8000000000000007ull, 0x4000000000000000ull, 0},
        {"1 / 3", 1, 0x3FF0000000000000ull, 0x4008000000000000ull, 0},
        {"1 + 2^-53", 2, 0x3FF0000000000000ull, 0x3CA0000000000000ull, 0},
        {"2^-1074 + 2^-1074", 2, 1, 1, 0},
        {"2.5 * 2^-1074 + 2*2^-1074", 3, 0x4004000000000000ull, 1, 2},
        {"cancellation to 2^-1075", 4, 0x21A0000000000001ull, 0x2190000000000001ull, 0x0340000000000002ull},
        {"-(2.5 * 2^-1074) - 2*2^-1074", 5, 0x4004000000000000ull, 1, 2},
        {"(1+3u) * 1.5 + 2^-1074", 3, 0x3FF0000000000003ull, 0x3FF8000000000000ull, 1},
    };
    static const struct single_case singles[] = {
        {"2.5 * 2^-149", 0, 0x40200000u, 1, 0},
        {"0.5 * 2^-149", 0, 0x3F000000u, 1, 0},
        {"5*2^-149 / 2", 1, 5, 0x40000000u, 0},
        {"2.5 * 2^-149 + 2*2^-149", 2, 0x40200000u, 1, 2},
    };
    for (unsigned i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
        const struct double_case *c = &doubles[i];
        for (int mode = 0; mode < 5; mode++) {
            double x = d(c->x), y = d(c->y), z = d(c->z), r;
            take_flags();
            switch (c->op) {
            case 0: r = mul_d(mode, x, y); break;
            case 1: r = div_d(mode, x, y); break;
            case 2: r = add_d(mode, x, y); break;
            case 3: r = madd_d(mode, x, y, z); break;
            case 4: r = msub_d(mode, x, y, z); break;
            default: r = nmadd_d(mode, x, y, z); break;
            }
            unsigned flags = take_flags();
            printf("d %-30s %s %016llx flags %02x\n", c->name, modes[mode], (unsigned long long)bits_of(r), flags);
        }
    }
    for (unsigned i = 0; i < sizeof singles / sizeof singles[0]; i++) {
        const struct single_case *c = &singles[i];
        for (int mode = 0; mode < 5; mode++) {
            float x = s(c->x), y = s(c->y), z = s(c->z), r;
            take_flags();
            switch (c->op) {
            case 0: r = mul_s(mode, x, y); break;
            case 1: r = div_s(mode, x, y); break;
            default: r = madd_s(mode, x, y, z); break;
            }
            unsigned flags = take_flags();
            printf("s %-30s %s %08x flags %02x\n", c->name, modes[mode], bits_of_single(r), flags);
        }
    }
    return 0;
}
