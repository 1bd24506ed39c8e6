/*
 * util.c - small helpers every part of minibox uses: allocation that cannot
 * return NULL, error texts of its own, integer and signal-name parsing.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "minibox.h"

/* Why our own table: musl's and glibc's strerror() word some errors
 * differently, and the scripts' stderr is compared across both. */
const char *
errtext(int e)
{
	switch (e) {
	case ENOENT: return "No such file or directory";
	case EACCES: return "Permission denied";
	case EEXIST: return "File exists";
	case ENOTDIR: return "Not a directory";
	case EISDIR: return "Is a directory";
	case ENOTEMPTY: return "Directory not empty";
	case ESRCH: return "No such process";
	case EPERM: return "Operation not permitted";
	case EBADF: return "Bad file descriptor";
	case EINVAL: return "Invalid argument";
	case EROFS: return "Read-only file system";
	case ENOEXEC: return "Exec format error";
	case EPIPE: return "Broken pipe";
	default: return "Error";
	}
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("minibox: out of memory\n", stderr);
		_exit(126);
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("minibox: out of memory\n", stderr);
		_exit(126);
	}
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void
warnx_(const char *name, const char *fmt, ...)
{
	char buf[1024];
	int n = snprintf(buf, sizeof buf, "%s: ", name);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof buf)
		n += vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf - 1)
		n = (int)sizeof buf - 2;
	buf[n++] = '\n';
	/* Why flush first: stdout may hold lines written before this error. */
	fflush(stdout);
	ssize_t w = write(2, buf, (size_t)n);
	(void)w;
}

int
parse_long(const char *s, long *out)
{
	char *end;
	if (!*s)
		return 0;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno)
		return 0;
	*out = v;
	return 1;
}

static const struct { const char *name; int sig; } signals[] = {
	{"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL},
	{"TRAP", SIGTRAP}, {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE},
	{"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
	{"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CHLD", SIGCHLD},
	{"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
	{"TTOU", SIGTTOU}, {"URG", SIGURG}, {"WINCH", SIGWINCH},
};

int
signal_number(const char *name)
{
	long n;
	if (parse_long(name, &n))
		return n >= 0 && n < 65 ? (int)n : -1;
	if (strcmp(name, "EXIT") == 0)
		return 0;
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (strcmp(signals[i].name, name) == 0)
			return signals[i].sig;
	return -1;
}

const char *
signal_name(int sig)
{
	if (sig == 0)
		return "EXIT";
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

char *
read_line(void *file, struct line_reader *r, size_t *len)
{
	size_t n = 0;
	int c;
	while ((c = getc((FILE *)file)) != EOF) {
		if (n + 2 > r->cap) {
			r->cap = r->cap ? r->cap * 2 : 128;
			r->buf = xrealloc(r->buf, r->cap);
		}
		if (c == '\n')
			break;
		r->buf[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return NULL;
	if (!r->buf) {
		r->cap = 128;
		r->buf = xmalloc(r->cap);
	}
	r->buf[n] = 0;
	*len = n;
	return r->buf;
}
