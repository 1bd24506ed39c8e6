# Vectored trap vectors (privileged spec §3.1.7, §10.1.2): mtvec and stvec keep MODE 1
# (vectored) and read a reserved MODE (2, 3) back as direct with the same BASE; in
# vectored mode an interrupt jumps to BASE + 4 x cause and an exception to BASE, in M
# and (delegated) in S.
#include "conformance.h"
  .option norelax   # no linker relaxation: it could move the tables off their alignment

#define SSIP 2
#define STIP 32

# s1: the expected mcause/scause; s5: the table slot that must take it; s3: the slot
# that did; s4: traps taken so far; s6: set for the last ecall, which ends the test.
TEST_BEGIN
  .option norvc     # every table slot is one 4-byte jump
  la t0, m_table
  ori t1, t0, 1
  csrw mtvec, t1
  csrr a0, mtvec
  CHECK_REG 2, a0, t1       # MODE 1 is kept
  ori t1, t0, 2
  csrw mtvec, t1
  csrr a0, mtvec
  CHECK_REG 3, a0, t0       # MODE 2 is reserved: direct, same BASE
  ori t1, t0, 3
  csrw mtvec, t1
  csrr a0, mtvec
  CHECK_REG 4, a0, t0       # MODE 3 likewise
  la t0, s_table
  ori t1, t0, 1
  csrw stvec, t1
  csrr a0, stvec
  CHECK_REG 5, a0, t1
  ori t1, t0, 2
  csrw stvec, t1
  csrr a0, stvec
  CHECK_REG 6, a0, t0
  ori t1, t0, 1
  csrw stvec, t1            # both vectored from here on
  la t0, m_table
  ori t0, t0, 1
  csrw mtvec, t0
  li s4, 0
  li s6, 0
  # An exception goes to BASE, not BASE + 4 x 11.
  li s1, 11
  li s5, 0
  li TEST, 7
  ecall
  li t0, 1
  CHECK_REG 8, s4, t0
  # Supervisor software interrupt (1) in M: BASE + 4.
  li t0, SSIP | STIP
  csrw mie, t0
  li s1, 0x80000001
  li s5, 1
  li TEST, 9
  csrwi mip, SSIP
  csrsi mstatus, 8          # MIE: taken now
  csrci mstatus, 8
  li t0, 2
  CHECK_REG 10, s4, t0
  # Supervisor timer interrupt (5) in M: BASE + 20.
  li s1, 0x80000005
  li s5, 5
  li TEST, 11
  li t0, STIP
  csrs mip, t0
  csrsi mstatus, 8
  csrci mstatus, 8
  li t0, 3
  CHECK_REG 12, s4, t0
  # Delegated to S: SSI taken as U starts goes to stvec's BASE + 4, a delegated ecall
  # from U to stvec's BASE.
  li t0, SSIP
  csrw mideleg, t0
  li t0, 1 << 8
  csrw medeleg, t0
  li t0, 0x1800
  csrc mstatus, t0          # MPP = U
  la t0, user
  csrw mepc, t0
  li s1, 0x80000001
  li s5, 1
  li TEST, 13
  csrwi mip, SSIP           # pending, delegated: not taken in M
  mret
user:
  li t0, 4
  CHECK_REG 14, s4, t0
  li s1, 8
  li s5, 0
  li TEST, 15
  ecall
  li t0, 5
  CHECK_REG 16, s4, t0
  li s6, 1                  # the last one: S passes it on to M with an ecall from S
  li TEST, 17
  ecall
  j fail

  .balign 64, 0
m_table:
  j m_exception             # 0: every exception
  j m_slot1                 # 1: supervisor software
  j fail
  j fail                    # 3: machine software
  j fail
  j m_slot5                 # 5: supervisor timer
  j fail
  j fail                    # 7: machine timer
  j fail
  j fail                    # 9: supervisor external
  j fail
  j fail                    # 11: machine external
m_exception:
  li s3, 0
  j m_common
m_slot1:
  li s3, 1
  j m_common
m_slot5:
  li s3, 5
m_common:
  csrr t0, mcause
  bne t0, s1, fail
  bne s3, s5, fail
  addi s4, s4, 1
  bnez s6, m_last
  li t1, SSIP | STIP
  csrc mip, t1
  bltz t0, 1f               # an interrupt returns to the interrupted instruction
  csrr t1, mepc
  addi t1, t1, 4
  csrw mepc, t1
1:mret
m_last:
  li t0, 7
  CHECK_REG 18, s4, t0
  j pass

  .balign 64, 0
s_table:
  j s_exception
  j s_slot1
  j fail
  j fail
  j fail
  j fail
  j fail
  j fail
  j fail
  j fail
s_exception:
  li s3, 0
  j s_common
s_slot1:
  li s3, 1
s_common:
  csrr t0, scause
  bne t0, s1, fail
  bne s3, s5, fail
  addi s4, s4, 1
  bnez s6, s_last
  csrci sip, SSIP
  bltz t0, 1f
  csrr t1, sepc
  addi t1, t1, 4
  csrw sepc, t1
1:sret
s_last:
  li s1, 9                  # ecall from S, not delegated: to mtvec's BASE
  li s5, 0
  ecall
  j fail
TEST_END
