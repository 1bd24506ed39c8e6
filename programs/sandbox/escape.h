/*
 * escape.h - shared by the sandbox escape programs: each one tries to
 * leave emu's sandbox in one way and prints what every attempt got, one
 * "attempt: RESULT" line each, where RESULT is the Linux errno name of a
 * failure or the value of a success. The tests in
 * Tests/CLITests/SandboxEscapeTests.swift read these lines.
 *
 * These programs must never run outside emu's sandbox: under
 * qemu-riscv32 their system calls reach the host (fork really forks).
 * require_emu() refuses to go on unless uname() says emu ("-emu" in the
 * release) and getpid() is 1, emu's pid namespace.
 *
 * System calls are made raw (linux_syscall6) so that the printed errno
 * is the kernel-ABI value, not picolibc's translation.
 */
#ifndef EMU_ESCAPE_H
#define EMU_ESCAPE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_runtime.h"
#include "linux.h"

/* Calls linux.h does not list (asm-generic numbers, as riscv32 has them). */
enum {
	NR_dup = 23,
	NR_dup3 = 24,
	NR_symlinkat = 36,
	NR_linkat = 37,
	NR_renameat = 38,
	NR_ftruncate64 = 46,
	NR_faccessat = 48,
	NR_fchmod = 52,
	NR_fchmodat = 53,
	NR_fchownat = 54,
	NR_readlinkat = 78,
	NR_utimensat = 88,
	NR_tgkill = 131,
	NR_sethostname = 161,
	NR_setdomainname = 162,
	NR_getppid = 173,
	NR_socket = 198,
	NR_socketpair = 199,
	NR_connect = 203,
	NR_munmap = 215,
	NR_clone = 220,
	NR_execve = 221,
	NR_mmap2 = 222,
	NR_execveat = 281,
	NR_clone3 = 435,
};

#define O_RD 0
#define O_WR 1
#define O_RW 2

/* The name of a Linux errno value (the ones these programs can meet). */
static inline const char *
errno_name(long e)
{
	switch (e) {
	case 1: return "EPERM";
	case 2: return "ENOENT";
	case 3: return "ESRCH";
	case 4: return "EINTR";
	case 9: return "EBADF";
	case 12: return "ENOMEM";
	case 13: return "EACCES";
	case 14: return "EFAULT";
	case 16: return "EBUSY";
	case 17: return "EEXIST";
	case 18: return "EXDEV";
	case 20: return "ENOTDIR";
	case 21: return "EISDIR";
	case 22: return "EINVAL";
	case 24: return "EMFILE";
	case 27: return "EFBIG";
	case 28: return "ENOSPC";
	case 30: return "EROFS";
	case 38: return "ENOSYS";
	case 39: return "ENOTEMPTY";
	case 40: return "ELOOP";
	default: return "E?";
	}
}

/* Prints "what: ERRNAME" for a failure, "what: value" for a success. */
static inline long
report(const char *what, long raw)
{
	if ((unsigned long)raw > (unsigned long)-4096)
		printf("%s: %s\n", what, errno_name(-raw));
	else
		printf("%s: %ld\n", what, raw);
	return raw;
}

static inline long
sys_open(const char *path, long flags)
{
	return linux_syscall4(SYS_openat, LINUX_AT_FDCWD, path, flags, 0644);
}

static inline void
sys_close(long fd)
{
	if (fd >= 0)
		linux_syscall1(SYS_close, fd);
}

/* Stops unless running under emu's sandbox (see the top of this file). */
static inline void
require_emu(void)
{
	struct linux_utsname u;
	memset(&u, 0, sizeof u);
	long named = linux_syscall1(SYS_uname, &u);
	long pid = linux_syscall0(SYS_getpid);
	if (named != 0 || strstr(u.release, "-emu") == NULL || pid != 1) {
		printf("refused: not running under emu's sandbox\n");
		fflush(stdout);
		linux_syscall1(SYS_exit_group, 3);
	}
}

#endif
