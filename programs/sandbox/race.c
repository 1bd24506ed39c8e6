/*
 * race.c - the node:wasi preopen race: opens /w/race/passwd in a loop
 * while the test, on the host side, keeps swapping /w/race between a
 * directory (whose passwd starts with "inside") and a symbolic link to
 * the host's /etc. Reading a line starting with "root:" is an escape.
 * argv[1]: iterations (default 20000).
 */
#include "escape.h"

int
main(int argc, char **argv)
{
	require_emu();
	long iterations = argc > 1 ? atol(argv[1]) : 20000;
	long inside = 0, failed = 0, escaped = 0, other = 0;
	for (long i = 0; i < iterations; i++) {
		long fd = sys_open("/w/race/passwd", O_RD);
		if (fd < 0) {
			failed++;
			continue;
		}
		char buf[8] = {0};
		linux_syscall3(SYS_read, fd, buf, 6);
		sys_close(fd);
		if (memcmp(buf, "root:", 5) == 0)
			escaped++;
		else if (memcmp(buf, "inside", 6) == 0)
			inside++;
		else
			other++;
	}
	printf("race opens: %ld\n", iterations);
	printf("race inside: %ld\n", inside);
	printf("race failed: %ld\n", failed);
	printf("race other: %ld\n", other);
	printf("race escaped: %ld\n", escaped);
	fflush(stdout);
	return 0;
}
