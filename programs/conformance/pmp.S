# PMP (privileged spec §3.7): pmpaddr's width, locked entries and their addresses
# ignoring writes, TOR and NA4 matching, priority of the lowest-numbered matching entry,
# S/U accesses checked against R, W and X, M-mode accesses checked only once an entry is
# locked, and the faults' causes and mtval. What the spec leaves to implementations is
# not checked (how W without R reads back; whether a misaligned access that spans two
# entries is checked whole or byte by byte), so the file passes on Spike and QEMU too.
#include "conformance.h"
  .option norelax
  .option norvc             # the handler skips 4-byte instructions

# s1: the expected cause; s5: the expected mtval; s4: set to 1 by the handler.
TEST_BEGIN
  EXPECT_TRAPS_AT m_handler
  li t0, 0x12345678         # pmpaddr holds address bits 33:2, all 32 bits
  csrw pmpaddr5, t0
  csrr a0, pmpaddr5
  CHECK 2, a0, 0x12345678
  csrw pmpaddr5, zero
  # Entry 0: TOR [0, word) RWX. Entry 1: NA4 at word, R only. Entry 2: TOR [word, 2^34)
  # RWX, which entry 1 takes precedence over for word's 4 bytes.
  la a1, word
  srli t1, a1, 2
  csrw pmpaddr0, t1
  csrw pmpaddr1, t1
  li t2, -1
  csrw pmpaddr2, t2
  li t0, 0x0F | (0x11 << 8) | (0x0F << 16)
  csrw pmpcfg0, t0
  li t0, 5                  # M-mode, no entry locked: not checked
  sw t0, 0(a1)
  lw a0, 0(a1)
  CHECK 4, a0, 5
  mv s5, a1
  li t0, 0x1800             # MRET into U
  csrc mstatus, t0
  la t0, user
  csrw mepc, t0
  li TEST, 5
  mret

user:
  lw a0, 0(a1)              # R: allowed
  CHECK 6, a0, 5
  li TEST, 7                # W = 0: store access fault, mtval the address
  li s1, 7
  li s4, 0
  sw zero, 0(a1)
  beqz s4, fail
  lw a0, 0(a1)
  CHECK 8, a0, 5
  li TEST, 9                # X = 0: instruction access fault at word (the handler
  li s1, 1                  # resumes at word + 4, which returns)
  li s4, 0
  jalr ra, 0(a1)
  beqz s4, fail
  li TEST, 11
  ecall                     # back to M

machine_again:
  li t0, 0x80 << 8          # lock entry 1: now M-mode is held to it too
  csrs pmpcfg0, t0
  li TEST, 12
  li s1, 7
  li s4, 0
  sw zero, 0(a1)
  beqz s4, fail
  lw a0, 0(a1)              # R is still granted
  CHECK 13, a0, 5
  csrw pmpaddr1, zero       # a locked entry's address and configuration ignore writes
  csrr a0, pmpaddr1
  srli t1, a1, 2
  CHECK_REG 14, a0, t1
  li t0, 0xFF << 8
  csrc pmpcfg0, t0
  csrr a0, pmpcfg0
  srli a0, a0, 8
  andi a0, a0, 0xFF
  CHECK 15, a0, 0x91
  j pass

  .align 2
m_handler:
  csrr t3, mcause
  li t4, 8
  beq t3, t4, 1f            # ecall from U: continue in M
  bne t3, s1, fail
  csrr t3, mtval
  bne t3, s5, fail
  li s4, 1
  csrr t3, mepc
  addi t3, t3, 4
  csrw mepc, t3
  mret
1:
  li t3, 0x1800
  csrs mstatus, t3
  la t3, machine_again
  csrw mepc, t3
  mret

  .align 2
word:
  .word 0x00000013          # data the test reads and writes; never fetched (X = 0)
  jalr zero, 0(ra)          # where the fetch fault's handler resumes

TEST_END
