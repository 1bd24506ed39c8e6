/* fence.i and instruction fetch from data memory: code is stored into .data,
 * made visible with fence.i and run; then rewritten in place and run again
 * (self-modifying code: after the second fence.i the new instruction must run,
 * not the decoded copy of the old one). */
#include "conformance.h"
/* fence.i is Zifencei: enabled here only, so the other tests keep their build. */
.option arch, +zifencei

TEST_BEGIN
  /* Store "addi a0, zero, 7; ret" into buffer, then call it. */
  la t0, buffer
  li t1, 0x00700513      /* addi a0, zero, 7 */
  sw t1, 0(t0)
  li t1, 0x00008067      /* jalr zero, 0(ra) */
  sw t1, 4(t0)
  fence.i
  li a0, 0
  jalr ra, 0(t0)
  CHECK 1, a0, 7

  /* Rewrite the first instruction as "addi a0, zero, 42" and run it again. */
  la t0, buffer
  li t1, 0x02a00513      /* addi a0, zero, 42 */
  sw t1, 0(t0)
  fence.i
  li a0, 0
  jalr ra, 0(t0)
  CHECK 2, a0, 42

  /* A compressed instruction written as a halfword: "c.li a0, 5; c.jr ra". */
  la t0, buffer
  li t1, 0x80824515      /* c.li a0, 5 (0x4515) then c.jr ra (0x8082) */
  sw t1, 0(t0)
  fence.i
  li a0, 0
  jalr ra, 0(t0)
  CHECK 3, a0, 5
  j pass
TEST_END

  .data
  .align 2
buffer: .space 16
