/* emu conformance tests: self-checking, machine mode, results through HTIF tohost.
 * gp holds the number of the check in progress; tohost gets 1 for a pass, or
 * (gp << 1) | 1 for a failure. Any trap a test does not expect fails the test. */
#define TEST gp

.macro TEST_BEGIN
  .section .text.start, "ax"
  .globl _start
_start:
  /* 1, not 0: a failure before the first check must not write (0 << 1) | 1 = 1, the
   * pass value (an unexpected trap there reports "failed test 1"). */
  li TEST, 1
  la t0, unexpected_trap
  csrw mtvec, t0
.endm

/* CHECK n, reg, value: check n expects reg == value (t6 is clobbered). */
.macro CHECK n, reg, value
  li TEST, \n
  li t6, \value
  bne \reg, t6, fail
.endm

.macro TEST_END
pass:
  li t0, 1
  la t1, tohost
  sw t0, 0(t1)
1: j 1b
fail:
  slli t0, TEST, 1
  ori t0, t0, 1
  la t1, tohost
  sw t0, 0(t1)
2: j 2b
  .align 2
unexpected_trap:
  j fail
  .section .tohost, "aw", @progbits
  .align 3
  .globl tohost
tohost: .dword 0
  .globl fromhost
fromhost: .dword 0
.endm

/* Sets mtvec to `handler` (for tests that expect a trap). */
.macro EXPECT_TRAPS_AT handler
  la t0, \handler
  csrw mtvec, t0
.endm

/* CHECK_REG n, reg, other: check n expects reg == other. */
.macro CHECK_REG n, reg, other
  li TEST, \n
  bne \reg, \other, fail
.endm
