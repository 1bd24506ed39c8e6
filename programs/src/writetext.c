/*
 * writetext.c - stores into its own code.
 *
 * Prints "before write to text" (flushed), then writes a word over the
 * first instruction of main. The text segment is mapped read-execute,
 * so Linux delivers SIGSEGV: exit status 139 (128 + 11).
 */
#include <stdint.h>
#include <stdio.h>

int
main(void)
{
	volatile uint32_t *code = (volatile uint32_t *)(uintptr_t)&main;
	/* Keep GCC from reasoning about a store to a function. */
	__asm__ volatile("" : "+r"(code));
	puts("before write to text");
	fflush(stdout);
	*code = 0x00000013; /* nop */
	puts("after write to text (not reached)");
	return 0;
}
