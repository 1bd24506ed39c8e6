/*
 * syscalls.c - the POSIX functions picolibc expects from its host,
 * implemented over riscv32 Linux system calls.
 *
 * picolibc's libc.a leaves these undefined (see `nm libc.a`): read, write,
 * open, close, lseek, fstat, stat, unlink, _exit, getpid, kill,
 * sigprocmask, times, gettimeofday, getentropy; malloc needs sbrk. The
 * example programs also use mkdir, rmdir, rename, getcwd, clock_gettime
 * and the Linux-only calls of emu_runtime.h.
 *
 * Every function follows the C convention: on failure it returns -1 and
 * sets errno, translated from Linux numbering by errno_from_linux().
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "emu_runtime.h"
#include "errno_map.h"
#include "linux.h"

/* The kernel's failure range: -4095..-1 (include/linux/err.h). */
static int
is_error(long raw)
{
	return (unsigned long)raw > (unsigned long)-4096;
}

/* Turns a raw kernel result into the C convention. */
static long
rt_result(long raw)
{
	if (is_error(raw)) {
		errno = errno_from_linux(-raw);
		return -1;
	}
	return raw;
}

// MARK: - Process

void
_exit(int status)
{
	/* exit_group ends every thread; there is only one, but it is what
	 * glibc's _exit does. The loop keeps the noreturn promise even if a
	 * broken host returned from the call. */
	for (;;)
		linux_syscall1(SYS_exit_group, status);
}

pid_t
getpid(void)
{
	return (pid_t)linux_syscall0(SYS_getpid);
}

int
kill(pid_t pid, int sig)
{
	return (int)rt_result(linux_syscall2(SYS_kill, pid, sig));
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	/* picolibc numbers the operations as newlib does (SIG_SETMASK 0,
	 * SIG_BLOCK 1, SIG_UNBLOCK 2); Linux uses SIG_BLOCK 0, SIG_UNBLOCK 1,
	 * SIG_SETMASK 2. The kernel's sigset is 8 bytes on riscv32, wider
	 * than picolibc's 4-byte one, hence the copies. */
	int linux_how;
	switch (how) {
	case SIG_BLOCK:
		linux_how = 0;
		break;
	case SIG_UNBLOCK:
		linux_how = 1;
		break;
	case SIG_SETMASK:
		linux_how = 2;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	uint64_t in = 0, out = 0;
	if (set != NULL)
		memcpy(&in, set, sizeof(*set) < 8 ? sizeof(*set) : 8);
	long raw = linux_syscall4(SYS_rt_sigprocmask, linux_how,
				  set != NULL ? &in : NULL, &out, 8);
	if (old != NULL)
		memcpy(old, &out, sizeof(*old) < 8 ? sizeof(*old) : 8);
	return (int)rt_result(raw);
}

// MARK: - Memory

/* The current program break, learnt from the kernel on first use. */
static uintptr_t current_break;

void *
sbrk(ptrdiff_t increment)
{
	/* brk(0) cannot fail and returns the current break; brk(addr)
	 * returns the new break, or the old one when the kernel refuses. */
	if (current_break == 0)
		current_break = (uintptr_t)linux_syscall1(SYS_brk, 0);
	uintptr_t old = current_break;
	if (increment == 0)
		return (void *)old;
	uintptr_t wanted = old + (uintptr_t)increment;
	if ((increment > 0 && wanted < old) || (increment < 0 && wanted > old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	uintptr_t got = (uintptr_t)linux_syscall1(SYS_brk, wanted);
	if (got != wanted) {
		errno = ENOMEM;
		return (void *)-1;
	}
	current_break = got;
	return (void *)old;
}

// MARK: - Files

/* picolibc's open() flags (newlib values) to Linux's. */
static long
linux_open_flags(int flags)
{
	long out = flags & O_ACCMODE; /* 0, 1, 2 agree */
	if (flags & O_CREAT)
		out |= LINUX_O_CREAT;
	if (flags & O_EXCL)
		out |= LINUX_O_EXCL;
	if (flags & O_NOCTTY)
		out |= LINUX_O_NOCTTY;
	if (flags & O_TRUNC)
		out |= LINUX_O_TRUNC;
	if (flags & O_APPEND)
		out |= LINUX_O_APPEND;
	if (flags & O_NONBLOCK)
		out |= LINUX_O_NONBLOCK;
	if (flags & O_DIRECTORY)
		out |= LINUX_O_DIRECTORY;
	if (flags & O_CLOEXEC)
		out |= LINUX_O_CLOEXEC;
	return out;
}

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, int); /* promoted: mode_t is narrower */
		va_end(ap);
	}
	return (int)rt_result(linux_syscall4(SYS_openat, LINUX_AT_FDCWD, path,
					     linux_open_flags(flags), mode));
}

int
close(int fd)
{
	return (int)rt_result(linux_syscall1(SYS_close, fd));
}

ssize_t
read(int fd, void *buf, size_t len)
{
	return rt_result(linux_syscall3(SYS_read, fd, buf, len));
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	return rt_result(linux_syscall3(SYS_write, fd, buf, len));
}

off_t
lseek(int fd, off_t offset, int whence)
{
	/* riscv32 has only _llseek: the offset split into high and low
	 * words, the 64-bit result stored through a pointer. */
	int64_t wide = offset;
	int64_t result = 0;
	long raw = linux_syscall5(SYS_llseek, fd, (uint32_t)((uint64_t)wide >> 32),
				  (uint32_t)wide, &result, whence);
	if (is_error(raw))
		return (off_t)rt_result(raw);
	if ((off_t)result != result) {
		errno = EOVERFLOW;
		return -1;
	}
	return (off_t)result;
}

/* Fills a picolibc struct stat from the kernel's struct statx. */
static void
stat_from_statx(struct stat *st, const struct linux_statx *sx)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = (dev_t)(((uint64_t)sx->stx_dev_major << 8) | sx->stx_dev_minor);
	st->st_ino = (ino_t)sx->stx_ino;
	st->st_mode = sx->stx_mode;
	st->st_nlink = sx->stx_nlink;
	st->st_uid = sx->stx_uid;
	st->st_gid = sx->stx_gid;
	st->st_rdev = (dev_t)(((uint64_t)sx->stx_rdev_major << 8) | sx->stx_rdev_minor);
	st->st_size = (off_t)sx->stx_size;
	st->st_blksize = sx->stx_blksize;
	st->st_blocks = sx->stx_blocks;
	st->st_atim.tv_sec = sx->stx_atime.tv_sec;
	st->st_atim.tv_nsec = sx->stx_atime.tv_nsec;
	st->st_mtim.tv_sec = sx->stx_mtime.tv_sec;
	st->st_mtim.tv_nsec = sx->stx_mtime.tv_nsec;
	st->st_ctim.tv_sec = sx->stx_ctime.tv_sec;
	st->st_ctim.tv_nsec = sx->stx_ctime.tv_nsec;
}

/* statx(dirfd, path, flags) into a struct stat. */
static int
rt_statx(int dirfd, const char *path, int flags, struct stat *st)
{
	struct linux_statx sx;
	long raw = linux_syscall5(SYS_statx, dirfd, path, flags,
				  LINUX_STATX_BASIC_STATS, &sx);
	if (is_error(raw))
		return (int)rt_result(raw);
	stat_from_statx(st, &sx);
	return 0;
}

int
fstat(int fd, struct stat *st)
{
	/* An empty path with AT_EMPTY_PATH names fd itself. */
	return rt_statx(fd, "", LINUX_AT_EMPTY_PATH, st);
}

int
stat(const char *path, struct stat *st)
{
	return rt_statx(LINUX_AT_FDCWD, path, 0, st);
}

int
unlink(const char *path)
{
	return (int)rt_result(linux_syscall3(SYS_unlinkat, LINUX_AT_FDCWD, path, 0));
}

int
rmdir(const char *path)
{
	return (int)rt_result(linux_syscall3(SYS_unlinkat, LINUX_AT_FDCWD, path,
					     LINUX_AT_REMOVEDIR));
}

int
mkdir(const char *path, mode_t mode)
{
	return (int)rt_result(linux_syscall3(SYS_mkdirat, LINUX_AT_FDCWD, path, mode));
}

int
rename(const char *from, const char *to)
{
	/* riscv has no renameat; renameat2 with no flags is the same call. */
	return (int)rt_result(linux_syscall5(SYS_renameat2, LINUX_AT_FDCWD, from,
					     LINUX_AT_FDCWD, to, 0));
}

char *
getcwd(char *buf, size_t size)
{
	long raw = linux_syscall2(SYS_getcwd, buf, size);
	if (is_error(raw)) {
		rt_result(raw);
		return NULL;
	}
	return buf;
}

int
getdents64(int fd, void *buf, size_t len)
{
	return (int)rt_result(linux_syscall3(SYS_getdents64, fd, buf, len));
}

// MARK: - Time and randomness

/* picolibc's clock ids (newlib values) to Linux's. */
static int
linux_clock(clockid_t id, long *out)
{
	if (id == CLOCK_REALTIME)
		*out = LINUX_CLOCK_REALTIME;
	else if (id == CLOCK_MONOTONIC)
		*out = LINUX_CLOCK_MONOTONIC;
	else
		return -1;
	return 0;
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	long linux_id;
	if (linux_clock(id, &linux_id) != 0) {
		errno = EINVAL;
		return -1;
	}
	struct linux_timespec64 t;
	long raw = linux_syscall2(SYS_clock_gettime64, linux_id, &t);
	if (is_error(raw))
		return (int)rt_result(raw);
	ts->tv_sec = (time_t)t.tv_sec;
	ts->tv_nsec = t.tv_nsec;
	return 0;
}

int
gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz; /* obsolete; Linux ignores it too */
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return -1;
	if (tv != NULL) {
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	return 0;
}

clock_t
times(struct tms *buf)
{
	/* The kernel's struct tms is four longs, like picolibc's. */
	return (clock_t)rt_result(linux_syscall1(SYS_times, buf));
}

ssize_t
getrandom(void *buf, size_t len, unsigned int flags)
{
	return rt_result(linux_syscall3(SYS_getrandom, buf, len, flags));
}

int
getentropy(void *buf, size_t len)
{
	/* POSIX caps one request at 256 bytes; short reads are retried. */
	if (len > 256) {
		errno = EIO;
		return -1;
	}
	unsigned char *p = buf;
	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

// MARK: - System

int
linux_uname(struct linux_utsname *buf)
{
	return (int)rt_result(linux_syscall1(SYS_uname, buf));
}
