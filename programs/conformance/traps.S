# Trap kinds (privileged spec §3.1.15) and their mcause/mepc/mtval, MRET,
# U-mode entry, and illegal CSR access from U-mode.
#include "conformance.h"
TEST_BEGIN
  .option norvc             # the handler skips 4-byte instructions
  EXPECT_TRAPS_AT handler
  li s1, 3                  # expect breakpoint
  li TEST, 2
t_ebreak: ebreak
  li s1, 11                 # expect ecall from M
  li TEST, 3
t_ecallm: ecall
  li s1, 2                  # expect illegal instruction
  li TEST, 4
t_illegal: .word 0xffffffff
  li s1, 2                  # absent CSR is illegal
  li TEST, 5
t_csr: csrr a0, 0x7c0
  li s1, 5                  # load access fault (outside memory)
  li TEST, 6
  li a0, 0x10
t_load: lw a1, 0(a0)
  li s1, 7                  # store access fault
  li TEST, 7
t_store: sw a1, 0(a0)
  # Into U-mode: MPP = 0, mret to user code.
  li TEST, 8
  li t0, 0x1800
  csrc mstatus, t0
  la t0, user
  csrw mepc, t0
  mret
user:
  li s1, 2                  # mstatus is not accessible from U-mode
  li TEST, 9
t_ucsr: csrr a0, mstatus
  li s1, 8                  # ecall from U
  li TEST, 10
t_ecallu: ecall
  j fail
after_user:
  csrr a0, mstatus          # back in M-mode: MPP recorded U (0)
  srli a0, a0, 11
  andi a0, a0, 3
  CHECK 11, a0, 0
  j pass

  .align 2
handler:
  csrr t0, mcause
  bne t0, s1, fail
  csrr t1, mepc
  li t0, 8
  bne s1, t0, 1f
  la t0, t_ecallu           # ecall from U ends the user part
  bne t1, t0, fail
  la t0, after_user
  li t2, 0x1800
  csrs mstatus, t2          # stay in M-mode after mret
  csrw mepc, t0
  mret
1:addi t1, t1, 4            # skip the faulting instruction
  csrw mepc, t1
  mret
TEST_END
