# FP loads and stores under Sv32 (privileged spec §10.3; unprivileged "F" and "D"):
# flw, fld, fsw and fsd in S-mode go through the page tables like integer accesses, with
# the same page faults (cause, tval = the virtual address). riscv-tests' rv32uf/rv32ud
# "v" tests load their operands this way; emu once gave them the virtual address as a
# physical one (a load access fault at 0x3000).
#include "conformance.h"
  .option norelax   # no linker relaxation: it could move the handler off its alignment

#define VA 0x40000000           /* vpn1 = 0x100: through the level-0 table */
#define PAGE(n) (VA + (n) * 0x1000)
#define V 1
#define R 2
#define W 4
#define X 8
#define A 64
#define D 128

# s1: expected cause; s2: 3 when a trap is expected; s5: expected tval;
# s4: set to 1 by the handler.
.macro FAULTS n, cause, tval, insn:vararg
  li TEST, \n
  li s1, \cause
  li s2, 3
  li s5, \tval
  li s4, 0
  \insn
  beqz s4, fail
  li s2, 0
.endm

/* Stores the PTE for physical address `reg` (clobbered) with `flags` at `index` of
 * `table` (t1 and t2 are clobbered). */
.macro MAP table, index, reg, flags
  srli \reg, \reg, 12
  slli \reg, \reg, 10
  ori \reg, \reg, \flags
  la t1, \table
  li t2, \index * 4
  add t1, t1, t2
  sw \reg, 0(t1)
.endm

TEST_BEGIN
  .option norvc
  EXPECT_TRAPS_AT m_handler
  li s2, 0
  # Root: the code's superpage (identity, S only) and the level-0 table.
  li t0, 0x80000000
  MAP root, 0x200, t0, V|R|W|X|A|D
  la t0, level0
  MAP root, 0x100, t0, V
  # Level 0: page 0 over `data` (read and write), page 1 over `data` read-only,
  # page 2 invalid (left zero).
  la t0, data
  MAP level0, 0, t0, V|R|W|A|D
  la t0, data
  MAP level0, 1, t0, V|R|A
  la t0, root
  srli t0, t0, 12
  li t1, 0x80000000
  or t0, t0, t1
  csrw satp, t0
  # Enter S with the FPU on (mstatus.FS = Initial).
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x0800 | (1 << 13)
  csrs mstatus, t0
  la t0, super
  csrw mepc, t0
  li TEST, 2
  mret

super:
  sfence.vma
  li a5, PAGE(0)
  flw fa0, 0(a5)                   # 1.0f
  fmv.x.w a0, fa0
  CHECK 3, a0, 0x3f800000
  fld fa1, 8(a5)                   # 2.0
  fcvt.w.d a0, fa1
  CHECK 4, a0, 2
  fsw fa0, 16(a5)
  la t0, data                      # read back through the identity superpage
  lw a0, 16(t0)
  CHECK 5, a0, 0x3f800000
  fsd fa1, 24(a5)
  la t0, data
  lw a0, 24(t0)
  CHECK 6, a0, 0
  lw a0, 28(t0)
  CHECK 7, a0, 0x40000000
  li a5, PAGE(1)                   # read-only: loads work, stores fault
  flw fa2, 0(a5)
  fmv.x.w a0, fa2
  CHECK 8, a0, 0x3f800000
  FAULTS 9, 15, PAGE(1) + 4, fsw fa0, 4(a5)
  FAULTS 10, 15, PAGE(1) + 8, fsd fa1, 8(a5)
  li a5, PAGE(2)                   # invalid: every access faults
  FAULTS 11, 13, PAGE(2) + 4, flw fa0, 4(a5)
  FAULTS 12, 13, PAGE(2) + 8, fld fa0, 8(a5)
  FAULTS 13, 15, PAGE(2), fsw fa0, 0(a5)
  FAULTS 14, 15, PAGE(2) + 16, fsd fa0, 16(a5)
  li TEST, 15
  li s1, 9                         # ecall from S ends the S part
  li s2, 3
  li s5, 0
  li s4, 0
  ecall
  beqz s4, fail
  li s2, 0
  csrw satp, zero
  j pass

  .balign 4, 0      # the handler must be 4-byte aligned for mtvec
m_handler:
  li t0, 3
  bne s2, t0, fail
  csrr t0, mcause
  bne t0, s1, fail
  csrr t0, mtval
  bne t0, s5, fail
  li s4, 1
  li t0, 9                   # ecall from S: resume in M after it
  bne s1, t0, 1f
  li t0, 0x1800
  csrs mstatus, t0
1:csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret

TEST_END

  .data
  .align 12
root: .zero 4096
level0: .zero 4096
data: .word 0x3f800000, 0, 0, 0x40000000, 0, 0, 0, 0
  .zero 4096 - 32
