/*
 * exitcode.c - exits with the status given as its first argument.
 *
 * "exitcode.elf 7" exits 7; without an argument it exits 42. The value
 * is taken with atoi() and passed to exit() unchanged, so the kernel
 * keeps its low 8 bits: "exitcode.elf 300" exits 44, "-1" exits 255.
 * Prints nothing.
 */
#include <stdlib.h>

int
main(int argc, char **argv)
{
	int status = argc > 1 ? atoi(argv[1]) : 42;
	exit(status);
}
