/*
 * illegal.c - executes an illegal instruction.
 *
 * Prints "before illegal instruction" (flushed), then runs the all-zero
 * word, which every RISC-V implementation must treat as illegal (the
 * ISA reserves it so that jumping into zeroed memory traps). Linux
 * delivers SIGILL: the shell reports exit status 132 (128 + 4).
 */
#include <stdio.h>

int
main(void)
{
	puts("before illegal instruction");
	fflush(stdout);
	__asm__ volatile(".word 0x00000000");
	puts("after illegal instruction (not reached)");
	return 0;
}
