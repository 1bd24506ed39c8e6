/*
 * inputs.c - a program whose run depends on everything a recording must
 * capture: its standard input, the clocks (clock_gettime and the time CSR)
 * and random bytes (getrandom). The amount of work it does depends on the
 * random bytes, so two live runs differ in output and instruction count;
 * a replay of a recording must give the same output and count as the
 * recorded run.
 *
 * Built twice from this one file: with picolibc (bin/record/inputs-picolibc)
 * and with zig's musl (bin/record/inputs-musl). Exits with status 3.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef __GLIBC__
#error "a guest program: build it with picolibc or musl"
#endif
#if defined(__has_include) && __has_include(<emu_runtime.h>)
#include <emu_runtime.h> /* picolibc: the runtime's clock_gettime and CLOCK_MONOTONIC */
#endif

ssize_t getrandom(void *buf, size_t len, unsigned int flags);

/* The time CSR, read without a system call (a recording makes it count
 * instructions). Only in the picolibc build: zig names zaamo/zalrsc in the
 * musl build's architecture attribute, which objdump 2.40 does not know, so
 * it and emu disasm disagree on that file's CSR instructions (a difference
 * EndToEndDisasmTests would report). */
static uint32_t
read_time_csr(void)
{
	uint32_t value = 0;
#if defined(__has_include) && __has_include(<emu_runtime.h>)
	__asm__ volatile("rdtime %0" : "=r"(value));
#endif
	return value;
}

int
main(void)
{
	/* Standard input: its size, a hash, and its first line. */
	static char input[65536];
	size_t length = 0;
	for (;;) {
		ssize_t n = read(0, input + length, sizeof input - 1 - length);
		if (n <= 0)
			break;
		length += (size_t)n;
		if (length == sizeof input - 1)
			break;
	}
	input[length] = 0;
	uint32_t hash = 2166136261u;
	for (size_t i = 0; i < length; i++)
		hash = (hash ^ (uint8_t)input[i]) * 16777619u;
	char *newline = strchr(input, '\n');
	if (newline)
		*newline = 0;
	printf("stdin: %u bytes, fnv %08x, first line '%s'\n", (unsigned)length, (unsigned)hash, input);

	struct timespec realtime, monotonic;
	clock_gettime(CLOCK_REALTIME, &realtime);
	clock_gettime(CLOCK_MONOTONIC, &monotonic);
	printf("realtime %lld.%09ld monotonic %lld.%09ld\n", (long long)realtime.tv_sec, realtime.tv_nsec,
	       (long long)monotonic.tv_sec, monotonic.tv_nsec);

	unsigned char random[16];
	if (getrandom(random, sizeof random, 0) != (ssize_t)sizeof random) {
		puts("getrandom failed");
		return 1;
	}
	printf("random ");
	for (size_t i = 0; i < sizeof random; i++)
		printf("%02x", random[i]);
	printf("\n");

	/* Work that depends on the random bytes, in a heap buffer (brk or mmap). */
	size_t size = 256u << 10;
	uint32_t *buffer = malloc(size);
	if (!buffer) {
		puts("malloc failed");
		return 1;
	}
	uint32_t rounds = 1000u + random[0] * 40u;
	uint32_t state = (uint32_t)random[1] << 8 | random[2];
	for (uint32_t round = 0; round < rounds; round++) {
		state = state * 1103515245u + 12345u;
		buffer[state % (size / 4)] += state;
	}
	uint32_t sum = 0;
	for (size_t i = 0; i < size / 4; i++)
		sum += buffer[i] * (uint32_t)(i | 1);
	free(buffer);
	printf("rounds %u sum %08x time-csr %u\n", (unsigned)rounds, (unsigned)sum, (unsigned)read_time_csr());
	fflush(stdout);
	fprintf(stderr, "inputs: done\n");
	return 3;
}
