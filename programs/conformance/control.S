# Branches, jal, jalr, lui, auipc (§2.5): taken and not-taken in both
# directions, signed vs unsigned, link values, jalr clearing bit 0 and
# reading rs1 before writing rd.
#include "conformance.h"
TEST_BEGIN
  li a0, -1
  li a1, 1
  li TEST, 2
  blt a0, a1, 1f
  j fail
1:li TEST, 3
  bltu a0, a1, fail
  li TEST, 4
  bge a1, a0, 1f
  j fail
1:li TEST, 5
  bgeu a1, a0, fail
  li TEST, 6
  beq a0, a0, 1f
  j fail
1:li TEST, 7
  bne a0, a0, fail
  li TEST, 8
  j 2f
1:j 3f
2:beq zero, zero, 1b
  j fail
3:li TEST, 9
  jal ra, 1f
4:j fail
1:la t0, 4b
  bne ra, t0, fail
  li TEST, 10
  la t1, 5f
  addi t1, t1, 1            # bit 0 set: jalr clears it
  jalr t1, 0(t1)            # rd == rs1: the target uses the old value
6:j fail
5:la t0, 6b
  bne t1, t0, fail
  lui a2, 0xfffff
  CHECK 11, a2, 0xfffff000
7:auipc a3, 0
  la a4, 7b
  li TEST, 12
  bne a3, a4, fail
  j pass
TEST_END
