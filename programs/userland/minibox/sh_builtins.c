/*
 * sh_builtins.c - the commands the shell runs in itself: those that change
 * its state (cd, exit, export, set, shift, read, trap, wait, ...) and a few
 * applets run without a fork for speed (echo, printf, test, true, false).
 * Also the tables they share: functions, background jobs, traps.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "minibox.h"
#include "sh.h"

struct shell sh;

/* Functions: a small table, newest definition wins. */
static struct { char *name; struct node *body; } funcs[128];
static int nfuncs;

struct node *
func_get(const char *name)
{
	for (int i = 0; i < nfuncs; i++)
		if (strcmp(funcs[i].name, name) == 0)
			return funcs[i].body;
	return NULL;
}

void
func_set(const char *name, struct node *body)
{
	for (int i = 0; i < nfuncs; i++)
		if (strcmp(funcs[i].name, name) == 0) {
			funcs[i].body = body;
			return;
		}
	if (nfuncs == 128) {
		warnx_("sh", "%s: too many functions", name);
		return;
	}
	funcs[nfuncs].name = xstrdup(name);
	funcs[nfuncs++].body = body;
}

void
funcs_clear(void)
{
	nfuncs = 0;
}

/* Background jobs: pid and, once reaped, status. */
static struct { pid_t pid; int done, status; } jobs[256];
static int njobs;

void
job_add(pid_t pid)
{
	if (njobs == 256) {
		/* Forget the oldest finished one. */
		int k = 0;
		while (k < njobs && !jobs[k].done)
			k++;
		if (k == njobs)
			return;
		jobs[k] = jobs[--njobs];
	}
	jobs[njobs].pid = pid;
	jobs[njobs].done = 0;
	jobs[njobs++].status = 0;
}

/* Waits for job PID (or, PID -1, for every job). Returns 0 when done, or
 * 128+N when trap N interrupted the wait (sh(1p) wait). */
static int
wait_jobs(pid_t pid, int *status)
{
	for (int i = 0; i < njobs; i++) {
		if (pid != -1 && jobs[i].pid != pid)
			continue;
		while (!jobs[i].done) {
			int raw;
			pid_t r = waitpid(jobs[i].pid, &raw, 0);
			if (r == jobs[i].pid) {
				jobs[i].done = 1;
				jobs[i].status = wait_status(raw);
			} else if (r < 0 && errno == EINTR && any_trap_pending) {
				for (int s = 1; s < 65; s++)
					if (trap_pending[s]) {
						run_pending_traps();
						return 128 + s;
					}
			} else if (r < 0 && errno != EINTR) {
				jobs[i].done = 1;
				jobs[i].status = 127;
			}
		}
		if (status)
			*status = jobs[i].status;
		if (pid != -1) {
			jobs[i] = jobs[--njobs];
			return 0;
		}
	}
	if (pid == -1)
		njobs = 0;
	return 0;
}

int
job_wait(pid_t pid, int *status)
{
	for (int i = 0; i < njobs; i++)
		if (jobs[i].pid == pid)
			return wait_jobs(pid, status), 1;
	return 0;
}

/* Traps: the command for each signal (0: EXIT); NULL: default. */
static char *traps[65];
volatile sig_atomic_t trap_pending[65];
volatile sig_atomic_t any_trap_pending;

static void
on_trapped_signal(int sig)
{
	trap_pending[sig] = 1;
	any_trap_pending = 1;
}

void
run_pending_traps(void)
{
	static int running;
	if (running)
		return;
	running = 1;
	while (any_trap_pending) {
		any_trap_pending = 0;
		for (int s = 1; s < 65; s++) {
			if (!trap_pending[s])
				continue;
			trap_pending[s] = 0;
			if (traps[s] && *traps[s]) {
				int saved = sh.status;
				run_text(traps[s]);
				sh.status = saved;
			}
		}
	}
	running = 0;
}

void
child_reset(void)
{
	/* sh(1p) 2.12: a subshell's traps are the defaults, except ignored
	 * signals stay ignored. */
	for (int s = 0; s < 65; s++) {
		if (traps[s] && *traps[s]) {
			traps[s] = NULL;
			if (s)
				signal(s, SIG_DFL);
		}
		trap_pending[s] = 0;
	}
	any_trap_pending = 0;
	njobs = 0;
}

/* Runs the EXIT trap, once. A subshell's is its own: child_reset()
 * dropped the one it inherited. */
void
run_exit_trap(int status)
{
	if (traps[0] && *traps[0]) {
		char *t = traps[0];
		traps[0] = NULL;
		sh.status = status;
		run_text(t);
	}
}

void
shell_exit(int status)
{
	child_exit(status);
}

int
is_special_builtin(const char *name)
{
	static const char *const special[] = {
		":", "break", "continue", "eval", "exit", "export", "return", "set", "shift", "trap", "unset", NULL,
	};
	for (int i = 0; special[i]; i++)
		if (strcmp(special[i], name) == 0)
			return 1;
	return 0;
}

static int
builtin_trap(int argc, char **argv)
{
	if (argc == 1) {
		for (int s = 0; s < 65; s++)
			if (traps[s]) {
				printf("trap -- '");
				for (const char *p = traps[s]; *p; p++)
					if (*p == '\'')
						fputs("'\\''", stdout);
					else
						putchar(*p);
				printf("' %s\n", signal_name(s) ? signal_name(s) : "?");
			}
		return 0;
	}
	int i = 1;
	if (strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		return 0;
	const char *action = argv[i];
	int reset = strcmp(action, "-") == 0;
	/* `trap N...` with a number first: reset those (POSIX). */
	long dummy;
	if (parse_long(action, &dummy)) {
		reset = 1;
	} else {
		i++;
	}
	int status = 0;
	for (; i < argc; i++) {
		int s = signal_number(argv[i]);
		if (s < 0 || s == SIGKILL || s == SIGSTOP) {
			warnx_("sh", "trap: %s: bad signal", argv[i]);
			status = 1;
			continue;
		}
		if (reset) {
			traps[s] = NULL;
			if (s)
				signal(s, SIG_DFL);
		} else {
			traps[s] = xstrdup(action);
			if (s) {
				struct sigaction sa;
				memset(&sa, 0, sizeof sa);
				/* No SA_RESTART: `wait` must return when a trap fires. */
				sa.sa_handler = *action ? on_trapped_signal : SIG_IGN;
				sigaction(s, &sa, NULL);
			}
		}
	}
	return status;
}

static int
builtin_read(int argc, char **argv)
{
	int raw = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-r") == 0) {
		raw = 1;
		i++;
	}
	/* One byte at a time: what follows the line belongs to the next reader. */
	size_t n = 0, cap = 128;
	char *line = xmalloc(cap);
	unsigned char *lit = xmalloc(cap); /* escaped by a backslash: never a separator */
	int got_any = 0, eof = 0;
	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			eof = 1;
			break;
		}
		got_any = 1;
		int escaped = 0;
		if (!raw && c == '\\') {
			r = read(0, &c, 1);
			if (r <= 0) {
				eof = 1;
				break;
			}
			if (c == '\n')
				continue;
			escaped = 1;
		} else if (c == '\n') {
			break;
		}
		if (n + 1 >= cap) {
			cap *= 2;
			line = xrealloc(line, cap);
			lit = xrealloc(lit, cap);
		}
		lit[n] = (unsigned char)escaped;
		line[n++] = c;
	}
	line[n] = 0;
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	size_t p = 0;
#define IS_SEP(k) (!lit[k] && line[k] && strchr(ifs, line[k]))
#define IS_WS(k) (IS_SEP(k) && strchr(" \t\n", line[k]))
	while (p < n && IS_WS(p))
		p++;
	for (; i < argc; i++) {
		size_t start = p;
		if (i == argc - 1) {
			size_t end = n;
			while (end > start && IS_WS(end - 1))
				end--;
			var_set(argv[i], xstrndup(line + start, end - start));
			p = n;
			continue;
		}
		while (p < n && !IS_SEP(p))
			p++;
		var_set(argv[i], xstrndup(line + start, p - start));
		while (p < n && IS_WS(p))
			p++;
		if (p < n && IS_SEP(p)) {
			p++;
			while (p < n && IS_WS(p))
				p++;
		}
	}
#undef IS_SEP
#undef IS_WS
	(void)got_any;
	/* sh(1p) read: end-of-file, even after a partial line, is status 1. */
	return eof ? 1 : 0;
}

static int
builtin_wait(int argc, char **argv)
{
	if (argc == 1)
		return wait_jobs(-1, NULL);
	int status = 0;
	for (int i = 1; i < argc; i++) {
		long pid;
		if (!parse_long(argv[i], &pid) || pid <= 0) {
			warnx_("sh", "wait: %s: bad pid", argv[i]);
			status = 2;
			continue;
		}
		int s = 127;
		int found = 0;
		for (int k = 0; k < njobs; k++)
			if (jobs[k].pid == pid)
				found = 1;
		if (!found) {
			status = 127;
			continue;
		}
		int interrupted = wait_jobs((pid_t)pid, &s);
		status = interrupted ? interrupted : s;
		if (interrupted)
			break;
	}
	return status;
}

static int
loop_control(int argc, char **argv, int *counter)
{
	long n = 1;
	if (argc > 1 && (!parse_long(argv[1], &n) || n < 1)) {
		warnx_("sh", "%s: %s: bad number", argv[0], argv[1]);
		return 1;
	}
	if (sh.loop_depth == 0)
		return 0;
	*counter = (int)(n > sh.loop_depth ? sh.loop_depth : n);
	return 0;
}

static int
builtin_set(int argc, char **argv)
{
	int i = 1;
	if (argc == 1)
		return 0;
	if (strcmp(argv[1], "--") == 0)
		i = 2;
	else if (argv[1][0] == '-' || argv[1][0] == '+') {
		warnx_("sh", "set: %s: unsupported option", argv[1]);
		return 2;
	}
	sh.params = argv + i;
	sh.nparams = argc - i;
	return 0;
}

static const char *const builtins[] = {
	"cd", "pwd", "exit", "export", "unset", "set", "shift", "eval", "read", "kill",
	"break", "continue", "return", "trap", "wait", ":", "true", "false", "echo",
	"printf", "test", "[", NULL,
};

int
is_builtin(const char *name)
{
	for (int i = 0; builtins[i]; i++)
		if (strcmp(builtins[i], name) == 0)
			return 1;
	return 0;
}

int
run_builtin(char **argv, int argc, int *handled)
{
	const char *name = argv[0];
	*handled = 1;
	if (strcmp(name, ":") == 0 || strcmp(name, "true") == 0)
		return 0;
	if (strcmp(name, "false") == 0)
		return 1;
	if (strcmp(name, "echo") == 0)
		return applet_echo(argc, argv);
	if (strcmp(name, "printf") == 0)
		return applet_printf(argc, argv);
	if (strcmp(name, "test") == 0)
		return applet_test(argc, argv);
	if (strcmp(name, "[") == 0)
		return applet_bracket(argc, argv);
	if (strcmp(name, "kill") == 0)
		return applet_kill(argc, argv);
	if (strcmp(name, "cd") == 0) {
		const char *dir = argc > 1 ? argv[1] : var_get("HOME");
		if (!dir)
			dir = "/";
		if (chdir(dir) < 0) {
			warnx_("sh", "cd: %s: %s", dir, errtext(errno));
			return 1;
		}
		char buf[4096];
		if (getcwd(buf, sizeof buf))
			var_set("PWD", buf);
		return 0;
	}
	if (strcmp(name, "pwd") == 0) {
		char buf[4096];
		if (!getcwd(buf, sizeof buf)) {
			warnx_("sh", "pwd: %s", errtext(errno));
			return 1;
		}
		puts(buf);
		return 0;
	}
	if (strcmp(name, "exit") == 0) {
		long n = sh.status;
		if (argc > 1 && !parse_long(argv[1], &n)) {
			warnx_("sh", "exit: %s: bad number", argv[1]);
			n = 2;
		}
		shell_exit((int)n);
	}
	if (strcmp(name, "export") == 0 || strcmp(name, "unset") == 0) {
		int is_export = name[0] == 'e';
		if (is_export && argc == 1) {
			vars_print_exported();
			return 0;
		}
		int status = 0;
		for (int i = 1; i < argc; i++) {
			char *eq = is_export ? strchr(argv[i], '=') : NULL;
			size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
			if (!valid_name(argv[i], len)) {
				warnx_("sh", "%s: %s: bad variable name", name, argv[i]);
				status = 1;
				continue;
			}
			char *var = xstrndup(argv[i], len);
			if (!is_export)
				var_unset(var);
			else {
				if (eq)
					var_set(var, eq + 1);
				var_export(var);
			}
		}
		return status;
	}
	if (strcmp(name, "set") == 0)
		return builtin_set(argc, argv);
	if (strcmp(name, "shift") == 0) {
		long n = 1;
		if (argc > 1 && (!parse_long(argv[1], &n) || n < 0)) {
			warnx_("sh", "shift: %s: bad number", argv[1]);
			return 1;
		}
		if (n > sh.nparams) {
			warnx_("sh", "shift: can't shift that many");
			return 1;
		}
		sh.params += n;
		sh.nparams -= (int)n;
		return 0;
	}
	if (strcmp(name, "eval") == 0) {
		size_t len = 1;
		for (int i = 1; i < argc; i++)
			len += strlen(argv[i]) + 1;
		char *text = xmalloc(len);
		text[0] = 0;
		for (int i = 1; i < argc; i++) {
			if (i > 1)
				strcat(text, " ");
			strcat(text, argv[i]);
		}
		return run_text(text);
	}
	if (strcmp(name, "read") == 0)
		return builtin_read(argc, argv);
	if (strcmp(name, "break") == 0)
		return loop_control(argc, argv, &sh.breaks);
	if (strcmp(name, "continue") == 0)
		return loop_control(argc, argv, &sh.continues);
	if (strcmp(name, "return") == 0) {
		long n = sh.status;
		if (argc > 1 && !parse_long(argv[1], &n)) {
			warnx_("sh", "return: %s: bad number", argv[1]);
			n = 2;
		}
		if (sh.func_depth == 0) {
			warnx_("sh", "return: not in a function");
			return 1;
		}
		sh.returning = 1;
		return sh.status = (int)(n & 0xff);
	}
	if (strcmp(name, "trap") == 0)
		return builtin_trap(argc, argv);
	if (strcmp(name, "wait") == 0)
		return builtin_wait(argc, argv);
	*handled = 0;
	return 127;
}
