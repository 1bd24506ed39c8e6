/*
 * linux.h - the riscv32 Linux system-call interface, as the kernel sees it.
 *
 * Numbers come from the kernel's asm-generic table as built for riscv32:
 * a 32-bit port with 64-bit time only, so there is no time32 call
 * (clock_gettime is 403, clock_gettime64), lseek is _llseek, fcntl is
 * fcntl64, and there is no stat/fstat family at all: statx (291) is the
 * only way to ask for file status, as glibc and musl do on riscv32.
 *
 * Every call returns the kernel's raw result: a value >= 0 on success, or
 * -errno (in -4095..-1) on failure, with errno in Linux numbering. Callers
 * that want the C convention go through rt_result() in syscalls.c.
 */
#ifndef EMU_RUNTIME_LINUX_H
#define EMU_RUNTIME_LINUX_H

#include <stdint.h>

enum {
	SYS_getcwd = 17,
	SYS_fcntl64 = 25,
	SYS_ioctl = 29,
	SYS_mkdirat = 34,
	SYS_unlinkat = 35,
	SYS_openat = 56,
	SYS_close = 57,
	SYS_getdents64 = 61,
	SYS_llseek = 62,
	SYS_read = 63,
	SYS_write = 64,
	SYS_exit = 93,
	SYS_exit_group = 94,
	SYS_kill = 129,
	SYS_rt_sigprocmask = 135,
	SYS_times = 153,
	SYS_uname = 160,
	SYS_getpid = 172,
	SYS_brk = 214,
	SYS_renameat2 = 276,
	SYS_getrandom = 278,
	SYS_statx = 291,
	SYS_clock_gettime64 = 403,
};

/* Linux values that picolibc spells differently (or not at all). */
#define LINUX_AT_FDCWD (-100)
#define LINUX_AT_REMOVEDIR 0x200
#define LINUX_AT_EMPTY_PATH 0x1000
#define LINUX_STATX_BASIC_STATS 0x7ffu
#define LINUX_CLOCK_REALTIME 0
#define LINUX_CLOCK_MONOTONIC 1
#define LINUX_O_CREAT 0100
#define LINUX_O_EXCL 0200
#define LINUX_O_NOCTTY 0400
#define LINUX_O_TRUNC 01000
#define LINUX_O_APPEND 02000
#define LINUX_O_NONBLOCK 04000
#define LINUX_O_DIRECTORY 0200000
#define LINUX_O_CLOEXEC 02000000

/*
 * The raw trap: arguments in a0..a5, the number in a7, the result in a0
 * (riscv Linux calling convention). "memory" because the kernel may read
 * or write any buffer passed by pointer.
 */
static inline long
linux_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	register long a7 __asm__("a7") = n;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
	return a0;
}

#define linux_syscall0(n) linux_syscall6((n), 0, 0, 0, 0, 0, 0)
#define linux_syscall1(n, a) linux_syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define linux_syscall2(n, a, b) \
	linux_syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define linux_syscall3(n, a, b, c) \
	linux_syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define linux_syscall4(n, a, b, c, d) \
	linux_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define linux_syscall5(n, a, b, c, d, e) \
	linux_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), \
		       (long)(e), 0)

/* struct statx_timestamp / struct statx, as the kernel lays them out. */
struct linux_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct linux_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct linux_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t spare2[14];
};

/* struct timespec for the 64-bit-time calls (clock_gettime64). */
struct linux_timespec64 {
	int64_t tv_sec;
	int32_t tv_nsec;
	int32_t pad; /* the kernel ignores these bits on a 32-bit guest */
};

#endif
