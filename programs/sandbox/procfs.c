/*
 * procfs.c - /proc/self/mem (the classic way to rewrite one's own code
 * or reach the host's memory), /proc, /sys and host devices; and the
 * three devices emu provides.
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	report("open /proc/self/mem", sys_open("/proc/self/mem", O_RW));
	report("open /proc/self/exe", sys_open("/proc/self/exe", O_RD));
	char buf[64];
	report("readlink /proc/self/exe",
	       linux_syscall4(NR_readlinkat, LINUX_AT_FDCWD, "/proc/self/exe", buf, sizeof buf));
	report("open /proc/1/root", sys_open("/proc/1/root", LINUX_O_DIRECTORY));
	report("open /proc", sys_open("/proc", LINUX_O_DIRECTORY));
	report("open /sys/kernel", sys_open("/sys/kernel", LINUX_O_DIRECTORY));
	report("open /dev/mem", sys_open("/dev/mem", O_RD));
	report("open /dev/sda", sys_open("/dev/sda", O_RD));
	report("open /dev/tty", sys_open("/dev/tty", O_RW));
	long null = sys_open("/dev/null", O_RW);
	report("open /dev/null", null >= 0 ? 0 : null);
	report("write /dev/null", linux_syscall3(SYS_write, null, "abc", 3));
	report("read /dev/null", linux_syscall3(SYS_read, null, buf, sizeof buf));
	long zero = sys_open("/dev/zero", O_RD);
	memset(buf, 1, sizeof buf);
	long got = linux_syscall3(SYS_read, zero, buf, 16);
	int zeros = got == 16;
	for (int i = 0; i < 16; i++)
		zeros = zeros && buf[i] == 0;
	report("read /dev/zero zeros", zeros ? 16 : -5);
	long urandom = sys_open("/dev/urandom", O_RD);
	report("read /dev/urandom", linux_syscall3(SYS_read, urandom, buf, 32));
	fflush(stdout);
	return 0;
}
