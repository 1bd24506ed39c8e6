# Sv32 (privileged spec §10.3): a two-level walk, a 4 MiB identity superpage for the
# code, 4 KiB pages with every permission case, the hardware A/D update, SUM, MXR, MPRV,
# and every page-fault kind with its cause and tval; misaligned superpages, a leaf
# missing at level 0, W without R, invalid entries; SFENCE.VMA.
#include "conformance.h"
  .option norelax   # no linker relaxation: it could move the handlers off their alignment

#define VA 0x40000000           /* vpn1 = 0x100: through the level-0 table */
#define PAGE(n) (VA + (n) * 0x1000)
#define MISALIGNED 0x40400000   /* vpn1 = 0x101: a superpage whose PPN[0] is 1 */
#define V 1
#define R 2
#define W 4
#define X 8
#define U 16
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
  li t2, \index * 4        # the offset may not fit a 12-bit immediate
  add t1, t1, t2
  sw \reg, 0(t1)
.endm

TEST_BEGIN
  .option norvc
  EXPECT_TRAPS_AT m_handler
  li s2, 0
  # Root: the code's superpage (identity, S only), the level-0 table, a misaligned superpage.
  li t0, 0x80000000
  MAP root, 0x200, t0, V|R|W|X|A|D
  la t0, level0
  MAP root, 0x100, t0, V
  li t0, 0x80001000
  MAP root, 0x101, t0, V|R|W|A|D
  # Level 0: pages 0-7 over `data` with these permissions.
  la t0, data
  MAP level0, 0, t0, V|R|W|U|A|D     # a user page
  la t0, data
  MAP level0, 1, t0, V|R             # read-only, A clear
  la t0, data
  MAP level0, 2, t0, V|X|A           # execute-only
  la t0, level0                      # 3: invalid (left zero)
  la t0, data
  MAP level0, 4, t0, V|W|A|D         # W without R: reserved
  la t0, data
  MAP level0, 5, t0, V|R|W|A         # writable, D clear
  la t0, level0
  MAP level0, 6, t0, V               # a pointer at level 0: no leaf
  # satp: Sv32, root; the ASID field is hardwired to zero.
  la t0, root
  srli t0, t0, 12
  li t1, 0x80000000 | (0x1FF << 22)
  or t0, t0, t1
  csrw satp, t0
  csrr a0, satp
  li t1, 0x803FFFFF
  and t0, t0, t1
  CHECK_REG 2, a0, t0
  # Enter S.
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x0800
  csrs mstatus, t0
  la t0, super
  csrw mepc, t0
  li TEST, 3
  mret

super:
  sfence.vma
  li a5, PAGE(0)
  FAULTS 4, 13, PAGE(0), lw a0, 0(a5)      # a U page from S without SUM
  FAULTS 5, 15, PAGE(0) + 8, sw a0, 8(a5)
  li t0, 1 << 18                           # SUM: S may load and store U pages
  csrs sstatus, t0
  lw a0, 0(a5)
  CHECK 6, a0, 0x5a5a
  li a1, 0x77
  sw a1, 4(a5)
  la t0, data
  lw a0, 4(t0)                             # through the identity superpage
  CHECK 7, a0, 0x77
  li t0, 1 << 18
  csrc sstatus, t0
  li a5, PAGE(1)                           # read-only, A clear
  lw a0, 0(a5)
  CHECK 8, a0, 0x5a5a
  la t0, level0
  lw a0, 4(t0)
  andi a0, a0, A|D
  CHECK 9, a0, A                           # the walk set A (not D: a load)
  FAULTS 10, 15, PAGE(1) + 4, sw a0, 4(a5)   # no W
  FAULTS 11, 15, PAGE(1), amoadd.w a0, a0, (a5)  # an AMO needs W
  li a5, PAGE(2)                           # execute-only
  FAULTS 12, 13, PAGE(2), lw a0, 0(a5)
  li t0, 1 << 19                           # MXR: executable pages are readable
  csrs sstatus, t0
  lw a0, 0(a5)
  CHECK 13, a0, 0x5a5a
  li t0, 1 << 19
  csrc sstatus, t0
  li a5, PAGE(3)
  FAULTS 14, 13, PAGE(3) + 12, lw a0, 12(a5)   # invalid
  FAULTS 15, 15, PAGE(3), sw a0, 0(a5)
  li a5, PAGE(4)
  FAULTS 16, 13, PAGE(4), lw a0, 0(a5)     # W without R is reserved
  FAULTS 17, 15, PAGE(4), sw a0, 0(a5)
  li a5, PAGE(5)                           # writable, D clear
  li a1, 0x99
  sw a1, 8(a5)
  la t0, level0
  lw a0, 20(t0)
  andi a0, a0, A|D
  CHECK 18, a0, A|D                        # a store sets D
  li a5, PAGE(6)
  FAULTS 19, 13, PAGE(6), lw a0, 0(a5)     # no leaf at level 0
  li a5, MISALIGNED
  FAULTS 20, 13, MISALIGNED + 16, lw a0, 16(a5)   # superpage with PPN[0] != 0
  li a5, PAGE(7)                           # beyond the filled entries: invalid
  FAULTS 21, 13, PAGE(7), lw a0, 0(a5)
  # A fetch from a page without X (tval = the target), and a misaligned load that
  # crosses into a page with no leaf (tval = the first byte of that page).
  li a5, PAGE(1)
  FAULTS 22, 12, PAGE(1), jalr ra, 0(a5)
  li a5, PAGE(6) - 2
  FAULTS 23, 13, PAGE(6), lw a0, 0(a5)
  li TEST, 24
  li s1, 9                                 # ecall from S ends the S part
  li s2, 3
  li s5, 0
  li s4, 0
  ecall
  beqz s4, fail
  li s2, 0
  # Back in M (the handler set MPP = M for an ecall): MPRV with MPP = S makes loads
  # translated while fetches stay physical.
  li t0, 0x1800
  csrc mstatus, t0
  li t0, (1 << 17) | 0x0800
  csrs mstatus, t0
  li a5, PAGE(1)
  lw a0, 0(a5)
  CHECK 25, a0, 0x5a5a
  li a5, PAGE(3)
  FAULTS 26, 13, PAGE(3), lw a0, 0(a5)
  li t0, 1 << 17
  csrc mstatus, t0
  csrw satp, zero
  j pass

  .balign 4, 0      # the handlers must be 4-byte aligned for mtvec and stvec
m_handler:
  li t0, 3
  bne s2, t0, fail
  csrr t0, mcause
  bne t0, s1, fail
  csrr t0, mtval
  bne t0, s5, fail
  li s4, 1
  li t0, 12                  # a fetch fault: resume at the return address
  bne s1, t0, 1f
  csrw mepc, ra
  mret
1:li t0, 9                   # ecall from S: resume in M after it
  bne s1, t0, 2f
  li t0, 0x1800
  csrs mstatus, t0
2:csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret

TEST_END

  .data
  .align 12
root: .zero 4096
level0: .zero 4096
data: .word 0x5a5a, 0, 0, 0
  .zero 4096 - 16
