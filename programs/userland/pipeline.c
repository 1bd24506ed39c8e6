/*
 * pipeline.c - a three-stage pipeline between processes: produce | upper | count,
 * connected with pipe2 and dup2, each stage exec'd (the default) or run in the
 * forked child itself ("noexec": no execve, so qemu-riscv32 can run it too).
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

static int
produce(void)
{
	for (int i = 1; i <= 200; i++)
		printf("line %d of the pipeline\n", i);
	return 0;
}

static int
upper(void)
{
	int c;
	while ((c = getchar()) != EOF)
		putchar(toupper(c));
	return 0;
}

static int
count(void)
{
	char line[256], last[256] = "";
	int lines = 0;
	long bytes = 0;
	while (fgets(line, sizeof line, stdin)) {
		lines++;
		bytes += (long)strlen(line);
		strcpy(last, line);
	}
	printf("lines=%d bytes=%ld last=%s", lines, bytes, last);
	return lines == 200 ? 0 : 1;
}

static int
run_stage(const char *name)
{
	if (strcmp(name, "produce") == 0)
		return produce();
	if (strcmp(name, "upper") == 0)
		return upper();
	return count();
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "noexec") != 0)
		return run_stage(argv[1]);
	int exec_stages = argc < 2;
	const char *stages[3] = {"produce", "upper", "count"};
	int first[2], second[2];
	if (pipe2(first, O_CLOEXEC) || pipe2(second, O_CLOEXEC)) {
		perror("pipe2");
		return 1;
	}
	pid_t pids[3];
	for (int i = 0; i < 3; i++) {
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] == 0) {
			/* dup2 clears O_CLOEXEC on the copy; the originals close at exec. */
			if (i > 0)
				dup2(i == 1 ? first[0] : second[0], 0);
			if (i < 2)
				dup2(i == 0 ? first[1] : second[1], 1);
			if (exec_stages) {
				execl("/bin/pipeline", "pipeline", stages[i], (char *)0);
				_exit(127);
			}
			close(first[0]), close(first[1]), close(second[0]), close(second[1]);
			int code = run_stage(stages[i]);
			fflush(stdout);
			_exit(code);
		}
	}
	close(first[0]), close(first[1]), close(second[0]), close(second[1]);
	/* All first: the last stage prints to the same stdout. */
	int statuses[3] = {0};
	for (int i = 0; i < 3; i++)
		waitpid(pids[i], &statuses[i], 0);
	for (int i = 0; i < 3; i++) {
		char text[32];
		printf("%s: %s\n", stages[i], describe_status(statuses[i], text, sizeof text));
	}
	return 0;
}
