/*
 * symlinks.c - symbolic links that point out of the mount: to /, up
 * with ../, and (planted from the host side by the test) to a host
 * absolute path. Every one must resolve inside the guest's view.
 * Expects a writable mount at /w holding a host-made link "hostlink"
 * to the host's /etc and a file "marker".
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	report("symlink /w/root -> /", linux_syscall3(NR_symlinkat, "/", LINUX_AT_FDCWD, "/w/root"));
	report("open /w/root/etc/passwd", sys_open("/w/root/etc/passwd", O_RD));
	report("open /w/root/w/marker", sys_open("/w/root/w/marker", O_RD) >= 0 ? 0 : -2);
	report("symlink /w/up -> ../../../../..",
	       linux_syscall3(NR_symlinkat, "../../../../..", LINUX_AT_FDCWD, "/w/up"));
	report("open /w/up/etc/passwd", sys_open("/w/up/etc/passwd", O_RD));
	report("symlink /w/pw -> /etc/passwd",
	       linux_syscall3(NR_symlinkat, "/etc/passwd", LINUX_AT_FDCWD, "/w/pw"));
	report("open /w/pw", sys_open("/w/pw", O_RD));
	report("open /w/pw O_CREAT", sys_open("/w/pw", O_WR | LINUX_O_CREAT));
	report("open /w/hostlink/passwd", sys_open("/w/hostlink/passwd", O_RD));
	report("open /w/hostlink", sys_open("/w/hostlink", LINUX_O_DIRECTORY));
	report("symlink /w/loop -> loop", linux_syscall3(NR_symlinkat, "loop", LINUX_AT_FDCWD, "/w/loop"));
	report("open /w/loop", sys_open("/w/loop", O_RD));
	/* A directory fd reached through the link to / must stay in the guest. */
	long fd = sys_open("/w/root", LINUX_O_DIRECTORY);
	report("openat(/w/root, etc/passwd)", linux_syscall4(SYS_openat, fd, "etc/passwd", O_RD, 0));
	sys_close(fd);
	fflush(stdout);
	return 0;
}
