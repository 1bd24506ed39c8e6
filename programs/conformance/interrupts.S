# Interrupts (privileged spec §3.1.9, §10.1.3): software-raised supervisor software and
# timer interrupts, taken in M or (delegated) in S by the global-enable rules, their
# cause (interrupt bit set) and epc, priority between them, and WFI.
#include "conformance.h"
  .option norelax   # no linker relaxation: it could move the handlers off their alignment

#define SSIP 2
#define STIP 32

# s1: the expected mcause/scause; s2: the mode that must take it (1 = S, 3 = M);
# s4: the number of interrupts taken so far.
TEST_BEGIN
  .option norvc
  EXPECT_TRAPS_AT m_handler
  la t0, s_handler
  csrw stvec, t0
  li s2, 0
  li s4, 0
  li t0, 0x0888
  csrc mstatus, t0          # MIE = MPIE = 0... and SIE
  csrci mstatus, 2
  csrwi mip, SSIP           # pending, but mie.SSIE = 0
  nop
  CHECK_REG 2, s4, zero
  csrwi mie, SSIP           # enabled, but M with MIE = 0
  nop
  CHECK_REG 3, s4, zero
  csrr a0, mip
  CHECK 4, a0, SSIP
  li s1, 0x80000001
  li s2, 3
  li TEST, 5
  csrsi mstatus, 8          # MIE: taken now, before the next instruction
taken1:
  li s2, 0
  li t0, 1
  CHECK_REG 6, s4, t0
  csrr a0, mepc
  la t0, taken1
  CHECK_REG 7, a0, t0
  csrr a0, mstatus          # the handler's MRET restored MIE from MPIE
  andi a0, a0, 8
  CHECK 8, a0, 8
  # Priority: SSI before STI when both are pending (§3.1.9).
  csrci mstatus, 8
  li t0, SSIP | STIP
  csrs mie, t0
  csrs mip, t0
  li s1, 0x80000001
  li s2, 3
  li TEST, 9
  csrsi mstatus, 8          # SSI is taken; its handler clears SSIP, then STI is taken
  nop
  li s2, 0
  li t0, 3
  CHECK_REG 10, s4, t0
  csrci mstatus, 8
  # Delegated to S: never taken in M, whatever MIE says.
  li t0, SSIP | STIP
  csrw mideleg, t0
  csrsi mstatus, 8
  csrwi mip, SSIP
  nop
  li t0, 3
  CHECK_REG 11, s4, t0
  csrr a0, sip              # sip shows it (delegated)
  CHECK 12, a0, SSIP
  # Into S with SIE = 0: pending, not taken; SIE = 1: taken in S.
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x0800
  csrs mstatus, t0
  la t0, super
  csrw mepc, t0
  li TEST, 13
  mret
super:
  nop
  li t0, 3
  CHECK_REG 14, s4, t0
  li s1, 0x80000001
  li s2, 1
  li TEST, 15
  csrsi sstatus, 2
taken2:
  li s2, 0
  li t0, 4
  CHECK_REG 16, s4, t0
  csrr a0, sepc
  la t0, taken2
  CHECK_REG 17, a0, t0
  # U takes a delegated interrupt whatever SIE says. sip.SSIP is writable from S.
  csrci sstatus, 2
  li t0, 0x100
  csrc sstatus, t0
  la t0, user
  csrw sepc, t0
  csrsi sip, SSIP           # pending again; S has SIE = 0
  nop
  li t0, 4
  CHECK_REG 18, s4, t0
  li s1, 0x80000001
  li s2, 1
  li TEST, 19
  sret                      # into U: taken before the first user instruction
user:
  li s2, 0
  li t0, 5
  CHECK_REG 20, s4, t0
  li TEST, 21
  li s1, 8                  # ecall from U (not delegated) ends the test in M
  li s2, 3
final_ecall:
  ecall
  j fail

  .balign 4, 0      # the handlers must be 4-byte aligned for mtvec and stvec
m_handler:
  li t0, 3
  bne s2, t0, fail
  csrr t0, mcause
  li t1, 8
  beq t0, t1, 3f            # the final ecall
  bne t0, s1, fail
  addi s4, s4, 1
  li t0, 0x80000001         # after SSI, STI is next (test 9)
  bne s1, t0, 1f
  csrci mip, SSIP
  li s1, 0x80000005
  mret
1:li t0, STIP
  csrc mip, t0
  mret
3:csrr a0, mepc
  la t1, final_ecall
  CHECK_REG 22, a0, t1
  j pass

  .balign 4, 0      # the handlers must be 4-byte aligned for mtvec and stvec
s_handler:
  li t0, 1
  bne s2, t0, fail
  csrr t0, scause
  bne t0, s1, fail
  addi s4, s4, 1
  csrci sip, SSIP
  sret
TEST_END
