# F and D (unprivileged spec, chapters "F" and "D"; values from IEEE 754-2008): the FPU
# off (mstatus.FS = Off makes FP instructions illegal), then on: rounding of a tie and of
# 1/3 in each static and the dynamic mode, exact fflags after each operation, NaN boxing
# (an unboxed single is the canonical NaN), canonical NaN results, min/max of signed
# zeros and NaNs, quiet and signaling compares, saturating conversions, fclass, one
# rounding in fused multiply-add, and FS becoming Dirty with SD.
#include "conformance.h"

/* FLAGS n, value: check n expects fflags == value, and clears them (t5, t6 clobbered). */
.macro FLAGS n, value
  csrrw t5, fflags, zero
  li TEST, \n
  li t6, \value
  bne t5, t6, fail
.endm

/* SINGLE freg, bits: loads a single (NaN-boxed by fmv.w.x) (t0 clobbered). */
.macro SINGLE freg, bits
  li t0, \bits
  fmv.w.x \freg, t0
.endm

/* DOUBLE n, freg, hi, lo: check n expects freg's 64 bits (t0-t2 clobbered). */
.macro DOUBLE n, freg, hi, lo
  la t0, scratch
  fsd \freg, 0(t0)
  lw t1, 0(t0)
  lw t2, 4(t0)
  CHECK \n, t1, \lo
  CHECK \n, t2, \hi
.endm

TEST_BEGIN
  # FS is Off at reset: the first FP instruction is illegal (mcause 2).
  EXPECT_TRAPS_AT fpu_off
  fmv.w.x ft0, zero
  j fail
  .align 2
fpu_off:
  csrr a0, mcause
  CHECK 2, a0, 2
  la t0, unexpected_trap
  csrw mtvec, t0
  li t0, 0x2000                 # FS = Initial
  csrs mstatus, t0
  csrw fflags, zero

  # 1 + 2^-24 is a tie between 1.0 and its successor.
  SINGLE ft0, 0x3f800000
  SINGLE ft1, 0x33800000
  fadd.s ft2, ft0, ft1, rne
  fmv.x.w a0, ft2
  CHECK 3, a0, 0x3f800000
  FLAGS 4, 1                    # NX
  fadd.s ft2, ft0, ft1, rmm
  fmv.x.w a0, ft2
  CHECK 5, a0, 0x3f800001
  fadd.s ft2, ft0, ft1, rtz
  fmv.x.w a0, ft2
  CHECK 6, a0, 0x3f800000
  fadd.s ft2, ft0, ft1, rup
  fmv.x.w a0, ft2
  CHECK 7, a0, 0x3f800001
  FLAGS 8, 1

  # 1/3: RNE and RUP round up, RDN and RTZ down; dynamic takes frm.
  SINGLE ft3, 0x40400000
  fdiv.s ft2, ft0, ft3, rdn
  fmv.x.w a0, ft2
  CHECK 9, a0, 0x3eaaaaaa
  fsrmi a1, 3                   # frm = RUP, old frm (RNE) to a1
  CHECK 10, a1, 0
  fdiv.s ft2, ft0, ft3          # dynamic
  fmv.x.w a0, ft2
  CHECK 11, a0, 0x3eaaaaab
  fsrmi 1                       # RTZ
  fdiv.s ft2, ft0, ft3
  fmv.x.w a0, ft2
  CHECK 12, a0, 0x3eaaaaaa
  fsrmi 0
  FLAGS 13, 1

  # NaN boxing: a double in ft4 is not a boxed single.
  la t0, one_double
  fld ft4, 0(t0)
  fadd.s ft2, ft4, ft0
  fmv.x.w a0, ft2
  CHECK 14, a0, 0x7fc00000
  FLAGS 15, 0
  fsgnj.s ft2, ft0, ft4         # sign from the canonical NaN: positive
  fmv.x.w a0, ft2
  CHECK 16, a0, 0x3f800000

  # Invalid operations give the canonical NaN; division by zero.
  SINGLE ft5, 0xbf800000
  fsqrt.s ft2, ft5
  fmv.x.w a0, ft2
  CHECK 17, a0, 0x7fc00000
  FLAGS 18, 16                  # NV
  fcvt.d.s ft6, ft0
  fcvt.d.w ft7, zero
  fdiv.d ft2, ft6, ft7
  DOUBLE 19, ft2, 0x7ff00000, 0
  FLAGS 20, 8                   # DZ
  SINGLE ft8, 0x7f800001        # a signaling NaN with a payload
  fadd.s ft2, ft8, ft0
  fmv.x.w a0, ft2
  CHECK 21, a0, 0x7fc00000      # not the payload
  FLAGS 22, 16

  # fmin/fmax: -0 < +0; a quiet NaN is ignored quietly, a signaling one with NV.
  SINGLE ft9, 0x80000000
  fmv.w.x ft10, zero
  fmin.s ft2, ft10, ft9
  fmv.x.w a0, ft2
  CHECK 23, a0, 0x80000000
  fmax.s ft2, ft9, ft10
  fmv.x.w a0, ft2
  CHECK 24, a0, 0x00000000
  SINGLE ft11, 0x7fc00000
  fmax.s ft2, ft11, ft0
  fmv.x.w a0, ft2
  CHECK 25, a0, 0x3f800000
  FLAGS 26, 0
  fmin.s ft2, ft8, ft0
  fmv.x.w a0, ft2
  CHECK 27, a0, 0x3f800000
  FLAGS 28, 16
  fmin.s ft2, ft11, ft11        # both NaN: the canonical NaN
  fmv.x.w a0, ft2
  CHECK 29, a0, 0x7fc00000

  # Compares: feq is quiet on a quiet NaN, flt and fle signal.
  feq.s a0, ft11, ft0
  CHECK 30, a0, 0
  FLAGS 31, 0
  flt.s a0, ft11, ft0
  CHECK 32, a0, 0
  FLAGS 33, 16
  fle.s a0, ft9, ft10           # -0 <= +0
  CHECK 34, a0, 1
  feq.s a0, ft9, ft10           # -0 == +0
  CHECK 35, a0, 1

  # Conversions saturate with NV; rounding of 2.5.
  SINGLE fs0, 0x4f32d05e        # 3e9
  fcvt.w.s a0, fs0, rtz
  CHECK 36, a0, 0x7fffffff
  FLAGS 37, 16
  fcvt.wu.s a0, ft5, rtz        # -1.0
  CHECK 38, a0, 0
  FLAGS 39, 16
  fcvt.w.s a0, ft11, rtz        # NaN
  CHECK 40, a0, 0x7fffffff
  FLAGS 41, 16
  SINGLE fs1, 0x40200000        # 2.5
  fcvt.w.s a0, fs1, rne
  CHECK 42, a0, 2
  fcvt.w.s a0, fs1, rmm
  CHECK 43, a0, 3
  FLAGS 44, 1
  fcvt.wu.s a0, fs0, rtz        # 3e9 fits unsigned
  CHECK 45, a0, 0xb2d05e00
  FLAGS 46, 0

  # fclass: one bit per class.
  SINGLE fs2, 0xff800000
  fclass.s a0, fs2
  CHECK 47, a0, 0x001           # -inf
  fclass.s a0, ft10
  CHECK 48, a0, 0x010           # +0
  fclass.s a0, ft8
  CHECK 49, a0, 0x100           # signaling NaN
  fclass.s a0, ft11
  CHECK 50, a0, 0x200           # quiet NaN
  fclass.d a0, ft7
  CHECK 51, a0, 0x010

  # Fused multiply-add rounds once: (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly.
  la t0, fused
  fld fs3, 0(t0)
  fld fs4, 8(t0)
  fld fs5, 16(t0)
  fmadd.d fs6, fs3, fs4, fs5
  DOUBLE 52, fs6, 0xb9700000, 0
  FLAGS 53, 0
  fmul.d fs7, fs3, fs4          # unfused: the product rounds to 1.0 first
  fadd.d fs7, fs7, fs5
  DOUBLE 54, fs7, 0, 0
  FLAGS 55, 1
  # inf * 0 + qNaN is invalid (the spec requires NV here).
  SINGLE fs8, 0x7f800000
  fmadd.s ft2, fs8, ft10, ft11
  fmv.x.w a0, ft2
  CHECK 56, a0, 0x7fc00000
  FLAGS 57, 16

  # fcvt.s.d rounds (1 + 2^-24 + 2^-40 is above the tie), fcvt.d.s is exact.
  la t0, fused
  fld fs9, 24(t0)
  fcvt.s.d ft2, fs9
  fmv.x.w a0, ft2
  CHECK 58, a0, 0x3f800001
  FLAGS 59, 1
  fcvt.d.s fs10, ft3            # 3.0f
  DOUBLE 60, fs10, 0x40080000, 0
  FLAGS 61, 0

  # The FP state is Dirty now, and SD says so.
  csrr a0, mstatus
  srli a1, a0, 13
  andi a1, a1, 3
  CHECK 62, a1, 3
  srli a1, a0, 31
  CHECK 63, a1, 1
  j pass
TEST_END

  .data
  .align 3
one_double: .dword 0x3ff0000000000000
fused:
  .dword 0x3ff0000000000001     # 1 + 2^-52
  .dword 0x3feffffffffffffe     # 1 - 2^-52
  .dword 0xbff0000000000000     # -1
  .dword 0x3ff0000010001000     # 1 + 2^-24 + 2^-40
scratch: .dword 0
