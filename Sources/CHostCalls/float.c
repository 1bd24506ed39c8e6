// The floating-point arithmetic of emu's F and D extensions, computed by the host FPU.
//
// Why C: Swift has no access to the floating-point environment (rounding mode, exception
// flags) and may move arithmetic across a call that changes it. With FENV_ACCESS ON the
// compiler keeps every operation in order and between the fesetround/fetestexcept that
// bracket it. x86-64 SSE and RISC-V agree on what matters here: IEEE 754 results in the
// four directed/nearest modes, and underflow detected after rounding (signalled only
// when the result is also inexact). What they do not share is done in software: NaN
// results become RISC-V's canonical NaN, conversions to integers saturate, and the fifth
// RISC-V mode, round to nearest with ties to max magnitude (RMM), is RNE corrected at
// exact ties (the only place the two differ), found with exact error-free arithmetic.
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "CHostCalls.h"

#pragma STDC FENV_ACCESS ON

enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4 };
enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };

static float f32(uint32_t bits) { float f; memcpy(&f, &bits, 4); return f; }
static double f64(uint64_t bits) { double d; memcpy(&d, &bits, 8); return d; }
static uint32_t bits32(float f) {
    uint32_t b; memcpy(&b, &f, 4);
    return isnan(f) ? 0x7fc00000u : b;  // RISC-V returns the canonical NaN, never a payload
}
static uint64_t bits64(double d) {
    uint64_t b; memcpy(&b, &d, 8);
    return isnan(d) ? 0x7ff8000000000000ull : b;
}

static uint32_t riscv_flags(int raised) {
    uint32_t flags = 0;
    if (raised & FE_INEXACT) flags |= NX;
    if (raised & FE_UNDERFLOW) flags |= UF;
    if (raised & FE_OVERFLOW) flags |= OF;
    if (raised & FE_DIVBYZERO) flags |= DZ;
    if (raised & FE_INVALID) flags |= NV;
    return flags;
}

#if defined(__x86_64__)
// On x86-64 the environment is read and written as MXCSR itself, one instruction each,
// instead of through <fenv.h>, whose calls also save and reload the whole x87 state (most
// of the cost of an FP instruction in the generic executor). Float and double arithmetic
// is SSE, whose flags are MXCSR's; only a libm routine could leave flags in the x87 status
// word (glibc raises some exceptions there), so that word is read as well, and cleared only
// when it holds one. MXCSR's exception bits (IE DE ZE OE UE PE) are the FE_* values.
#include <xmmintrin.h>

enum { MXCSR_FLAGS = 0x3F, MXCSR_ROUNDING = 0x6000 };

uint32_t emu_host_float_flags_take(void) {
    unsigned csr = _mm_getcsr();
    unsigned short x87;
    __asm__ volatile("fnstsw %0" : "=a"(x87));
    int raised = (int)((csr | x87) & (FE_ALL_EXCEPT));
    if (csr & MXCSR_FLAGS) _mm_setcsr(csr & ~MXCSR_FLAGS);
    if (x87 & MXCSR_FLAGS) __asm__ volatile("fnclex");
    return riscv_flags(raised);
}

/// Clears the flags and sets the host rounding mode for `rm` (RMM computes as RNE first).
static void begin(int rm) {
    static const unsigned rounding[] = {0x0000, 0x6000, 0x2000, 0x4000, 0x0000};  // RC field
    (void)emu_host_float_flags_take();
    _mm_setcsr((_mm_getcsr() & ~(unsigned)(MXCSR_FLAGS | MXCSR_ROUNDING)) | rounding[rm >= RNE && rm <= RMM ? rm : RNE]);
}

/// The flags raised since `begin`, as RISC-V fflags bits; leaves the host in RNE, flags clear.
static uint32_t end(void) {
    uint32_t flags = emu_host_float_flags_take();
    _mm_setcsr(_mm_getcsr() & ~(unsigned)MXCSR_ROUNDING);
    return flags;
}
#else
uint32_t emu_host_float_flags_take(void) {
    int raised = fetestexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    return riscv_flags(raised);
}

/// Clears the flags and sets the host rounding mode for `rm` (RMM computes as RNE first).
static void begin(int rm) {
    feclearexcept(FE_ALL_EXCEPT);
    switch (rm) {
    case RTZ: fesetround(FE_TOWARDZERO); break;
    case RDN: fesetround(FE_DOWNWARD); break;
    case RUP: fesetround(FE_UPWARD); break;
    default: fesetround(FE_TONEAREST); break;
    }
}

/// The flags raised since `begin`, as RISC-V fflags bits; leaves the host in RNE, flags clear.
static uint32_t end(void) {
    uint32_t flags = emu_host_float_flags_take();
    fesetround(FE_TONEAREST);
    return flags;
}
#endif

// MARK: - Exact arithmetic for RMM (round to nearest, ties to max magnitude)

/// Knuth's two-sum: s + t == a + b exactly (round to nearest, no overflow).
static void two_sum(double a, double b, double *s, double *t) {
    double sum = a + b, bb = sum - a;
    *s = sum;
    *t = (a - (sum - bb)) + (b - bb);
}

/// p + e == a * b exactly (round to nearest, no underflow of e).
static void two_product(double a, double b, double *p, double *e) {
    *p = a * b;
    *e = fma(a, b, -*p);
}

/// An exact sum of doubles as a nonoverlapping expansion (Shewchuk's grow-expansion),
/// smallest component first.
typedef struct { double c[24]; int n; } expansion;

static void grow(expansion *x, double b) {
    double q = b;
    int k = 0;
    for (int i = 0; i < x->n; i++) {
        double s, t;
        two_sum(q, x->c[i], &s, &t);
        if (t != 0) x->c[k++] = t;
        q = s;
    }
    x->c[k++] = q;
    x->n = k;
}

/// The sign of an expansion's exact value: that of its largest nonzero component.
static int sign_of(const expansion *x) {
    for (int i = x->n - 1; i >= 0; i--) {
        if (x->c[i] > 0) return 1;
        if (x->c[i] < 0) return -1;
    }
    return 0;
}

/// The RMM result from the RNE result `r` of an operation whose exact value is
/// (sum of `terms`) / `scale` * 2^`exponent`. RMM differs from RNE only when the exact value
/// lies halfway between `r` and its neighbour `n` and RNE chose the smaller magnitude; both
/// residuals, exact - r and exact - (r + n) / 2, are computed exactly as expansions.
///
/// Why `exponent`: near the bottom of double's range the error terms of an exact product
/// and half an ulp of a subnormal (2^-1075) are below the smallest double and would round
/// to zero. Callers of double operations pass their operands scaled to [1, 2) and the
/// operation's exponent here, so every residual is computed well inside the normal range;
/// `r` and `n` are scaled to match (exactly: a power-of-two scaling of a value that lands
/// in the normal range loses nothing). Singles pass 0: a double holds their residuals.
static double rmm(double r, const double *terms, int count, double scale, int exponent, int single) {
    if (isnan(r) || isinf(r)) return r;
    expansion x = {.n = 0};
    double hi, lo;
    for (int i = 0; i < count; i++) grow(&x, terms[i]);
    double scaled_r = ldexp(r, -exponent);
    if (ldexp(scaled_r, exponent) != r) return r;  // cannot be near the exact value
    two_product(scaled_r, scale, &hi, &lo);
    grow(&x, -hi);
    grow(&x, -lo);
    int direction = sign_of(&x) * (scale < 0 ? -1 : 1);
    if (direction == 0) return r;
    double towards = direction > 0 ? INFINITY : -INFINITY;
    double n = single ? (double)nextafterf((float)r, (float)towards) : nextafter(r, towards);
    if (isinf(n)) return r;
    double scaled_n = ldexp(n, -exponent);
    // A neighbour that does not scale back exactly is far from the exact value (the exact
    // value is within one ulp of `r`, whose scaled form is in range): no tie.
    if (isinf(scaled_n) || scaled_n == scaled_r || ldexp(scaled_n, exponent) != n) return r;
    double half = (scaled_n - scaled_r) / 2;
    two_product(half, scale, &hi, &lo);
    grow(&x, -hi);
    grow(&x, -lo);
    if (sign_of(&x) != 0) return r;
    return fabs(n) > fabs(r) ? n : r;
}

/// `v` scaled by a power of two into [1, 2), and that power (v finite and nonzero).
static double normalized(double v, int *exponent) {
    *exponent = ilogb(v);
    return ldexp(v, -*exponent);
}

/// RMM for a double product x * y (both finite and nonzero), from its RNE result `r`.
static double rmm_product(double r, double x, double y) {
    int ex, ey;
    double mx = normalized(x, &ex), my = normalized(y, &ey), terms[2];
    two_product(mx, my, &terms[0], &terms[1]);  // exact: both in [1, 2)
    return rmm(r, terms, 2, 1, ex + ey, 0);
}

/// RMM for a double quotient x / y (both finite and nonzero), from its RNE result `r`.
static double rmm_quotient(double r, double x, double y) {
    int ex, ey;
    double mx = normalized(x, &ex), my = normalized(y, &ey);
    return rmm(r, &mx, 1, my, ex - ey, 0);
}

/// RMM for a double fused x * y + z (x, y finite and nonzero), from its RNE result `r`.
static double rmm_fused(double r, double x, double y, double z) {
    int ex, ey;
    double mx = normalized(x, &ex), my = normalized(y, &ey), terms[3];
    int exponent = ex + ey;
    two_product(mx, my, &terms[0], &terms[1]);
    terms[2] = ldexp(z, -exponent);
    // z lost bits in the scaling only when it lies below the product's lowest bit by more
    // than the whole double range: then the exact sum cannot be a midpoint (midpoints are
    // multiples of that lowest bit), and RNE's answer stands. Likewise when z overflowed:
    // the product is then far below half an ulp of z.
    if (isinf(terms[2]) || ldexp(terms[2], exponent) != z) return r;
    return rmm(r, terms, 3, 1, exponent, 0);
}

/// Whether RMM needs the scaled, exact tie check: both factors finite and nonzero (a zero
/// or infinite factor gives an exact or special result, which RNE already has right).
static int ordinary_factors(double x, double y) {
    return isfinite(x) && isfinite(y) && x != 0 && y != 0;
}

// MARK: - Arithmetic

uint32_t emu_f32_arith(int op, uint32_t a, uint32_t b, int rm, uint32_t *flags) {
    float x = f32(a), y = f32(b), r;
    begin(rm);
    switch (op) {
    case EMU_FP_ADD: r = x + y; break;
    case EMU_FP_SUB: r = x - y; break;
    case EMU_FP_MUL: r = x * y; break;
    default: r = x / y; break;
    }
    *flags |= end();
    if (rm == RMM) {
        double terms[2] = {x, op == EMU_FP_SUB ? -(double)y : (double)y};
        switch (op) {
        case EMU_FP_ADD: case EMU_FP_SUB: r = (float)rmm(r, terms, 2, 1, 0, 1); break;
        case EMU_FP_MUL: terms[0] = (double)x * (double)y; r = (float)rmm(r, terms, 1, 1, 0, 1); break;
        default: r = (float)rmm(r, terms, 1, y, 0, 1); break;
        }
        (void)emu_host_float_flags_take();
    }
    return bits32(r);
}

uint64_t emu_f64_arith(int op, uint64_t a, uint64_t b, int rm, uint32_t *flags) {
    double x = f64(a), y = f64(b), r;
    begin(rm);
    switch (op) {
    case EMU_FP_ADD: r = x + y; break;
    case EMU_FP_SUB: r = x - y; break;
    case EMU_FP_MUL: r = x * y; break;
    default: r = x / y; break;
    }
    *flags |= end();
    if (rm == RMM) {
        double terms[2] = {x, op == EMU_FP_SUB ? -y : y};
        switch (op) {
        // A double sum is exact wherever its result is subnormal, so it needs no scaling.
        case EMU_FP_ADD: case EMU_FP_SUB: r = rmm(r, terms, 2, 1, 0, 0); break;
        case EMU_FP_MUL: if (ordinary_factors(x, y)) r = rmm_product(r, x, y); break;
        default: if (ordinary_factors(x, y)) r = rmm_quotient(r, x, y); break;
        }
        (void)emu_host_float_flags_take();
    }
    return bits64(r);
}

/// RISC-V: "The fused multiply-add instructions must set the invalid operation exception
/// flag when the multiplicands are infinity and zero, even when the addend is a quiet NaN";
/// IEEE 754 leaves that case to the implementation, and the host does not signal it.
static uint32_t fma_invalid(double x, double y) {
    return (isinf(x) && y == 0) || (x == 0 && isinf(y)) ? NV : 0;
}

uint32_t emu_f32_fma(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags) {
    float x = f32(a), y = f32(b), z = f32(c);
    begin(rm);
    float r = fmaf(x, y, z);
    *flags |= end() | fma_invalid(x, y);
    if (rm == RMM) {
        double terms[2] = {(double)x * (double)y, z};  // the product is exact in double
        r = (float)rmm(r, terms, 2, 1, 0, 1);
        (void)emu_host_float_flags_take();
    }
    return bits32(r);
}

uint64_t emu_f64_fma(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags) {
    double x = f64(a), y = f64(b), z = f64(c);
    begin(rm);
    double r = fma(x, y, z);
    *flags |= end() | fma_invalid(x, y);
    if (rm == RMM) {
        if (ordinary_factors(x, y) && isfinite(z)) r = rmm_fused(r, x, y, z);
        (void)emu_host_float_flags_take();
    }
    return bits64(r);
}

// A square root is never exactly halfway between two floating-point numbers (the square
// of a midpoint needs more bits than the format has), so RMM is RNE here.
uint32_t emu_f32_sqrt(uint32_t a, int rm, uint32_t *flags) {
    begin(rm);
    float r = __builtin_sqrtf(f32(a));
    *flags |= end();
    return bits32(r);
}

uint64_t emu_f64_sqrt(uint64_t a, int rm, uint32_t *flags) {
    begin(rm);
    double r = __builtin_sqrt(f64(a));
    *flags |= end();
    return bits64(r);
}

// MARK: - Conversions

uint32_t emu_f32_from_f64(uint64_t a, int rm, uint32_t *flags) {
    double x = f64(a);
    begin(rm);
    float r = (float)x;
    *flags |= end();
    if (rm == RMM) {
        r = (float)rmm(r, &x, 1, 1, 0, 1);
        (void)emu_host_float_flags_take();
    }
    return bits32(r);
}

uint64_t emu_f64_from_f32(uint32_t a, uint32_t *flags) {
    begin(RNE);
    double r = (double)f32(a);  // exact; a signaling NaN raises invalid
    *flags |= end();
    return bits64(r);
}

/// `x` (the exact value of a float or double) rounded to an integer by `rm`, saturated to
/// the 32-bit range with the invalid flag as RISC-V requires (NaN gives the largest
/// positive value; x86's cvt would give 0x80000000 for all of these).
static uint32_t to_int(double x, int is_unsigned, int rm, uint32_t *flags) {
    if (isnan(x)) { *flags |= NV; return is_unsigned ? 0xffffffffu : 0x7fffffffu; }
    double r;
    switch (rm) {
    case RTZ: r = trunc(x); break;
    case RDN: r = floor(x); break;
    case RUP: r = ceil(x); break;
    case RMM: r = round(x); break;
    default: r = nearbyint(x); break;  // the host is in RNE outside begin/end
    }
    (void)emu_host_float_flags_take();
    if (is_unsigned) {
        if (r < 0) { *flags |= NV; return 0; }
        if (r > 4294967295.0) { *flags |= NV; return 0xffffffffu; }
        if (r != x) *flags |= NX;
        return (uint32_t)r;
    }
    if (r < -2147483648.0) { *flags |= NV; return 0x80000000u; }
    if (r > 2147483647.0) { *flags |= NV; return 0x7fffffffu; }
    if (r != x) *flags |= NX;
    return (uint32_t)(int32_t)r;
}

uint32_t emu_f32_to_int(uint32_t a, int is_unsigned, int rm, uint32_t *flags) {
    return to_int((double)f32(a), is_unsigned, rm, flags);
}

uint32_t emu_f64_to_int(uint64_t a, int is_unsigned, int rm, uint32_t *flags) {
    return to_int(f64(a), is_unsigned, rm, flags);
}

uint32_t emu_f32_from_int(uint32_t v, int is_unsigned, int rm, uint32_t *flags) {
    double exact = is_unsigned ? (double)v : (double)(int32_t)v;  // exact in double
    begin(rm);
    float r = is_unsigned ? (float)v : (float)(int32_t)v;
    *flags |= end();
    if (rm == RMM) {
        r = (float)rmm(r, &exact, 1, 1, 0, 1);
        (void)emu_host_float_flags_take();
    }
    return bits32(r);
}

uint64_t emu_f64_from_int(uint32_t v, int is_unsigned) {
    return bits64(is_unsigned ? (double)v : (double)(int32_t)v);  // always exact
}
