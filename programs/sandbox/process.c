/*
 * process.c - the pid namespace: fork, vfork, clone, clone3, execve and
 * execveat, then who the guest is.
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	printf("getpid: %ld\n", linux_syscall0(SYS_getpid));
	printf("getppid: %ld\n", linux_syscall0(NR_getppid));
	fflush(stdout);
	/* fork() is clone(SIGCHLD, 0); vfork() adds CLONE_VM | CLONE_VFORK. */
	long child = report("fork", linux_syscall5(NR_clone, 17, 0, 0, 0, 0));
	if (child == 0)
		linux_syscall1(SYS_exit_group, 42); /* a child must never get here */
	child = report("vfork", linux_syscall5(NR_clone, 0x4000 | 0x100 | 17, 0, 0, 0, 0));
	if (child == 0)
		linux_syscall1(SYS_exit_group, 42);
	long args[22] = {0};
	child = report("clone3", linux_syscall2(NR_clone3, args, sizeof args));
	if (child == 0)
		linux_syscall1(SYS_exit_group, 42);
	char *argv[] = {"/bin/sh", "-c", "id", 0};
	char *envp[] = {0};
	report("execve", linux_syscall3(NR_execve, "/bin/sh", argv, envp));
	report("execveat", linux_syscall5(NR_execveat, LINUX_AT_FDCWD, "/bin/sh", argv, envp, 0));
	fflush(stdout);
	return 0;
}
