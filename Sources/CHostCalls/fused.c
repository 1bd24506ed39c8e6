// Threaded handlers for the fused multiply-add instructions (fmadd, fmsub, fnmsub, fnmadd,
// single and double), written in C because they need the host's FMA instruction: Swift
// compiles for baseline x86-64, where `fma` is a library call (a call would give the
// handler a stack frame), and cannot enable a CPU feature for one function as C's
// `target` attribute does. emu uses them only when the host has FMA
// (`emu_host_has_fma`); otherwise the generic executor runs these instructions.
//
// They are threaded handlers like the Swift ones (see `ThreadedHandler`): they read their
// entry and the loop context through the layouts below, which mirror Swift's `DecodedOp`
// and `LoopContext` (a test compares them, and emu does not use these handlers when
// `emu_fused_layout_matches` says they differ), and they leave by a tail call: to the `.nop` handler, which goes on to
// the next entry exactly as every other handler does (instruction counting, the debug
// build's trampoline), or to the `.slow` handler, which runs the instruction in the
// generic executor: when frm is not round to nearest-even, a single operand is not
// NaN-boxed, or the result is a NaN (whose flags, for ∞ × 0 + qNaN, x86 does not raise
// as RISC-V requires). The flags the FMA raises stay in the host FPU, as for the Swift FP
// handlers (see `Machine.collectHostFloatFlags`).
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "CHostCalls.h"

// The Swift handlers these leave through (Generated/HandlerThunks.swift).
uint64_t emu_handler_nop(void *ip, uint32_t *regs, uint64_t count, uintptr_t scratch, void *context);
uint64_t emu_handler_slow(void *ip, uint32_t *regs, uint64_t count, uintptr_t scratch, void *context);

#if defined(__x86_64__)

int emu_fused_layout_matches(size_t entry_rd, size_t entry_rs1, size_t entry_rs2, size_t entry_imm,
                             size_t context_float_registers) {
    return entry_rd == offsetof(struct emu_fused_entry, rd) && entry_rs1 == offsetof(struct emu_fused_entry, rs1) &&
           entry_rs2 == offsetof(struct emu_fused_entry, rs2) && entry_imm == offsetof(struct emu_fused_entry, rs3) &&
           context_float_registers == offsetof(struct emu_fused_context, float_registers);
}

int emu_host_has_fma(void) { return __builtin_cpu_supports("fma"); }

enum { FCSR_SLOT = 32, FRM_MASK = 0xE0 };

#define FUSED_DOUBLE(name, negate_product, negate_addend)                                                   \
    __attribute__((target("fma"))) uint64_t name(void *ip, uint32_t *regs, uint64_t count, uintptr_t scratch, \
                                                 void *context) {                                           \
        const struct emu_fused_entry *e = ip;                                                               \
        uint64_t *f = ((const struct emu_fused_context *)context)->float_registers;                        \
        double a, b, c, r;                                                                                  \
        memcpy(&a, &f[e->rs1], 8);                                                                          \
        memcpy(&b, &f[e->rs2], 8);                                                                          \
        memcpy(&c, &f[e->rs3 & 31], 8);                                                                     \
        if (f[FCSR_SLOT] & FRM_MASK) __attribute__((musttail)) return emu_handler_slow(ip, regs, count, scratch, context); \
        r = __builtin_fma(negate_product ? -a : a, b, negate_addend ? -c : c);                              \
        if (r != r) __attribute__((musttail)) return emu_handler_slow(ip, regs, count, scratch, context);   \
        memcpy(&f[e->rd], &r, 8);                                                                           \
        __attribute__((musttail)) return emu_handler_nop(ip, regs, count, scratch, context);                \
    }

// Singles are read and written as 32-bit halves (little-endian: the low half first), so
// that the NaN-boxing test needs no 64-bit constant and the handler no saved register;
// rs3's number is passed on as `scratch` (which carries no state), so it may live in the
// register that argument arrives in.
static inline uint32_t half_of(const uint64_t *f, unsigned index, unsigned high) {
    uint32_t h;
    memcpy(&h, (const char *)&f[index] + 4 * high, 4);  // memcpy: no aliasing of uint64_t as uint32_t
    return h;
}

#define FUSED_SINGLE(name, negate_product, negate_addend)                                                   \
    __attribute__((target("fma"))) uint64_t name(void *ip, uint32_t *regs, uint64_t count, uintptr_t scratch, \
                                                 void *context) {                                           \
        const struct emu_fused_entry *e = ip;                                                               \
        uint64_t *f = ((const struct emu_fused_context *)context)->float_registers;                        \
        unsigned r1 = e->rs1, r2 = e->rs2, r3 = e->rs3 & 31;                                                \
        if ((f[FCSR_SLOT] & FRM_MASK) || (half_of(f, r1, 1) & half_of(f, r2, 1) & half_of(f, r3, 1)) != 0xFFFFFFFFu) \
            __attribute__((musttail)) return emu_handler_slow(ip, regs, count, r3, context);           \
        uint32_t xa = half_of(f, r1, 0), yb = half_of(f, r2, 0), zc = half_of(f, r3, 0), box = 0xFFFFFFFFu;  \
        float a, b, c, r;                                                                                   \
        memcpy(&a, &xa, 4);                                                                                 \
        memcpy(&b, &yb, 4);                                                                                 \
        memcpy(&c, &zc, 4);                                                                                 \
        r = __builtin_fmaf(negate_product ? -a : a, b, negate_addend ? -c : c);                             \
        if (r != r) __attribute__((musttail)) return emu_handler_slow(ip, regs, count, r3, context);   \
        memcpy(&f[e->rd], &r, 4);                                                                           \
        memcpy((char *)&f[e->rd] + 4, &box, 4);                                                             \
        __attribute__((musttail)) return emu_handler_nop(ip, regs, count, r3, context);                \
    }

// Negating an operand before the one rounding is exact, so these are the spec's forms:
// fmadd a*b+c, fmsub a*b-c, fnmsub -(a*b)+c, fnmadd -(a*b)-c.
FUSED_DOUBLE(emu_handler_fmaddD, 0, 0)
FUSED_DOUBLE(emu_handler_fmsubD, 0, 1)
FUSED_DOUBLE(emu_handler_fnmsubD, 1, 0)
FUSED_DOUBLE(emu_handler_fnmaddD, 1, 1)
FUSED_SINGLE(emu_handler_fmaddS, 0, 0)
FUSED_SINGLE(emu_handler_fmsubS, 0, 1)
FUSED_SINGLE(emu_handler_fnmsubS, 1, 0)
FUSED_SINGLE(emu_handler_fnmaddS, 1, 1)

#else
// Other hosts never use these (not available), but the dispatch table names them.

int emu_fused_layout_matches(size_t entry_rd, size_t entry_rs1, size_t entry_rs2, size_t entry_imm,
                             size_t context_float_registers) {
    (void)entry_rd, (void)entry_rs1, (void)entry_rs2, (void)entry_imm, (void)context_float_registers;
    return 0;
}

int emu_host_has_fma(void) { return 0; }

#define TO_GENERIC(name)                                                                              \
    uint64_t name(void *ip, uint32_t *regs, uint64_t count, uintptr_t scratch, void *context) {           \
        return emu_handler_slow(ip, regs, count, scratch, context);                                      \
    }
TO_GENERIC(emu_handler_fmaddD)
TO_GENERIC(emu_handler_fmsubD)
TO_GENERIC(emu_handler_fnmsubD)
TO_GENERIC(emu_handler_fnmaddD)
TO_GENERIC(emu_handler_fmaddS)
TO_GENERIC(emu_handler_fmsubS)
TO_GENERIC(emu_handler_fnmsubS)
TO_GENERIC(emu_handler_fnmaddS)

#endif
