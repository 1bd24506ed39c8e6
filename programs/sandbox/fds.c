/*
 * fds.c - open() in a loop past --max-fds, then dup and dup3 past it.
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	long count = 0, last = 0;
	for (int i = 0; i < 100000; i++) {
		last = sys_open("/dev/null", O_RD);
		if (last < 0)
			break;
		count++;
	}
	report("open until failure", last);
	printf("opened: %ld\n", count);
	report("dup", linux_syscall1(NR_dup, 0));
	report("dup3 to 1000000", linux_syscall3(NR_dup3, 0, 1000000, 0));
	sys_close(5);
	report("open after close", sys_open("/dev/null", O_RD));
	fflush(stdout);
	return 0;
}
