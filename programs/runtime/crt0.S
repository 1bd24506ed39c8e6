/*
 * crt0.S - process entry for a static riscv32 Linux executable.
 *
 * The kernel (or emu, or qemu-riscv32) starts _start with this stack:
 *
 *   sp -> argc
 *         argv[0] .. argv[argc-1], NULL
 *         envp[0] .. , NULL
 *         auxv pairs .., AT_NULL
 *
 * and every other register zero (except sp; a0 may hold a function to
 * register with atexit when a dynamic loader ran, never in a static
 * program, so it is ignored). .bss is already zero: the kernel maps it
 * from anonymous memory, so nothing is cleared here.
 */
	.section .text._start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	/* gp must be set before any relaxed access; relaxation is off for
	 * this one sequence, or the linker would turn it into "mv gp, gp". */
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop

	/* Keep the initial stack pointer: argc and argv are read from it. */
	mv s3, sp

	/* The psABI wants a 16-byte aligned sp at calls; Linux gives one
	 * already, this only guards against a loader that does not. */
	andi sp, sp, -16

	/* tp must point at this thread's copy of the TLS image (errno
	 * lives there) before any C code that may fail runs; see tls.c. */
	call __emu_init_tls

	lw s0, 0(s3)            /* s0 = argc */
	addi s1, s3, 4          /* s1 = argv */
	slli t0, s0, 2
	add s2, s1, t0
	addi s2, s2, 4          /* s2 = envp = &argv[argc + 1] */

	/* getenv() reads picolibc's environ. */
	la t0, environ
	sw s2, 0(t0)

	/* Run constructors (.preinit_array, .init_array); the destructors
	 * run from exit(). s0..s3 are callee-saved, so they survive. */
	call __libc_init_array

	mv a0, s0
	mv a1, s1
	mv a2, s2
	call main
	call exit               /* never returns */
1:	j 1b
	.size _start, . - _start
