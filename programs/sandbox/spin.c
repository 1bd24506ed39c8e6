/*
 * spin.c - never ends on its own: argv[1] "jump" spins on one
 * self-jump (`j .`), "loop" counts in memory forever, "fifo" blocks in
 * open() of /w/fifo, a FIFO with no writer. The test runs each under
 * --timeout (or --max-insns) and expects exit status 124.
 */
#include "escape.h"

int
main(int argc, char **argv)
{
	require_emu();
	const char *mode = argc > 1 ? argv[1] : "loop";
	printf("spinning: %s\n", mode);
	fflush(stdout);
	if (strcmp(mode, "jump") == 0)
		__asm__ volatile("1: j 1b");
	if (strcmp(mode, "fifo") == 0) {
		/* Blocks in open until a writer comes, which never happens; an
		 * interrupted call (EINTR) just tries again. */
		for (;;) {
			long fd = sys_open("/w/fifo", O_RD);
			char c;
			while (fd >= 0 && linux_syscall3(SYS_read, fd, &c, 1) != 0)
				;
			sys_close(fd);
		}
	}
	for (volatile unsigned long i = 0;; i++)
		;
	return 0;
}
