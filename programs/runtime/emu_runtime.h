/*
 * emu_runtime.h - Linux calls that picolibc does not declare, offered by
 * this runtime to the example programs (see syscalls.c). Each returns
 * -1 and sets errno on failure, like the glibc call of the same name.
 */
#ifndef EMU_RUNTIME_H
#define EMU_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* picolibc defines CLOCK_MONOTONIC only for Cygwin and RTEMS; this is the
 * value it uses there. clock_gettime() in syscalls.c maps it to Linux's
 * CLOCK_MONOTONIC (1). */
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)
#endif

/* picolibc declares clock_gettime only when _POSIX_TIMERS is defined,
 * which this configuration does not do; syscalls.c implements it. */
#ifndef _POSIX_TIMERS
int clock_gettime(clockid_t id, struct timespec *ts);
#endif

/* One record of getdents64(2); d_name is NUL-terminated. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* struct utsname as Linux fills it: six 65-byte fields. */
struct linux_utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

int getdents64(int fd, void *buf, size_t len);
ssize_t getrandom(void *buf, size_t len, unsigned int flags);
int linux_uname(struct linux_utsname *buf);

#endif
