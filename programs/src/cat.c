/*
 * cat.c - copies each file named on the command line to stdout, or stdin
 * when there is none; "-" also means stdin.
 *
 * Uses read(2)/write(2) directly with a 4 KiB buffer (no stdio on the
 * data path), so that it exercises the system calls themselves.
 * Errors: "cat: <name>: <strerror(errno)>" on stderr, and the remaining
 * files are still copied. Exit status: 0 if everything was copied,
 * 1 if any file failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Writes all of buf, retrying short writes. Returns 0, or -1 with errno. */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copies fd to stdout. Returns 0, or -1 with errno and *what set to the
 * side that failed ("read" or "write"). */
static int
copy(int fd, const char **what)
{
	static char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*what = "read";
			return -1;
		}
		if (write_all(1, buf, (size_t)n) != 0) {
			*what = "write";
			return -1;
		}
	}
}

static void
report(const char *name, const char *what)
{
	if (what != NULL)
		fprintf(stderr, "cat: %s: %s: %s\n", name, what, strerror(errno));
	else
		fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
}

int
main(int argc, char **argv)
{
	int status = 0;
	const char *what = NULL;
	if (argc < 2) {
		if (copy(0, &what) != 0) {
			report("-", what);
			status = 1;
		}
		return status;
	}
	for (int i = 1; i < argc; i++) {
		const char *name = argv[i];
		int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
		if (fd < 0) {
			report(name, NULL);
			status = 1;
			continue;
		}
		what = NULL;
		if (copy(fd, &what) != 0) {
			report(name, what);
			status = 1;
		}
		if (fd != 0)
			close(fd);
	}
	return status;
}
