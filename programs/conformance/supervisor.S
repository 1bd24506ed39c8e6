# S-mode (privileged spec §10): misa.S, medeleg/mideleg WARL, MPP WARL, entry to S
# through MRET, delegation of exceptions to S, SRET into U, the privilege rules for
# CSRs, SRET, WFI and SFENCE.VMA, scounteren, and the TSR/TVM/TW traps.
#include "conformance.h"
  .option norelax   # no linker relaxation: it could move the handlers off their alignment

# s1: the expected cause; s2: the mode that must take it (1 = S, 3 = M, 0 = none);
# s3: where M resumes (in M) instead of skipping the instruction (0 = skip);
# s4: set to 1 by a handler, so a check can tell the trap happened;
# s6: mepc of the last trap M resumed from at s3.
.macro TRAPS n, cause, mode, insn:vararg
  li TEST, \n
  li s1, \cause
  li s2, \mode
  li s4, 0
  \insn
  beqz s4, fail
  li s2, 0
.endm

TEST_BEGIN
  .option norvc             # the handlers skip 4-byte instructions
  EXPECT_TRAPS_AT m_handler
  la t0, s_handler
  csrw stvec, t0
  li s2, 0
  li s3, 0
  csrr a0, misa             # misa.S (bit 18)
  srli a0, a0, 18
  andi a0, a0, 1
  CHECK 2, a0, 1
  li t0, -1                 # medeleg: ecall from M (11) and the reserved 10, 14 stay 0
  csrw medeleg, t0
  csrr a0, medeleg
  CHECK 3, a0, 0xB3FF
  csrw mideleg, t0          # mideleg: only the supervisor interrupts
  csrr a0, mideleg
  CHECK 4, a0, 0x222
  csrw mideleg, zero
  li t0, (1 << 3) | (1 << 8)  # delegate breakpoint and ecall from U
  csrw medeleg, t0
  li t0, 0x1800             # MPP = 2 is reserved: it reads back as U
  csrc mstatus, t0
  li t0, 0x1000
  csrs mstatus, t0
  csrr a0, mstatus
  srli a0, a0, 11
  andi a0, a0, 3
  CHECK 5, a0, 0
  li t0, 0x0800             # MPP = S, then MRET enters S
  csrs mstatus, t0
  la t0, super
  csrw mepc, t0
  li TEST, 6
  mret

super:
  TRAPS 7, 2, 3, csrr a0, mstatus   # a machine CSR from S: illegal, not delegated
  TRAPS 8, 3, 1, ebreak             # delegated: taken in S
  li t0, 0x1234
  csrw sscratch, t0
  csrr a0, sscratch
  CHECK 9, a0, 0x1234
  csrr a0, satp
  CHECK 10, a0, 0
  TRAPS 11, 2, 3, rdcycle a0        # mcounteren.CY = 0
  csrsi sstatus, 2                  # sstatus.SIE is mstatus.SIE
  csrr a0, sstatus
  andi a0, a0, 2
  CHECK 12, a0, 2
  csrci sstatus, 2
  li t0, 0x222                      # sie: nothing delegated, nothing writable
  csrw sie, t0
  csrr a0, sie
  CHECK 13, a0, 0
  li t0, 0x100                      # SPP = U, then SRET enters U
  csrc sstatus, t0
  la t0, user
  csrw sepc, t0
  li TEST, 14
  sret

user:
  TRAPS 15, 2, 3, csrr a0, sstatus  # a supervisor CSR from U
  TRAPS 16, 2, 3, sret
  TRAPS 17, 2, 3, wfi
  TRAPS 18, 2, 3, sfence.vma
  TRAPS 19, 8, 1, ecall             # delegated: taken in S, which returns here
  TRAPS 20, 2, 3, rdcycle a0        # mcounteren.CY = 0
  # Back to M through an illegal instruction that M resumes from at `in_m`.
  li TEST, 21
  li s1, 2
  li s2, 3
  la s3, in_m
  .word 0
  j fail

in_m:
  li s2, 0
  csrr a0, mtval            # the instruction bits
  CHECK 22, a0, 0
  la t0, in_m               # the illegal word, two instructions back
  addi t0, t0, -8
  CHECK_REG 23, s6, t0
  li t0, 1                  # mcounteren.CY = 1, scounteren.CY = 0: U still may not
  csrw mcounteren, t0
  csrw scounteren, zero
  li t0, 0x1800
  csrc mstatus, t0          # MPP = U
  la t0, user2
  csrw mepc, t0
  li TEST, 24
  mret
user2:
  TRAPS 25, 2, 3, rdcycle a0
  li TEST, 26
  li s1, 2
  li s2, 3
  la s3, tsr
  .word 0
  j fail

  # TSR, TVM and TW (§3.1.6.6): SRET, satp, SFENCE.VMA and WFI trap from S.
tsr:
  li s2, 0
  li t0, (1 << 22) | (1 << 21) | (1 << 20)
  csrs mstatus, t0
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x0800
  csrs mstatus, t0
  la t0, super2
  csrw mepc, t0
  li TEST, 27
  mret
super2:
  rdcycle a0                        # mcounteren.CY = 1: S may
  TRAPS 28, 2, 3, sret
  TRAPS 29, 2, 3, csrr a0, satp
  TRAPS 30, 2, 3, csrw satp, zero
  TRAPS 31, 2, 3, sfence.vma
  TRAPS 32, 2, 3, wfi
  li TEST, 33
  li s1, 9                          # ecall from S: not delegated
  li s2, 3
  la s3, done
  ecall
  j fail
done:
  li t0, (1 << 22) | (1 << 21) | (1 << 20)
  csrc mstatus, t0
  wfi                               # M: completes
  j pass

  .balign 4, 0      # the handlers must be 4-byte aligned for mtvec and stvec
m_handler:
  li t0, 3
  bne s2, t0, fail          # this trap should not have reached M
  csrr t0, mcause
  bne t0, s1, fail
  li s4, 1
  beqz s3, 1f
  csrr s6, mepc             # kept for the check after the resumption
  csrw mepc, s3             # resume in M at s3
  li s3, 0
  li t0, 0x1800
  csrs mstatus, t0
  mret
1:csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret

  .balign 4, 0      # the handlers must be 4-byte aligned for mtvec and stvec
s_handler:
  li t0, 1
  bne s2, t0, fail          # this trap should not have reached S
  csrr t0, scause
  bne t0, s1, fail
  li s4, 1
  csrr t0, sepc
  addi t0, t0, 4
  csrw sepc, t0
  sret
TEST_END
