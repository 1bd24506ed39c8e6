/*
 * nullderef.c - reads from address 0.
 *
 * Prints "before null dereference" (flushed), then loads a word from
 * address 0, which no Linux process maps. Linux delivers SIGSEGV: exit
 * status 139 (128 + 11).
 */
#include <stdio.h>

int
main(void)
{
	volatile int *p = NULL;
	/* Hide the constant from the optimizer: GCC may turn a load from a
	 * known null pointer into a trap instruction (SIGILL, not SIGSEGV). */
	__asm__ volatile("" : "+r"(p));
	puts("before null dereference");
	fflush(stdout);
	int value = *p;
	printf("read %d (not reached)\n", value);
	return 0;
}
