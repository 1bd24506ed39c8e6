/*
 * pollpipe.c - poll, ppoll and pselect over pipes between processes; O_NONBLOCK
 * and EAGAIN; FIONREAD; eventfd; an AF_UNIX socketpair; F_DUPFD's minimum.
 * No execve and no pids in the output: qemu-riscv32 runs it too.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static void
nap(long milliseconds)
{
	struct timespec t = {milliseconds / 1000, (milliseconds % 1000) * 1000000L};
	nanosleep(&t, 0);
}

static long
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int
main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0);
	/* Descriptors inherited from whoever started us (qemu-user shows the host's own)
	 * would shift the numbers F_DUPFD picks. */
	for (int fd = 3; fd < 64; fd++)
		close(fd);
	int a[2], b[2];
	pipe(a);
	pipe(b);
	pid_t child = fork();
	if (child == 0) {
		close(a[0]), close(b[0]);
		nap(100);
		write(b[1], "x", 1);
		nap(100);
		_exit(0);
	}
	close(b[1]);
	struct pollfd fds[2] = {{a[0], POLLIN, 0}, {b[0], POLLIN, 0}};
	printf("poll now: %d\n", poll(fds, 2, 0));
	int ready = poll(fds, 2, 5000);
	printf("poll wait: %d revents a=%#x b=%#x\n", ready, fds[0].revents, fds[1].revents);
	char c = 0;
	printf("read b: %d '%c'\n", (int)read(b[0], &c, 1), c);
	ready = poll(fds + 1, 1, 5000);
	printf("poll after child exit: %d revents b=%#x\n", ready, fds[1].revents);
	printf("read at eof: %d\n", (int)read(b[0], &c, 1));
	waitpid(child, 0, 0);

	/* A timeout with nothing ready. */
	long start = now_ms();
	struct timespec wait = {0, 60 * 1000000L};
	fds[0].revents = 0;
	ready = ppoll(fds, 1, &wait, 0);
	printf("ppoll timeout: %d after >= 60 ms: %s\n", ready, now_ms() - start >= 59 ? "yes" : "no");

	/* Nonblocking reads, FIONREAD, F_GETFL. */
	fcntl(a[0], F_SETFL, fcntl(a[0], F_GETFL) | O_NONBLOCK);
	errno = 0;
	printf("nonblocking empty read: %d %s\n", (int)read(a[0], &c, 1), errname(errno));
	printf("F_GETFL has O_NONBLOCK: %d\n", (fcntl(a[0], F_GETFL) & O_NONBLOCK) != 0);
	write(a[1], "hello", 5);
	int pending = -1;
	ioctl(a[0], FIONREAD, &pending);
	printf("FIONREAD: %d\n", pending);

	/* pselect: a[1] writable, a[0] readable, b[0] at EOF (readable). */
	fd_set readable, writable;
	FD_ZERO(&readable);
	FD_ZERO(&writable);
	FD_SET(a[0], &readable);
	FD_SET(b[0], &readable);
	FD_SET(a[1], &writable);
	struct timespec zero = {0, 0};
	int maxfd = (a[0] > a[1] ? a[0] : a[1]) > b[0] ? (a[0] > a[1] ? a[0] : a[1]) : b[0];
	ready = pselect(maxfd + 1, &readable, &writable, 0, &zero, 0);
	printf("pselect: %d a0=%d b0=%d a1=%d\n", ready, FD_ISSET(a[0], &readable), FD_ISSET(b[0], &readable),
	       FD_ISSET(a[1], &writable));

	/* eventfd. */
	int event = eventfd(3, EFD_NONBLOCK);
	uint64_t value = 4;
	write(event, &value, sizeof value);
	value = 0;
	read(event, &value, sizeof value);
	errno = 0;
	printf("eventfd: %llu, then %d %s\n", (unsigned long long)value, (int)read(event, &value, sizeof value),
	       errname(errno));

	/* socketpair: an echo child. */
	int pair[2];
	printf("socketpair: %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
	child = fork();
	if (child == 0) {
		close(pair[0]);
		char buffer[64];
		ssize_t n = read(pair[1], buffer, sizeof buffer);
		for (ssize_t i = 0; i < n; i++)
			buffer[i] = (char)(buffer[i] >= 'a' && buffer[i] <= 'z' ? buffer[i] - 32 : buffer[i]);
		write(pair[1], buffer, (size_t)n);
		_exit(0);
	}
	close(pair[1]);
	send(pair[0], "hello", 5, 0);
	char reply[16] = {0};
	recv(pair[0], reply, sizeof reply - 1, MSG_WAITALL);
	printf("echo: %s\n", reply);
	waitpid(child, 0, 0);

	/* F_DUPFD with a minimum, F_DUPFD_CLOEXEC, dup3. */
	printf("F_DUPFD 20: %d\n", fcntl(a[0], F_DUPFD, 20));
	int copy = fcntl(a[0], F_DUPFD_CLOEXEC, 20);
	printf("F_DUPFD_CLOEXEC 20: %d FD_CLOEXEC=%d\n", copy, fcntl(copy, F_GETFD));
	printf("dup3 O_CLOEXEC: %d FD_CLOEXEC=%d\n", dup3(a[0], 30, O_CLOEXEC), fcntl(30, F_GETFD));
	errno = 0;
	printf("dup3 same fd: %d %s\n", dup3(30, 30, 0), errname(errno));
	return 0;
}
