# RV32I register and immediate ALU instructions, with the corner cases of
# the spec (§2.4): wrap-around, signed/unsigned compares, shift amounts
# taken from the low five bits, srai/sra sign fill, x0 as a destination.
#include "conformance.h"
TEST_BEGIN
  li a0, 0x7fffffff
  li a1, 1
  add a2, a0, a1
  CHECK 2, a2, 0x80000000
  sub a2, zero, a1
  CHECK 3, a2, 0xffffffff
  addi a2, a0, -2048
  CHECK 4, a2, 0x7ffff7ff
  li a0, 0x80000000
  slt a2, a0, a1
  CHECK 5, a2, 1
  sltu a2, a0, a1
  CHECK 6, a2, 0
  slti a2, a0, -1
  CHECK 7, a2, 1
  sltiu a2, a1, -1          # the immediate sign-extends, then compares unsigned
  CHECK 8, a2, 1
  li a3, 0xf0f0f0f0
  xori a2, a3, -1
  CHECK 9, a2, 0x0f0f0f0f
  ori a2, a3, 0x0f
  CHECK 10, a2, 0xf0f0f0ff
  andi a2, a3, -16
  CHECK 11, a2, 0xf0f0f0f0
  xor a2, a3, a0
  CHECK 12, a2, 0x70f0f0f0
  or a2, a3, a1
  CHECK 13, a2, 0xf0f0f0f1
  and a2, a3, a0
  CHECK 14, a2, 0x80000000
  li a4, 33                 # shifts use only rs2[4:0]: 33 shifts by 1
  sll a2, a1, a4
  CHECK 15, a2, 2
  srl a2, a0, a4
  CHECK 16, a2, 0x40000000
  sra a2, a0, a4
  CHECK 17, a2, 0xc0000000
  slli a2, a1, 31
  CHECK 18, a2, 0x80000000
  srli a2, a0, 31
  CHECK 19, a2, 1
  srai a2, a0, 31
  CHECK 20, a2, 0xffffffff
  addi zero, a1, 5          # writes to x0 are discarded
  CHECK 21, zero, 0
  add zero, a0, a0
  CHECK 22, zero, 0
  sub a2, a0, a1            # INT_MIN - 1 wraps
  CHECK 23, a2, 0x7fffffff
  j pass
TEST_END
