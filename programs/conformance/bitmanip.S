# Zba, Zbb, Zbc, Zbs (the bit-manipulation extensions, version 1.0.0): every
# instruction once or more, with the values the specification's pseudocode gives,
# including the corner cases (clz/ctz of 0, cpop of all ones, min/max of signed
# against unsigned order, rotates by 0 and by more than 31, orc.b, rev8, the carry-
# less products' high and reversed halves, bit indices taken mod 32).
#include "conformance.h"
TEST_BEGIN
  li a0, 0x80000001
  li a1, 0x00000010
  # Zba: rd = rs2 + (rs1 << n)
  sh1add a2, a1, a0
  CHECK 2, a2, 0x80000021
  sh2add a2, a1, a0
  CHECK 3, a2, 0x80000041
  sh3add a2, a0, a1         # (0x80000001 << 3) + 0x10 wraps
  CHECK 4, a2, 0x00000018
  # Zbb: logic with negate
  li a3, 0xff00ff00
  li a4, 0x0ff00ff0
  andn a2, a3, a4
  CHECK 5, a2, 0xf000f000
  orn a2, a3, a4
  CHECK 6, a2, 0xff0fff0f
  xnor a2, a3, a4
  CHECK 7, a2, 0x0f0f0f0f
  # counts
  clz a2, zero
  CHECK 8, a2, 32
  clz a2, a1
  CHECK 9, a2, 27
  ctz a2, zero
  CHECK 10, a2, 32
  ctz a2, a3
  CHECK 11, a2, 8
  li a5, -1
  cpop a2, a5
  CHECK 12, a2, 32
  cpop a2, a0
  CHECK 13, a2, 2
  # min/max: signed and unsigned orders disagree on 0x80000001 and 0x10
  max a2, a0, a1
  CHECK 14, a2, 0x00000010
  maxu a2, a0, a1
  CHECK 15, a2, 0x80000001
  min a2, a0, a1
  CHECK 16, a2, 0x80000001
  minu a2, a0, a1
  CHECK 17, a2, 0x00000010
  # sign and zero extension
  li a6, 0x12345680
  sext.b a2, a6
  CHECK 18, a2, 0xffffff80
  li a6, 0x1234f678
  sext.h a2, a6
  CHECK 19, a2, 0xfffff678
  zext.h a2, a6
  CHECK 20, a2, 0x0000f678
  # rotates: the amount is taken mod 32
  rol a2, a0, a1            # by 16
  CHECK 21, a2, 0x00018000
  ror a2, a0, a1
  CHECK 22, a2, 0x00018000
  li a7, 33
  rol a2, a0, a7            # 33 is 1
  CHECK 23, a2, 0x00000003
  ror a2, a0, zero
  CHECK 24, a2, 0x80000001
  rori a2, a0, 1
  CHECK 25, a2, 0xc0000000
  rori a2, a0, 31
  CHECK 26, a2, 0x00000003
  # orc.b: each nonzero byte becomes 0xff
  li a6, 0x00120080
  orc.b a2, a6
  CHECK 27, a2, 0x00ff00ff
  li a6, 0x11223344
  rev8 a2, a6
  CHECK 28, a2, 0x44332211
  # Zbc: carry-less products of 0x80000001 and 0x80000003 =
  # (x^31 + 1)(x^31 + x + 1) = x^62 + x^32 + x + 1
  li a6, 0x80000003
  clmul a2, a0, a6          # low 32 bits: x + 1 (the two x^31 terms cancel)
  CHECK 29, a2, 0x00000003
  clmulh a2, a0, a6         # bits 63..32: x^62 + x^32 -> 0x40000001
  CHECK 30, a2, 0x40000001
  clmulr a2, a0, a6         # bits 62..31
  CHECK 31, a2, 0x80000002
  clmul a2, a5, a5          # all ones squared: only even powers survive
  CHECK 32, a2, 0x55555555
  clmulh a2, a5, a5
  CHECK 33, a2, 0x55555555
  # Zbs: single bits, index mod 32
  bset a2, zero, a1
  CHECK 34, a2, 0x00010000
  bclr a2, a5, a7           # 33 is bit 1
  CHECK 35, a2, 0xfffffffd
  binv a2, a0, zero
  CHECK 36, a2, 0x80000000
  bext a2, a0, a5           # index 31
  CHECK 37, a2, 1
  bseti a2, a1, 31
  CHECK 38, a2, 0x80000010
  bclri a2, a0, 31
  CHECK 39, a2, 1
  binvi a2, a1, 4
  CHECK 40, a2, 0
  bexti a2, a1, 4
  CHECK 41, a2, 1
  j pass
TEST_END
