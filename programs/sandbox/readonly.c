/*
 * readonly.c - every way to write through a read-only mount. Expects
 * /r read-only holding the file "data" and the directory "dir", and /w
 * writable (for a link pointing into /r).
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	report("open O_WRONLY", sys_open("/r/data", O_WR));
	report("open O_RDWR", sys_open("/r/data", O_RW));
	report("open O_WRONLY|O_APPEND", sys_open("/r/data", O_WR | LINUX_O_APPEND));
	report("open O_TRUNC", sys_open("/r/data", O_RD | LINUX_O_TRUNC));
	report("open O_CREAT existing", sys_open("/r/data", O_RD | LINUX_O_CREAT));
	report("open O_CREAT new", sys_open("/r/new", O_WR | LINUX_O_CREAT));
	report("open O_CREAT|O_EXCL new", sys_open("/r/new", O_WR | LINUX_O_CREAT | LINUX_O_EXCL));
	report("open /r/dir/../data O_RDWR", sys_open("/r/dir/../data", O_RW));
	report("mkdir", linux_syscall3(SYS_mkdirat, LINUX_AT_FDCWD, "/r/newdir", 0755));
	report("unlink", linux_syscall3(SYS_unlinkat, LINUX_AT_FDCWD, "/r/data", 0));
	report("rmdir", linux_syscall3(SYS_unlinkat, LINUX_AT_FDCWD, "/r/dir", LINUX_AT_REMOVEDIR));
	report("rename", linux_syscall4(NR_renameat, LINUX_AT_FDCWD, "/r/data", LINUX_AT_FDCWD, "/r/moved"));
	report("renameat2", linux_syscall5(SYS_renameat2, LINUX_AT_FDCWD, "/r/data", LINUX_AT_FDCWD, "/r/moved", 0));
	report("link", linux_syscall5(NR_linkat, LINUX_AT_FDCWD, "/r/data", LINUX_AT_FDCWD, "/r/hard", 0));
	report("symlink", linux_syscall3(NR_symlinkat, "data", LINUX_AT_FDCWD, "/r/soft"));
	report("access W_OK", linux_syscall4(NR_faccessat, LINUX_AT_FDCWD, "/r/data", 2, 0));
	report("fchmodat", linux_syscall4(NR_fchmodat, LINUX_AT_FDCWD, "/r/data", 0777, 0));
	report("fchownat", linux_syscall5(NR_fchownat, LINUX_AT_FDCWD, "/r/data", 0, 0, 0));
	report("utimensat", linux_syscall4(NR_utimensat, LINUX_AT_FDCWD, "/r/data", 0, 0));

	long fd = sys_open("/r/data", O_RD);
	report("open O_RDONLY", fd >= 0 ? 0 : fd);
	report("write", linux_syscall3(SYS_write, fd, "x", 1));
	report("pwrite64", linux_syscall5(68, fd, "x", 1, 0, 0));
	report("ftruncate", linux_syscall3(NR_ftruncate64, fd, 0, 0));
	report("fchmod", linux_syscall2(NR_fchmod, fd, 0777));
	/* mmap(MAP_SHARED, PROT_WRITE) of the file would write it back. */
	report("mmap shared writable", linux_syscall6(NR_mmap2, 0, 4096, 3, 1, fd, 0));
	/* A private writable mapping is a copy: writing it changes no file. */
	long map = linux_syscall6(NR_mmap2, 0, 4096, 3, 2, fd, 0);
	report("mmap private writable", map > 0 ? 0 : map);
	if (map > 0)
		((char *)map)[0] = 'X';
	long dir = sys_open("/r", LINUX_O_DIRECTORY);
	report("openat(/r, data, O_WRONLY)", linux_syscall4(SYS_openat, dir, "data", O_WR, 0));
	report("mkdirat(/r, x)", linux_syscall3(SYS_mkdirat, dir, "x", 0755));
	sys_close(dir);
	sys_close(fd);

	/* A link in the writable mount pointing into the read-only one. */
	linux_syscall3(NR_symlinkat, "/r/data", LINUX_AT_FDCWD, "/w/tor");
	report("open /w/tor O_WRONLY", sys_open("/w/tor", O_WR));
	/* The writable mount itself still works. */
	long ok = sys_open("/w/out", O_WR | LINUX_O_CREAT);
	report("open /w/out O_CREAT", ok >= 0 ? 0 : ok);
	sys_close(ok);
	fflush(stdout);
	return 0;
}
