/*
 * stdio.c - stdin, stdout and stderr for picolibc's tinystdio.
 *
 * tinystdio leaves the three standard streams to the platform. Here they
 * are buffered streams (stdio-bufio.h) over file descriptors 0, 1 and 2
 * and the read/write/lseek/close of syscalls.c:
 * - stdout is line-buffered, as glibc does for a terminal, so that
 *   output appears as each line ends even when the program later faults;
 * - stderr has a one-byte buffer, which makes it unbuffered in effect.
 * Buffers are flushed when the program exits through exit() (see the
 * destructor below); _exit() and a fatal signal lose unflushed output,
 * as they do with glibc.
 */
#include <stdio-bufio.h>
#include <stdio.h>
#include <unistd.h>

static char stdin_buf[BUFSIZ];
static char stdout_buf[BUFSIZ];
static char stderr_buf[1];

static struct __file_bufio stdin_file = FDEV_SETUP_BUFIO(
	0, stdin_buf, sizeof(stdin_buf), read, write, lseek, close,
	__SRD, 0);
static struct __file_bufio stdout_file = FDEV_SETUP_BUFIO(
	1, stdout_buf, sizeof(stdout_buf), read, write, lseek, close,
	__SWR, __BLBF);
static struct __file_bufio stderr_file = FDEV_SETUP_BUFIO(
	2, stderr_buf, sizeof(stderr_buf), read, write, lseek, close,
	__SWR, 0);

FILE *const stdin = &stdin_file.xfile.cfile.file;
FILE *const stdout = &stdout_file.xfile.cfile.file;
FILE *const stderr = &stderr_file.xfile.cfile.file;

/* exit() runs the .fini_array (through __libc_fini_array), so this is
 * where buffered output reaches the file descriptors. */
__attribute__((destructor)) static void
flush_standard_streams(void)
{
	fflush(stdout);
	fflush(stderr);
}
