/*
 * memory.c - brk and mmap past --memory: one huge request each, then
 * 1 MiB mappings until the first failure. Prints the bytes it got;
 * the test runs it with --memory and checks the total stays below it.
 */
#include "escape.h"

#define MIB (1024L * 1024L)

int
main(void)
{
	require_emu();
	long start = linux_syscall1(SYS_brk, 0);
	long grown = linux_syscall1(SYS_brk, start + 1024 * MIB);
	report("brk +1 GiB refused", grown == start ? 0 : -1);
	grown = linux_syscall1(SYS_brk, 0xFFFFF000L);
	report("brk to 0xfffff000 refused", grown == start ? 0 : -1);
	report("mmap 1 GiB", linux_syscall6(NR_mmap2, 0, 1024 * MIB, 3, 0x22, -1, 0));
	report("mmap 0xfffff000", linux_syscall6(NR_mmap2, 0, 0xFFFFF000L, 3, 0x22, -1, 0));
	report("mmap MAP_FIXED at 0", linux_syscall6(NR_mmap2, 0, 4096, 3, 0x32, -1, 0));
	report("mmap MAP_FIXED at 0xfffff000", linux_syscall6(NR_mmap2, 0xFFFFF000L, 4096, 3, 0x32, -1, 0));
	long total = 0, last = 0;
	for (int i = 0; i < 4096; i++) {
		last = linux_syscall6(NR_mmap2, 0, MIB, 3, 0x22, -1, 0);
		if ((unsigned long)last > (unsigned long)-4096)
			break;
		/* Touch every page: the memory is really used. */
		for (long p = 0; p < MIB; p += 4096)
			((volatile char *)last)[p] = 1;
		total += MIB;
	}
	report("mmap 1 MiB until failure", last);
	printf("mmap total MiB: %ld\n", total / MIB);
	long heap = 0;
	for (int i = 0; i < 4096; i++) {
		long end = linux_syscall1(SYS_brk, 0);
		if (linux_syscall1(SYS_brk, end + MIB) == end)
			break;
		heap += MIB;
	}
	printf("brk total MiB: %ld\n", heap / MIB);
	fflush(stdout);
	return 0;
}
