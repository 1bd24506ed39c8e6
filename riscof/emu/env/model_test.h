/* emu as the device under test of riscv-arch-test: the RVMODEL_* hooks that the
 * test macros (arch_test.h) expand. emu runs the binary in machine mode
 * (`emu test --signature FILE`), ends the run when the test stores to `tohost`, and then
 * writes the words from begin_signature to end_signature to FILE. */
#ifndef EMU_MODEL_TEST_H
#define EMU_MODEL_TEST_H

/* No special boot: emu starts at the ELF entry in machine mode with mtvec unset. */
#define RVMODEL_BOOT

/* Halt: report a pass to the HTIF tohost word (any store there ends emu's run), then
 * spin in case the host does not stop at once. */
#define RVMODEL_HALT                \
  li x1, 1;                         \
  la x2, tohost;                    \
  sw x1, 0(x2);                     \
emu_halt_loop:                      \
  j emu_halt_loop;

/* The signature region: a 16-byte aligned start; the end is where the test's data ends,
 * unaligned, as in the reference models' environments (aligning it added one to three
 * zero words that Sail's and Spike's signatures do not have). The tohost/fromhost pair
 * lives in its own section (link.ld puts it on its own page). */
#define RVMODEL_DATA_BEGIN          \
  .pushsection .tohost, "aw", @progbits; \
  .align 8; .global tohost; tohost: .dword 0; \
  .align 8; .global fromhost; fromhost: .dword 0; \
  .popsection;                      \
  .align 4; .global begin_signature; begin_signature:

#define RVMODEL_DATA_END            \
  .global end_signature; end_signature:

/* No console and no interrupt controller: the I/O and interrupt hooks do nothing. */
#define RVMODEL_IO_INIT
#define RVMODEL_IO_WRITE_STR(_R, _STR)
#define RVMODEL_IO_CHECK()
#define RVMODEL_IO_ASSERT_GPR_EQ(_S, _R, _I)
#define RVMODEL_IO_ASSERT_SFPR_EQ(_F, _R, _I)
#define RVMODEL_IO_ASSERT_DFPR_EQ(_D, _R, _I)
#define RVMODEL_SET_MSW_INT
#define RVMODEL_CLEAR_MSW_INT
#define RVMODEL_CLEAR_MTIMER_INT
#define RVMODEL_CLEAR_MEXT_INT

#endif
