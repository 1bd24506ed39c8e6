/*
 * paths.c - tries to read host files by absolute and ../ paths, and
 * lists the guest's root, where only mount points and /dev may appear.
 * Expects a writable mount at /w as the working directory.
 */
#include "escape.h"

static void
list(const char *path)
{
	char buf[1024];
	long fd = sys_open(path, LINUX_O_DIRECTORY);
	if (fd < 0) {
		report(path, fd);
		return;
	}
	printf("list %s:", path);
	long n;
	while ((n = linux_syscall3(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			printf(" %s", d->d_name);
			off += d->d_reclen;
		}
	}
	printf("\n");
	sys_close(fd);
}

int
main(void)
{
	require_emu();
	report("open /etc/passwd", sys_open("/etc/passwd", O_RD));
	report("open ../../etc/passwd", sys_open("../../etc/passwd", O_RD));
	report("open ../../../../../../../../etc/passwd",
	       sys_open("../../../../../../../../etc/passwd", O_RD));
	report("open /w/../../etc/passwd", sys_open("/w/../../etc/passwd", O_RD));
	report("open /etc", sys_open("/etc", LINUX_O_DIRECTORY));
	report("open /tmp", sys_open("/tmp", LINUX_O_DIRECTORY));
	report("open /home", sys_open("/home", LINUX_O_DIRECTORY));
	report("create /escape", sys_open("/escape", O_WR | LINUX_O_CREAT));
	report("mkdir /escape", linux_syscall3(SYS_mkdirat, LINUX_AT_FDCWD, "/escape", 0755));
	/* ".." of the mount's root is the guest's root, never the host parent. */
	long fd = sys_open("/w/..", LINUX_O_DIRECTORY);
	report("openat(/w/.., etc/passwd)", linux_syscall4(SYS_openat, fd, "etc/passwd", O_RD, 0));
	report("openat(/w/.., ../../etc/passwd)",
	       linux_syscall4(SYS_openat, fd, "../../etc/passwd", O_RD, 0));
	sys_close(fd);
	list("/");
	list("/w/..");
	list("/dev");
	fflush(stdout);
	return 0;
}
