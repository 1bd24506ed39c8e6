/*
 * flood.c - output past --max-write: writes 1000-byte blocks to
 * argv[1] ("stdout", or a path to create) until a write fails, then
 * grows the file with ftruncate and makes directories. The budget is
 * spent by then, so it reports through its exit status: 0 when the
 * last write failed with EFBIG after at most one short write, the
 * truncate with EFBIG and the mkdir with ENOSPC; 1 otherwise.
 */
#include "escape.h"

int
main(int argc, char **argv)
{
	require_emu();
	const char *target = argc > 1 ? argv[1] : "stdout";
	long fd = 1;
	if (strcmp(target, "stdout") != 0)
		fd = sys_open(target, O_WR | LINUX_O_CREAT | LINUX_O_TRUNC);
	if (fd < 0)
		return 2;
	char block[1000];
	memset(block, 'x', sizeof block);
	long result = 0, shorts = 0;
	for (long i = 0; i < 1000000; i++) {
		result = linux_syscall3(SYS_write, fd, block, sizeof block);
		if (result < 0)
			break;
		if (result < (long)sizeof block)
			shorts++;
	}
	int ok = result == -27 && shorts <= 1;
	if (fd != 1)
		ok = ok && linux_syscall3(NR_ftruncate64, fd, 1 << 30, 0) == -27;
	if (fd != 1)
		ok = ok && linux_syscall3(SYS_mkdirat, LINUX_AT_FDCWD, "/w/newdir", 0755) == -28;
	return ok ? 0 : 1;
}
