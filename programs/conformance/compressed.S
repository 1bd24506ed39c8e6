# C extension (§16): compressed forms expand to their base instructions;
# pc advances by 2; a 32-bit instruction may sit at a 2-byte boundary.
#include "conformance.h"
TEST_BEGIN
  .option rvc
  c.li a0, -1
  CHECK 2, a0, -1
  c.li a1, 5
  c.addi a1, 3
  CHECK 3, a1, 8
  c.slli a1, 2
  CHECK 4, a1, 32
  c.srai a0, 1
  CHECK 5, a0, -1
  c.mv a2, a1
  c.add a2, a1
  CHECK 6, a2, 64
  c.lui a3, 0x1f
  CHECK 7, a3, 0x1f000
  la a4, data
  c.sw a2, 0(a4)
  c.lw a5, 0(a4)
  CHECK 8, a5, 64
  c.nop
  addi a0, zero, 7          # 32-bit instruction at a 2-byte boundary
  CHECK 9, a0, 7
  li TEST, 10
  c.j 1f
  j fail
1:c.li a0, 0
  c.beqz a0, 2f
  j fail
2:jal ra, 3f
  j pass
3:c.jr ra
TEST_END
  .data
  .align 2
data: .word 0
