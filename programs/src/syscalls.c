/*
 * syscalls.c - exercises the file, time, random and system calls.
 *
 * Run it in an empty scratch directory: it creates "sc_dir" there and
 * removes it again. Every line it prints is the same on every correct
 * Linux (or emulator) run: paths, times, pids and random bytes are
 * checked, never printed. A line starting with "FAIL" names a check
 * that did not hold. Exit status: 0 if every check held, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu_runtime.h"

static int failures;

/* Records a check; prints "ok <what>" or "FAIL <what>". */
static void
expect(int condition, const char *what)
{
	printf("%s %s\n", condition ? "ok" : "FAIL", what);
	if (!condition)
		failures++;
}

/* Records a call expected to fail with a given errno; prints the text. */
static void
expect_errno(int result, int want, const char *what)
{
	int got = errno;
	printf("%s %s: %s\n", result == -1 && got == want ? "ok" : "FAIL",
	       what, result == -1 ? strerror(got) : "succeeded");
	if (!(result == -1 && got == want))
		failures++;
}

static int
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	size_t len = strlen(text);
	int ok = write(fd, text, len) == (ssize_t)len;
	return close(fd) == 0 && ok ? 0 : -1;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a directory with getdents64, sorted by name (the kernel's order
 * depends on the file system). */
static void
list_directory(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	expect(fd >= 0, "open directory");
	if (fd < 0)
		return;
	static char buf[1024] __attribute__((aligned(8)));
	char *names[16];
	int count = 0;
	for (;;) {
		int n = getdents64(fd, buf, sizeof(buf));
		if (n <= 0) {
			expect(n == 0, "getdents64 ends with 0");
			break;
		}
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			if (count < 16)
				names[count++] = strdup(d->d_name);
			off += d->d_reclen;
		}
	}
	close(fd);
	qsort(names, (size_t)count, sizeof(names[0]), compare_names);
	printf("listing of %s (%d entries):\n", path, count);
	for (int i = 0; i < count; i++) {
		printf("  %s\n", names[i]);
		free(names[i]);
	}
}

static void
files(void)
{
	const char *text = "The quick brown fox jumps over the lazy dog.\n";
	size_t len = strlen(text);

	expect(mkdir("sc_dir", 0755) == 0, "mkdir sc_dir");
	expect_errno(mkdir("sc_dir", 0755), EEXIST, "mkdir sc_dir again");
	expect(write_file("sc_dir/a.txt", text) == 0, "write sc_dir/a.txt");

	int fd = open("sc_dir/a.txt", O_RDONLY);
	expect(fd >= 0, "open sc_dir/a.txt for reading");
	char buf[128];
	ssize_t n = read(fd, buf, sizeof(buf));
	expect(n == (ssize_t)len && memcmp(buf, text, len) == 0,
	       "read back the same bytes");
	expect(read(fd, buf, sizeof(buf)) == 0, "read at end of file returns 0");

	expect(lseek(fd, 4, SEEK_SET) == 4, "lseek SEEK_SET 4");
	n = read(fd, buf, 5);
	buf[n > 0 ? n : 0] = '\0';
	printf("read after seek: \"%s\"\n", buf);
	expect(lseek(fd, -4, SEEK_END) == (off_t)len - 4, "lseek SEEK_END -4");
	expect(lseek(fd, 0, SEEK_CUR) == (off_t)len - 4, "lseek SEEK_CUR 0");
	expect_errno(lseek(fd, -100, SEEK_SET), EINVAL, "lseek to -100");

	struct stat st;
	expect(fstat(fd, &st) == 0, "fstat");
	printf("fstat size: %ld, regular file: %s\n", (long)st.st_size,
	       S_ISREG(st.st_mode) ? "yes" : "no");
	/* The exact bits depend on the umask; owner read/write do not. */
	expect((st.st_mode & 0600) == 0600, "owner can read and write");
	close(fd);
	expect_errno(close(fd), EBADF, "close a closed descriptor");
	expect_errno((int)read(fd, buf, 1), EBADF, "read a closed descriptor");

	expect(stat("sc_dir", &st) == 0 && S_ISDIR(st.st_mode), "stat sc_dir is a directory");

	/* Appending: O_APPEND writes land at the end whatever the offset. */
	fd = open("sc_dir/a.txt", O_WRONLY | O_APPEND);
	expect(fd >= 0 && write(fd, "more\n", 5) == 5, "append to sc_dir/a.txt");
	close(fd);
	expect(stat("sc_dir/a.txt", &st) == 0 && st.st_size == (off_t)len + 5,
	       "size grew by the appended bytes");

	expect(write_file("sc_dir/b.txt", "b\n") == 0, "write sc_dir/b.txt");
	expect(write_file("sc_dir/c.txt", "c\n") == 0, "write sc_dir/c.txt");
	expect(mkdir("sc_dir/sub", 0700) == 0, "mkdir sc_dir/sub");
	list_directory("sc_dir");

	expect(rename("sc_dir/a.txt", "sc_dir/renamed.txt") == 0, "rename a.txt to renamed.txt");
	expect_errno(stat("sc_dir/a.txt", &st), ENOENT, "stat the old name");
	expect(stat("sc_dir/renamed.txt", &st) == 0 && st.st_size == (off_t)len + 5,
	       "stat the new name");
	list_directory("sc_dir");

	expect_errno(open("sc_dir/missing", O_RDONLY), ENOENT, "open a missing file");
	expect_errno(open("sc_dir/b.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST,
		     "open O_EXCL an existing file");
	expect_errno(rmdir("sc_dir"), ENOTEMPTY, "rmdir a non-empty directory");
	expect_errno(unlink("sc_dir/sub"), EISDIR, "unlink a directory");

	expect(unlink("sc_dir/renamed.txt") == 0, "unlink renamed.txt");
	expect(unlink("sc_dir/b.txt") == 0, "unlink b.txt");
	expect(unlink("sc_dir/c.txt") == 0, "unlink c.txt");
	expect(rmdir("sc_dir/sub") == 0, "rmdir sc_dir/sub");
	expect(rmdir("sc_dir") == 0, "rmdir sc_dir");
	expect_errno(rmdir("sc_dir"), ENOENT, "rmdir sc_dir again");
}

static void
process_and_system(void)
{
	char cwd[512];
	expect(getcwd(cwd, sizeof(cwd)) != NULL && cwd[0] == '/', "getcwd is absolute");
	expect_errno(getcwd(cwd, 1) == NULL ? -1 : 0, ERANGE, "getcwd into 1 byte");

	expect(getpid() > 0, "getpid is positive");

	struct linux_utsname u;
	expect(linux_uname(&u) == 0, "uname");
	printf("uname sysname: %s\n", u.sysname);
	printf("uname machine: %s\n", u.machine);
}

static void
time_and_random(void)
{
	struct timespec a, b;
	expect(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime monotonic");
	/* Burn a little time so the clock has a chance to move. */
	volatile unsigned spin = 0;
	for (unsigned i = 0; i < 100000; i++)
		spin += i;
	expect(clock_gettime(CLOCK_MONOTONIC, &b) == 0, "clock_gettime monotonic again");
	expect(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec),
	       "monotonic clock does not go back");
	expect(a.tv_nsec >= 0 && a.tv_nsec < 1000000000L, "tv_nsec in range");

	struct timespec now;
	expect(clock_gettime(CLOCK_REALTIME, &now) == 0, "clock_gettime realtime");
	/* 1577836800 is 2020-01-01T00:00:00Z; a 64-bit time after it shows
	 * the high word arrived intact. */
	expect(now.tv_sec > 1577836800, "realtime is after 2020");
	expect(time(NULL) >= now.tv_sec, "time() agrees");

	unsigned char r1[32], r2[32];
	expect(getrandom(r1, sizeof(r1), 0) == (ssize_t)sizeof(r1), "getrandom 32 bytes");
	expect(getrandom(r2, sizeof(r2), 0) == (ssize_t)sizeof(r2), "getrandom 32 more bytes");
	/* Equal 256-bit draws would mean the bytes are not random. */
	expect(memcmp(r1, r2, sizeof(r1)) != 0, "two draws differ");
	expect(getentropy(r1, 16) == 0, "getentropy 16 bytes");
}

int
main(void)
{
	files();
	process_and_system();
	time_and_random();
	printf("syscalls: %s\n", failures == 0 ? "all checks passed" : "SOME CHECKS FAILED");
	return failures == 0 ? 0 : 1;
}
