# The CLINT (msip at 0x02000000, mtimecmp at 0x02004000, mtime at 0x0200bff8): mtime
# advances, mtimecmp raises the machine timer interrupt, msip the machine software one;
# mip.MTIP and mip.MSIP follow the device, not software writes.
#include "conformance.h"
  .option norelax   # no linker relaxation: it could move the handler off its alignment

#define MSIP 0x02000000
#define MTIMECMP 0x02004000
#define MTIME 0x0200bff8

TEST_BEGIN
  .option norvc
  EXPECT_TRAPS_AT handler
  li s1, 0                  # the expected mcause
  li s4, 0                  # interrupts taken
  li a5, MTIME
  lw a0, 0(a5)
1:lw a1, 0(a5)              # mtime advances (the budget ends a clock that stands still)
  beq a0, a1, 1b
  li t0, 0x80
  csrs mip, t0              # MTIP is read-only in mip
  csrr a0, mip
  CHECK 2, a0, 0
  # The timer: mtimecmp = mtime + 50 ticks (5 us), MTIE and MIE, then wait.
  li s1, 0x80000007
  li a5, MTIME
  lw a0, 0(a5)
  addi a0, a0, 50
  li a5, MTIMECMP
  sw zero, 4(a5)            # high word first: a0 is this epoch's low word
  sw a0, 0(a5)
  li t0, 0x80
  csrs mie, t0
  li TEST, 3
  csrsi mstatus, 8
2:wfi
  beqz s4, 2b
  csrci mstatus, 8
  li t0, 1
  CHECK_REG 4, s4, t0
  csrr a0, mip              # the handler moved mtimecmp away: MTIP is clear again
  andi a0, a0, 0x80
  CHECK 5, a0, 0
  # Software interrupt through msip.
  li t0, 0x80
  csrc mie, t0
  li t0, 0x8
  csrs mie, t0
  li s1, 0x80000003
  li a5, MSIP
  li t0, 1
  sw t0, 0(a5)
  lw a0, 0(a5)
  CHECK 6, a0, 1
  csrr a0, mip
  andi a0, a0, 0x8
  CHECK 7, a0, 0x8
  li TEST, 8
  csrsi mstatus, 8          # taken now
  nop
  csrci mstatus, 8
  li t0, 2
  CHECK_REG 9, s4, t0
  li a5, MSIP
  lw a0, 0(a5)
  CHECK 10, a0, 0
  j pass

  .balign 4, 0
handler:
  csrr t0, mcause
  bne t0, s1, fail
  addi s4, s4, 1
  li t1, 0x80000007
  bne t0, t1, 1f
  li t0, MTIMECMP           # timer: mtimecmp to the largest value
  li t1, -1
  sw t1, 4(t0)
  sw t1, 0(t0)
  mret
1:li t0, MSIP               # software: clear msip
  sw zero, 0(t0)
  mret
TEST_END
