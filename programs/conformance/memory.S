# Loads and stores (§2.6): sign and zero extension, byte/half/word
# placement (little-endian), negative offsets.
#include "conformance.h"
TEST_BEGIN
  la a0, data
  li a1, 0x8899aabb
  sw a1, 0(a0)
  lb a2, 0(a0)
  CHECK 2, a2, 0xffffffbb
  lbu a2, 3(a0)
  CHECK 3, a2, 0x88
  lh a2, 2(a0)
  CHECK 4, a2, 0xffff8899
  lhu a2, 0(a0)
  CHECK 5, a2, 0xaabb
  li a1, 0x11
  sb a1, 1(a0)
  lw a2, 0(a0)
  CHECK 6, a2, 0x889911bb
  li a1, 0x12345678
  sh a1, 2(a0)
  lw a2, 0(a0)
  CHECK 7, a2, 0x567811bb
  addi a3, a0, 8
  sw a1, -4(a3)
  lw a2, 4(a0)
  CHECK 8, a2, 0x12345678
  j pass
TEST_END
  .data
  .align 2
data: .word 0, 0
