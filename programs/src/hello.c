/*
 * hello.c - greets its first argument, then shows what the loader gave.
 *
 * Output: "Hello, <argv[1]>!" (or "Hello, world!" without arguments),
 * then "argc=<n>", one "argv[i]=<text>" line per argument, and one
 * "envp[i]=<text>" line per environment variable, in the order received.
 * Exit status: 0, so that a harness can tell "ran to the end" apart from
 * the nonzero statuses of exitcode.elf and the fault programs.
 */
#include <stdio.h>

int
main(int argc, char **argv, char **envp)
{
	printf("Hello, %s!\n", argc > 1 ? argv[1] : "world");
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	for (int i = 0; envp[i] != NULL; i++)
		printf("envp[%d]=%s\n", i, envp[i]);
	return 0;
}
