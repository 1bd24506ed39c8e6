/*
 * applets_misc.c - the small applets: echo printf test [ true false seq yes
 * basename ls mkdir rm sleep kill date.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "minibox.h"

int
applet_true(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
applet_false(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 1;
}

int
applet_echo(int argc, char **argv)
{
	int i = 1, newline = 1;
	if (i < argc && strcmp(argv[i], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++) {
		fputs(argv[i], stdout);
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return 0;
}

/* One backslash escape at *S (after the backslash); advances *S. */
static int
escape(const char **s)
{
	char c = *(*s)++;
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case '\\': return '\\';
	case 'a': return '\a';
	case '0': {
		int v = 0;
		for (int k = 0; k < 3 && **s >= '0' && **s <= '7'; k++)
			v = v * 8 + (*(*s)++ - '0');
		return v;
	}
	case 0:
		(*s)--;
		return '\\';
	default:
		(*s)--;
		return -1;
	}
}

int
applet_printf(int argc, char **argv)
{
	if (argc < 2) {
		warnx_("printf", "missing format");
		return 1;
	}
	const char *format = argv[1];
	int arg = 2, status = 0;
	do {
		int used = 0;
		for (const char *p = format; *p;) {
			if (*p == '\\') {
				p++;
				int c = escape(&p);
				if (c < 0) {
					putchar('\\');
					continue;
				}
				putchar(c);
				continue;
			}
			if (*p != '%') {
				putchar(*p++);
				continue;
			}
			if (p[1] == '%') {
				putchar('%');
				p += 2;
				continue;
			}
			/* %[flags][width][.precision]conv, passed to snprintf. */
			char spec[32];
			size_t n = 0;
			spec[n++] = *p++;
			while (*p && strchr("-+ #0", *p) && n < 20)
				spec[n++] = *p++;
			while (*p >= '0' && *p <= '9' && n < 24)
				spec[n++] = *p++;
			if (*p == '.') {
				spec[n++] = *p++;
				while (*p >= '0' && *p <= '9' && n < 28)
					spec[n++] = *p++;
			}
			char conv = *p ? *p++ : 's';
			const char *a = arg < argc ? argv[arg] : NULL;
			if (a) {
				arg++;
				used = 1;
			}
			if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o' || conv == 'c') {
				if (conv == 'c') {
					spec[n++] = 'c';
					spec[n] = 0;
					printf(spec, a && *a ? a[0] : 0);
					continue;
				}
				long v = 0;
				if (a && *a && !parse_long(a, &v)) {
					warnx_("printf", "%s: invalid number", a);
					status = 1;
					v = strtol(a, NULL, 10);
				}
				spec[n++] = 'l';
				spec[n++] = conv == 'i' ? 'd' : conv;
				spec[n] = 0;
				printf(spec, v);
			} else if (conv == 's' || conv == 'b') {
				spec[n++] = 's';
				spec[n] = 0;
				printf(spec, a ? a : "");
			} else {
				warnx_("printf", "%%%c: unsupported conversion", conv);
				return 1;
			}
		}
		if (!used)
			break;
	} while (arg < argc);
	return status;
}

/* test(1): a recursive-descent evaluator over its arguments. */
struct test_state {
	char **v;
	int n, i, error;
};

static int test_or(struct test_state *t);

static int
file_test(char op, const char *path)
{
	struct stat st;
	if (op == 'L')
		return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
	if (stat(path, &st) < 0)
		return 0;
	switch (op) {
	case 'e': return 1;
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 's': return st.st_size > 0;
	case 'r': return access(path, R_OK) == 0;
	case 'w': return access(path, W_OK) == 0;
	case 'x': return access(path, X_OK) == 0;
	case 'p': return S_ISFIFO(st.st_mode);
	}
	return 0;
}

static long
test_number(struct test_state *t, const char *s)
{
	long v;
	if (!parse_long(s, &v)) {
		warnx_("test", "%s: integer expression expected", s);
		t->error = 1;
		return 0;
	}
	return v;
}

static int
test_primary(struct test_state *t)
{
	if (t->i >= t->n) {
		warnx_("test", "argument expected");
		t->error = 1;
		return 0;
	}
	char *a = t->v[t->i];
	if (strcmp(a, "!") == 0 && t->i + 1 < t->n) {
		t->i++;
		return !test_primary(t);
	}
	if (strcmp(a, "(") == 0 && t->i + 1 < t->n) {
		t->i++;
		int r = test_or(t);
		if (t->i >= t->n || strcmp(t->v[t->i], ")") != 0) {
			warnx_("test", "missing )");
			t->error = 1;
			return 0;
		}
		t->i++;
		return r;
	}
	/* A binary operator after this word? */
	if (t->i + 2 < t->n) {
		const char *op = t->v[t->i + 1], *b = t->v[t->i + 2];
		int r = -1;
		if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0) r = strcmp(a, b) == 0;
		else if (strcmp(op, "!=") == 0) r = strcmp(a, b) != 0;
		else if (strcmp(op, "-eq") == 0) r = test_number(t, a) == test_number(t, b);
		else if (strcmp(op, "-ne") == 0) r = test_number(t, a) != test_number(t, b);
		else if (strcmp(op, "-lt") == 0) r = test_number(t, a) < test_number(t, b);
		else if (strcmp(op, "-le") == 0) r = test_number(t, a) <= test_number(t, b);
		else if (strcmp(op, "-gt") == 0) r = test_number(t, a) > test_number(t, b);
		else if (strcmp(op, "-ge") == 0) r = test_number(t, a) >= test_number(t, b);
		if (r >= 0) {
			t->i += 3;
			return r;
		}
	}
	if (a[0] == '-' && a[1] && !a[2] && strchr("nzefdsrwxLp", a[1]) && t->i + 1 < t->n) {
		const char *b = t->v[t->i + 1];
		t->i += 2;
		if (a[1] == 'n')
			return *b != 0;
		if (a[1] == 'z')
			return *b == 0;
		return file_test(a[1], b);
	}
	t->i++;
	return *a != 0;
}

static int
test_and(struct test_state *t)
{
	int r = test_primary(t);
	while (t->i < t->n && strcmp(t->v[t->i], "-a") == 0) {
		t->i++;
		int s = test_primary(t);
		r = r && s;
	}
	return r;
}

static int
test_or(struct test_state *t)
{
	int r = test_and(t);
	while (t->i < t->n && strcmp(t->v[t->i], "-o") == 0) {
		t->i++;
		int s = test_and(t);
		r = r || s;
	}
	return r;
}

int
applet_test(int argc, char **argv)
{
	struct test_state t = {argv + 1, argc - 1, 0, 0};
	if (t.n == 0)
		return 1;
	int r = test_or(&t);
	if (!t.error && t.i < t.n) {
		warnx_("test", "%s: unexpected operator", t.v[t.i]);
		t.error = 1;
	}
	return t.error ? 2 : !r;
}

int
applet_bracket(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
		warnx_("[", "missing ]");
		return 2;
	}
	return applet_test(argc - 1, argv);
}

int
applet_seq(int argc, char **argv)
{
	long first = 1, step = 1, last;
	int ok;
	if (argc == 2)
		ok = parse_long(argv[1], &last);
	else if (argc == 3)
		ok = parse_long(argv[1], &first) && parse_long(argv[2], &last);
	else if (argc == 4)
		ok = parse_long(argv[1], &first) && parse_long(argv[2], &step) && parse_long(argv[3], &last);
	else
		ok = 0;
	if (!ok || step == 0) {
		warnx_("seq", "usage: seq [FIRST [STEP]] LAST (integers, STEP not 0)");
		return 1;
	}
	for (long v = first; step > 0 ? v <= last : v >= last; v += step)
		printf("%ld\n", v);
	return 0;
}

int
applet_yes(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : "y";
	/* Ends when the reader goes: SIGPIPE, or EPIPE if it is ignored. */
	while (puts(s) >= 0)
		;
	return 1;
}

int
applet_basename(int argc, char **argv)
{
	if (argc < 2) {
		warnx_("basename", "missing operand");
		return 1;
	}
	char *s = xstrdup(argv[1]);
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = 0;
	char *base = strrchr(s, '/');
	base = base && base[1] ? base + 1 : (base && n > 1 ? base + 1 : s);
	if (argc > 2) {
		size_t bl = strlen(base), sl = strlen(argv[2]);
		if (sl < bl && strcmp(base + bl - sl, argv[2]) == 0)
			base[bl - sl] = 0;
	}
	puts(base);
	return 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_dir(const char *path, int all)
{
	DIR *d = opendir(path);
	if (!d) {
		warnx_("ls", "%s: %s", path, errtext(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && !all)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, sizeof(char *) * cap);
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), compare_names);
	for (size_t k = 0; k < n; k++)
		puts(names[k]);
	return 0;
}

int
applet_ls(int argc, char **argv)
{
	int all = 0, i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'a')
				all = 1;
			else if (*p != '1') {
				warnx_("ls", "-%c: unknown option", *p);
				return 2;
			}
		}
	if (i >= argc)
		return list_dir(".", all);
	int many = argc - i > 1;
	for (int k = i; k < argc; k++) {
		struct stat st;
		if (stat(argv[k], &st) < 0) {
			warnx_("ls", "%s: %s", argv[k], errtext(errno));
			status = 2;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			puts(argv[k]);
			continue;
		}
		if (many)
			printf("%s:\n", argv[k]);
		status |= list_dir(argv[k], all);
	}
	return status;
}

int
applet_mkdir(int argc, char **argv)
{
	int parents = 0, i = 1, status = 0;
	if (i < argc && strcmp(argv[i], "-p") == 0) {
		parents = 1;
		i++;
	}
	for (; i < argc; i++) {
		char *path = xstrdup(argv[i]);
		if (parents) {
			for (char *p = path + 1; *p; p++) {
				if (*p != '/')
					continue;
				*p = 0;
				if (mkdir(path, 0777) < 0 && errno != EEXIST) {
					warnx_("mkdir", "%s: %s", path, errtext(errno));
					status = 1;
				}
				*p = '/';
			}
		}
		if (mkdir(path, 0777) < 0 && !(parents && errno == EEXIST)) {
			warnx_("mkdir", "%s: %s", argv[i], errtext(errno));
			status = 1;
		}
		free(path);
	}
	return status;
}

static int
remove_tree(const char *path, int recursive, int force)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		warnx_("rm", "%s: %s", path, errtext(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			warnx_("rm", "%s: %s", path, errtext(EISDIR));
			return 1;
		}
		DIR *d = opendir(path);
		if (!d) {
			warnx_("rm", "%s: %s", path, errtext(errno));
			return 1;
		}
		int status = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *child = xmalloc(strlen(path) + strlen(e->d_name) + 2);
			sprintf(child, "%s/%s", path, e->d_name);
			status |= remove_tree(child, recursive, force);
			free(child);
		}
		closedir(d);
		if (rmdir(path) < 0) {
			warnx_("rm", "%s: %s", path, errtext(errno));
			return 1;
		}
		return status;
	}
	if (unlink(path) < 0) {
		warnx_("rm", "%s: %s", path, errtext(errno));
		return 1;
	}
	return 0;
}

int
applet_rm(int argc, char **argv)
{
	int recursive = 0, force = 0, i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'r' || *p == 'R')
				recursive = 1;
			else if (*p == 'f')
				force = 1;
			else {
				warnx_("rm", "-%c: unknown option", *p);
				return 1;
			}
		}
	for (; i < argc; i++)
		status |= remove_tree(argv[i], recursive, force);
	return status;
}

int
applet_sleep(int argc, char **argv)
{
	if (argc < 2) {
		warnx_("sleep", "missing operand");
		return 1;
	}
	char *end;
	double s = strtod(argv[1], &end);
	if (*end || s < 0 || s > 1e6) {
		warnx_("sleep", "%s: bad interval", argv[1]);
		return 1;
	}
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}

int
applet_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1;
	if (i < argc && strcmp(argv[i], "-l") == 0) {
		for (int s = 1; s < 32; s++)
			if (signal_name(s))
				printf("%d) SIG%s\n", s, signal_name(s));
		return 0;
	}
	if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
		sig = signal_number(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
		sig = signal_number(argv[i] + 1);
		i++;
	} else if (i < argc && strcmp(argv[i], "--") == 0) {
		i++;
	}
	if (sig < 0) {
		warnx_("kill", "%s: bad signal", argv[i - 1]);
		return 2;
	}
	if (i >= argc) {
		warnx_("kill", "usage: kill [-SIGNAL] PID...");
		return 2;
	}
	int status = 0;
	for (; i < argc; i++) {
		long pid;
		if (!parse_long(argv[i], &pid) || pid != (long)(pid_t)pid) {
			warnx_("kill", "%s: bad pid", argv[i]);
			status = 1;
			continue;
		}
		if (kill((pid_t)pid, sig) < 0) {
			warnx_("kill", "%s: %s", argv[i], errtext(errno));
			status = 1;
		}
	}
	return status;
}

int
applet_date(int argc, char **argv)
{
	const char *format = "%a %b %e %H:%M:%S %Z %Y";
	if (argc > 1) {
		if (argv[1][0] != '+') {
			warnx_("date", "%s: only +FORMAT is supported", argv[1]);
			return 1;
		}
		format = argv[1] + 1;
	}
	time_t now = time(NULL);
	struct tm tm;
	/* UTC, as TZ-less musl gives: the same answer on the host and the guest. */
	gmtime_r(&now, &tm);
	char buf[512];
	size_t n = strftime(buf, sizeof buf, format, &tm);
	if (n == 0 && *format) {
		warnx_("date", "format too long");
		return 1;
	}
	puts(buf);
	return 0;
}
