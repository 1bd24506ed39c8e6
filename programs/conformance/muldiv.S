# M extension (§13): high halves of signed/unsigned products, and the
# division results the spec defines for division by zero and overflow.
#include "conformance.h"
TEST_BEGIN
  li a0, 0x80000000
  li a1, -1
  li a2, 0
  mul a3, a0, a1
  CHECK 2, a3, 0x80000000
  mulh a3, a0, a1
  CHECK 3, a3, 0
  mulhu a3, a0, a1
  CHECK 4, a3, 0x7fffffff
  mulhsu a3, a1, a1         # -1 * 0xffffffff
  CHECK 5, a3, 0xffffffff
  div a3, a0, a1            # overflow: INT_MIN
  CHECK 6, a3, 0x80000000
  rem a3, a0, a1            # overflow: 0
  CHECK 7, a3, 0
  div a3, a1, a2            # by zero: -1
  CHECK 8, a3, 0xffffffff
  divu a3, a0, a2           # by zero: all ones
  CHECK 9, a3, 0xffffffff
  rem a3, a0, a2            # by zero: the dividend
  CHECK 10, a3, 0x80000000
  remu a3, a1, a2
  CHECK 11, a3, 0xffffffff
  li a4, -7
  li a5, 2
  div a3, a4, a5            # rounds toward zero
  CHECK 12, a3, -3
  rem a3, a4, a5            # sign of the dividend
  CHECK 13, a3, -1
  j pass
TEST_END
