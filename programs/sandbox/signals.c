/*
 * signals.c - kill probes with signal 0 only (never a real signal: were
 * the sandbox broken, kill(-1, SIGKILL) would reach every host process
 * the user may signal).
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	report("kill(1, 0)", linux_syscall2(SYS_kill, 1, 0));
	report("kill(-1, 0)", linux_syscall2(SYS_kill, -1, 0));
	report("kill(0, 0)", linux_syscall2(SYS_kill, 0, 0));
	report("kill(2, 0)", linux_syscall2(SYS_kill, 2, 0));
	report("kill(-2, 0)", linux_syscall2(SYS_kill, -2, 0));
	report("kill(4194304, 0)", linux_syscall2(SYS_kill, 4194304, 0));
	report("tgkill(1, 1, 0)", linux_syscall3(NR_tgkill, 1, 1, 0));
	report("tgkill(7, 7, 0)", linux_syscall3(NR_tgkill, 7, 7, 0));
	fflush(stdout);
	return 0;
}
