/*
 * procview.c - the pid namespace's /proc as another process of the tree sees it:
 * the listing, a sibling's stat/status/comm/cmdline before and after it execs, its
 * absence once reaped, and the viewer's own lineage.
 *
 * Run as /bin/procview (the tests mount programs/bin/userland on /bin). With the
 * argument "sleeper" it is the exec'd child: it waits for its stdin to close.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "common.h"

/* The contents of a /proc file, NULs shown as '|', the final newline dropped. */
static const char *
slurp(const char *path, char *buffer, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(buffer, size, "%s", errname(errno));
		return buffer;
	}
	ssize_t got = read(fd, buffer, size - 1);
	close(fd);
	if (got < 0)
		got = 0;
	buffer[got] = 0;
	for (ssize_t i = 0; i < got; i++)
		if (buffer[i] == 0)
			buffer[i] = '|';
	if (got > 0 && buffer[got - 1] == '\n')
		buffer[got - 1] = 0;
	return buffer;
}

/* Field `n` (1-based) of a stat line; the name (field 2) may hold spaces. */
static const char *
stat_field(const char *stat, int n, char *out, size_t size)
{
	const char *close_paren = strrchr(stat, ')');
	if (n <= 2 || close_paren == NULL) {
		snprintf(out, size, "?");
		return out;
	}
	const char *p = close_paren + 2;
	for (int field = 3; field < n && p != NULL; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	size_t length = p ? strcspn(p, " \n") : 0;
	snprintf(out, size, "%.*s", (int)length, p ? p : "");
	return out;
}

static void
show(pid_t pid, const char *when)
{
	char path[64], text[512], a[32], b[32], c[32], d[32];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	printf("%s comm: %s\n", when, slurp(path, text, sizeof text));
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	printf("%s cmdline: %s\n", when, slurp(path, text, sizeof text));
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	slurp(path, text, sizeof text);
	printf("%s stat: state=%s ppid=%s pgrp=%s session=%s\n", when, stat_field(text, 3, a, sizeof a),
	       stat_field(text, 4, b, sizeof b), stat_field(text, 5, c, sizeof c), stat_field(text, 6, d, sizeof d));
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	slurp(path, text, sizeof text);
	const char *ppid = strstr(text, "PPid:\t");
	printf("%s status: %.*s\n", when, ppid ? (int)strcspn(ppid, "\n") : 0, ppid ? ppid : "");
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	printf("%s maps: %s\n", when, access(path, F_OK) == 0 ? "present" : errname(errno));
}

static void
list_pids(const char *when)
{
	DIR *dir = opendir("/proc");
	struct dirent *entry;
	printf("%s pids:", when);
	while (dir && (entry = readdir(dir)) != NULL)
		if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9')
			printf(" %s", entry->d_name);
	printf("\n");
	if (dir)
		closedir(dir);
}

/* Waits (bounded) until the child's comm reads `name`: it runs on its own. */
static void
await_name(pid_t pid, const char *name)
{
	char path[64], text[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	for (int tries = 0; tries < 2000 && strcmp(slurp(path, text, sizeof text), name) != 0; tries++)
		usleep(1000);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "sleeper") == 0) {
		char byte;
		while (read(0, &byte, 1) > 0) {
		}
		return 0;
	}
	prctl(PR_SET_NAME, "viewer");
	int gate[2];
	if (pipe(gate) != 0)
		return 1;
	pid_t child = fork();
	if (child == 0) {
		close(gate[1]);
		prctl(PR_SET_NAME, "forked");
		char byte;
		/* The first gate: the parent writes one byte once it has looked. */
		if (read(gate[0], &byte, 1) != 1)
			_exit(3);
		dup2(gate[0], 0);
		char *args[] = {"/bin/procview", "sleeper", "with  two spaces", NULL};
		execv(args[0], args);
		_exit(127);
	}
	close(gate[0]);
	await_name(child, "forked");
	list_pids("forked");
	show(child, "forked");
	if (write(gate[1], "x", 1) != 1)
		return 1;
	await_name(child, "procview");
	show(child, "execed");
	show(getpid(), "self");
	close(gate[1]);
	int status = 0;
	waitpid(child, &status, 0);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d", (int)child);
	printf("reaped: %s\n", access(path, F_OK) == 0 ? "present" : errname(errno));
	list_pids("reaped");
	return 0;
}
