/*
 * hardening.c - guest-controlled numbers and names that once hurt emu
 * itself (issue 10): address ranges ending at or past 2^32, sparse
 * writes under --max-write, entry floods under --max-files, names that
 * are not UTF-8, host-planted links, host inode numbers, and symlink
 * chains that cost host CPU. argv[1] picks the part: "ranges",
 * "quota", "names", "links", "inodes" or "chain". Expects /w (rw)
 * except for "ranges". Prints "attempt: RESULT" lines (escape.h).
 */
#include "escape.h"

enum {
	NR_writev = 66,
	NR_pwrite64 = 68,
	NR_mprotect = 226,
	NR_fstatat64 = 79,
	NR_clock_nanosleep64 = 407,
};

static void
ranges(void)
{
	/* The nine-instruction crash: a UInt32 sum of 0xfffff000 + 4096. */
	report("munmap 0xfffff000 4096", linux_syscall2(NR_munmap, 0xFFFFF000L, 4096));
	report("munmap 0xfffff000 8192", linux_syscall2(NR_munmap, 0xFFFFF000L, 8192));
	report("munmap 0xfffff000 max", linux_syscall2(NR_munmap, 0xFFFFF000L, 0xFFFFFFFFL));
	report("munmap 0 max", linux_syscall2(NR_munmap, 0, 0xFFFFFFFFL));
	report("munmap 0x1000 0", linux_syscall2(NR_munmap, 0x1000, 0));
	report("mprotect 0xfffff000 4096", linux_syscall3(NR_mprotect, 0xFFFFF000L, 4096, 3));
	report("mprotect 0xfffff000 8192", linux_syscall3(NR_mprotect, 0xFFFFF000L, 8192, 3));
	report("mprotect 0xfffff000 max", linux_syscall3(NR_mprotect, 0xFFFFF000L, 0xFFFFFFFFL, 3));
	report("mmap fixed 0xfffff000 max",
	       linux_syscall6(NR_mmap2, 0xFFFFF000L, 0xFFFFFFFFL, 3, 0x32, -1, 0));
	report("mmap 0 max", linux_syscall6(NR_mmap2, 0, 0xFFFFFFFFL, 3, 0x22, -1, 0));
	report("write 0xffffffff 2", linux_syscall3(SYS_write, 1, 0xFFFFFFFFL, 2));
	report("write 0xfffff000 max", linux_syscall3(SYS_write, 1, 0xFFFFF000L, 0xFFFFFFFFL));
	report("read 0xfffff000 max", linux_syscall3(SYS_read, 0, 0xFFFFF000L, 0xFFFFFFFFL));
	report("getrandom 0xfffffff0 32", linux_syscall3(SYS_getrandom, 0xFFFFFFF0L, 32, 0));
	report("open 0xffffffff", linux_syscall4(SYS_openat, LINUX_AT_FDCWD, 0xFFFFFFFFL, 0, 0));
	report("nanosleep 0xfffffff8",
	       linux_syscall4(NR_clock_nanosleep64, LINUX_CLOCK_MONOTONIC, 0, 0xFFFFFFF8L, 0));
	report("writev 0xfffffff8 1", linux_syscall3(NR_writev, 1, 0xFFFFFFF8L, 1));
	report("writev 0 1024", linux_syscall3(NR_writev, 1, 0, 1024));
	report("fstatat 0xfffffff0",
	       linux_syscall4(NR_fstatat64, LINUX_AT_FDCWD, "/", 0xFFFFFFF0L, 0));
}

static void
quota(void)
{
	long fd = sys_open("/w/sparse", O_RW | LINUX_O_CREAT | LINUX_O_TRUNC);
	report("open /w/sparse", fd >= 0 ? 0 : fd);
	/* pwrite64(fd, buf, count, offset_low, offset_high): 2 GiB. */
	report("pwrite 1 byte at 2 GiB", linux_syscall5(NR_pwrite64, fd, "x", 1, 0x80000000L, 0));
	long long position = 0;
	long sought = linux_syscall5(SYS_llseek, fd, 1, 0, &position, 0);
	report("llseek 4 GiB", sought);
	report("write 1 byte at 4 GiB", linux_syscall3(SYS_write, fd, "x", 1));
	report("ftruncate 1 GiB", linux_syscall3(NR_ftruncate64, fd, 1 << 30, 0));
	linux_syscall5(SYS_llseek, fd, 0, 100, &position, 0);
	report("write 1 byte at 100", linux_syscall3(SYS_write, fd, "x", 1));
	sys_close(fd);
	long created = 0, last = 0;
	for (int i = 0; i < 100000; i++) {
		char name[32];
		snprintf(name, sizeof name, "/w/f%d", i);
		last = sys_open(name, O_WR | LINUX_O_CREAT | LINUX_O_EXCL);
		if (last < 0)
			break;
		sys_close(last);
		created++;
	}
	printf("files created: %ld\n", created);
	report("next create", last);
	report("unlink /w/f0", linux_syscall3(SYS_unlinkat, LINUX_AT_FDCWD, "/w/f0", 0));
	last = sys_open("/w/again", O_WR | LINUX_O_CREAT | LINUX_O_EXCL);
	report("create after unlink", last >= 0 ? 0 : last);
	sys_close(last);
}

/* Writes `text` to a new file `path`; reads back what `path` holds. */
static void
names(void)
{
	const char *ff = "/w/bad\xff", *fe = "/w/bad\xfe";
	long a = sys_open(ff, O_WR | LINUX_O_CREAT | LINUX_O_EXCL);
	report("create bad\\xff", a >= 0 ? 0 : a);
	linux_syscall3(SYS_write, a, "ff", 2);
	sys_close(a);
	long b = sys_open(fe, O_WR | LINUX_O_CREAT | LINUX_O_EXCL);
	report("create bad\\xfe", b >= 0 ? 0 : b);
	linux_syscall3(SYS_write, b, "fe", 2);
	sys_close(b);
	char text[8];
	memset(text, 0, sizeof text);
	a = sys_open(ff, O_RD);
	linux_syscall3(SYS_read, a, text, 2);
	sys_close(a);
	printf("read bad\\xff: %s\n", text);
	memset(text, 0, sizeof text);
	b = sys_open(fe, O_RD);
	linux_syscall3(SYS_read, b, text, 2);
	sys_close(b);
	printf("read bad\\xfe: %s\n", text);
	/* The directory lists the exact bytes. */
	char buffer[4096];
	long d = sys_open("/w", O_RD | LINUX_O_DIRECTORY);
	long n = linux_syscall3(SYS_getdents64, d, buffer, sizeof buffer);
	int sawFF = 0, sawFE = 0;
	for (long offset = 0; offset < n;) {
		unsigned short length = *(unsigned short *)(buffer + offset + 16);
		const char *name = buffer + offset + 19;
		sawFF |= strcmp(name, "bad\xff") == 0;
		sawFE |= strcmp(name, "bad\xfe") == 0;
		offset += length;
	}
	sys_close(d);
	printf("listed both: %s\n", sawFF && sawFE ? "yes" : "no");
}

static void
show_link(const char *path)
{
	char text[4100];
	memset(text, 0, sizeof text);
	long n = linux_syscall4(NR_readlinkat, LINUX_AT_FDCWD, path, text, sizeof text - 1);
	char what[128];
	snprintf(what, sizeof what, "readlink %s", path);
	if (n < 0)
		report(what, n);
	else
		printf("%s: %s\n", what, text);
}

static void
links(const char *hostw)
{
	/* /w/hostlink and /w/inlink are planted by the test from the host side. */
	show_link("/w/hostlink");
	show_link("/w/inlink");
	long fd = sys_open("/w/inlink", O_RD);
	report("open /w/inlink", fd >= 0 ? 0 : fd);
	sys_close(fd);
	linux_syscall3(NR_symlinkat, "/etc/passwd", LINUX_AT_FDCWD, "/w/mine");
	show_link("/w/mine");
	linux_syscall3(NR_symlinkat, "file", LINUX_AT_FDCWD, "/w/relative");
	show_link("/w/relative");
	/* The guest writes the mount's host path (argv[2]) into a link itself: the link
	 * keeps that text and does not resolve, so no guess can be confirmed. */
	if (hostw != NULL) {
		static char target[4096];
		snprintf(target, sizeof target, "%s/file", hostw);
		linux_syscall3(NR_symlinkat, target, LINUX_AT_FDCWD, "/w/guess");
		char text[4096];
		memset(text, 0, sizeof text);
		long n = linux_syscall4(NR_readlinkat, LINUX_AT_FDCWD, "/w/guess", text, sizeof text - 1);
		printf("readlink /w/guess is its text: %s\n", n > 0 && strcmp(text, target) == 0 ? "yes" : "no");
		fd = sys_open("/w/guess", O_RD);
		report("open /w/guess", fd >= 0 ? 0 : fd);
		sys_close(fd);
	}
}

/* struct stat64 of asm-generic: st_dev at 0, st_ino at 8. */
static void
print_stat(const char *path)
{
	unsigned long long status[13];
	memset(status, 0, sizeof status);
	long r = linux_syscall4(NR_fstatat64, LINUX_AT_FDCWD, path, status, 0);
	if (r < 0) {
		report(path, r);
		return;
	}
	printf("ino %s: %llu\n", path, status[1]);
	printf("dev %s: %llu\n", path, status[0]);
}

static void
inodes(void)
{
	linux_syscall5(NR_linkat, LINUX_AT_FDCWD, "/w/file", LINUX_AT_FDCWD, "/w/hard", 0);
	print_stat("/w/file");
	print_stat("/w/hard");
	print_stat("/w/marker");
	print_stat("/t");
	print_stat("/");
	char buffer[4096];
	long d = sys_open("/w", O_RD | LINUX_O_DIRECTORY);
	long n = linux_syscall3(SYS_getdents64, d, buffer, sizeof buffer);
	for (long offset = 0; offset < n;) {
		unsigned long long inode = *(unsigned long long *)(buffer + offset);
		unsigned short length = *(unsigned short *)(buffer + offset + 16);
		printf("d_ino %s: %llu\n", buffer + offset + 19, inode);
		offset += length;
	}
	sys_close(d);
}

static long long
now_ns(void)
{
	long long t[2] = {0, 0};
	linux_syscall2(SYS_clock_gettime64, LINUX_CLOCK_MONOTONIC, t);
	return t[0] * 1000000000LL + t[1];
}

static void
chain(void)
{
	/* 40 links of about 4 KB each: /w/c<i> -> /w/././.../c<i+1>, then a file. */
	static char target[4096];
	for (int i = 0; i < 40; i++) {
		int used = snprintf(target, sizeof target, "/w");
		while (used < 4000)
			used += snprintf(target + used, sizeof target - used, "/.");
		snprintf(target + used, sizeof target - used, "/c%d", i + 1);
		char name[16];
		snprintf(name, sizeof name, "/w/c%d", i);
		linux_syscall3(NR_symlinkat, target, LINUX_AT_FDCWD, name);
	}
	sys_close(sys_open("/w/c40", O_WR | LINUX_O_CREAT));
	long long start = now_ns();
	long fd = sys_open("/w/c0", O_RD);
	long long spent = now_ns() - start;
	report("open long chain", fd >= 0 ? 0 : fd);
	sys_close(fd);
	printf("long chain ms: %lld\n", spent / 1000000);
	/* 40 short links: Linux's own limit, which must still work. */
	for (int i = 0; i < 40; i++) {
		char name[16], next[16];
		snprintf(name, sizeof name, "/w/s%d", i);
		snprintf(next, sizeof next, "s%d", i + 1);
		linux_syscall3(NR_symlinkat, next, LINUX_AT_FDCWD, name);
	}
	sys_close(sys_open("/w/s40", O_WR | LINUX_O_CREAT));
	fd = sys_open("/w/s0", O_RD);
	report("open 40 short links", fd >= 0 ? 0 : fd);
	sys_close(fd);
	linux_syscall3(NR_symlinkat, "s0", LINUX_AT_FDCWD, "/w/s-1");
	report("open 41 short links", sys_open("/w/s-1", O_RD));
}

int
main(int argc, char **argv)
{
	require_emu();
	const char *part = argc > 1 ? argv[1] : "";
	if (strcmp(part, "ranges") == 0)
		ranges();
	else if (strcmp(part, "quota") == 0)
		quota();
	else if (strcmp(part, "names") == 0)
		names();
	else if (strcmp(part, "links") == 0)
		links(argc > 2 ? argv[2] : NULL);
	else if (strcmp(part, "inodes") == 0)
		inodes();
	else if (strcmp(part, "chain") == 0)
		chain();
	else
		return 2;
	fflush(stdout);
	return 0;
}
