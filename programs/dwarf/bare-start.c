/*
 * bare-start.c - the whole runtime of the dwarf/ programs: _start, exit and
 * write as Linux system calls, and memcpy/memset for the copies the compilers
 * may emit. No libc is linked, so that the only debug information in the
 * programs is their own (a libc's would carry the paths of the machine that
 * built it, and the committed binaries must not depend on where they are
 * built). Built without debug information: stepping by source line steps over
 * these functions, as gdb does over code without line information.
 */
#include "bare.h"

static long
syscall3(long number, long a, long b, long c)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a7 __asm__("a7") = number;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

long
write(int fd, const void *buffer, unsigned long count)
{
	return syscall3(64, fd, (long)buffer, (long)count);
}

void
exit(int status)
{
	for (;;)
		syscall3(94, status, 0, 0); /* exit_group */
}

void *
memcpy(void *destination, const void *source, unsigned long count)
{
	unsigned char *d = destination;
	const unsigned char *s = source;
	while (count--)
		*d++ = *s++;
	return destination;
}

void *
memset(void *destination, int byte, unsigned long count)
{
	unsigned char *d = destination;
	while (count--)
		*d++ = (unsigned char)byte;
	return destination;
}

void
put_text(const char *text)
{
	unsigned long length = 0;
	while (text[length])
		length++;
	write(1, text, length);
}

void
put_number(int value)
{
	char digits[12];
	int at = 11;
	unsigned int magnitude = value < 0 ? 0u - (unsigned int)value : (unsigned int)value;
	digits[at] = 0;
	do {
		digits[--at] = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude);
	if (value < 0)
		digits[--at] = '-';
	put_text(digits + at);
}

void
_start(void)
{
	exit(main());
}
