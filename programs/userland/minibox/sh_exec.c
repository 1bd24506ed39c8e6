/*
 * sh_exec.c - running the tree: simple commands (builtins, functions,
 * external programs by fork+execve through PATH), pipelines, lists, the
 * compound commands, redirections and subshells.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "minibox.h"
#include "sh.h"

extern char **environ;

int
wait_status(int raw)
{
	if (WIFEXITED(raw))
		return WEXITSTATUS(raw);
	if (WIFSIGNALED(raw))
		return 128 + WTERMSIG(raw);
	return 1;
}

pid_t
fork_flushed(void)
{
	/* Why flush: a child would write the parent's buffered output again. */
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		sh.subshell = 1;
		child_reset();
	} else if (pid < 0) {
		warnx_("sh", "fork: %s", errtext(errno));
	}
	return pid;
}

static int
wait_child(pid_t pid)
{
	int raw;
	while (waitpid(pid, &raw, 0) < 0)
		if (errno != EINTR)
			return 127;
	return wait_status(raw);
}

static int
stop_requested(void)
{
	return sh.breaks || sh.continues || sh.returning;
}

/* Redirections. A saved copy of each fd it replaces, for builtins and
 * compound commands that run in the shell itself. */
struct saved_fd {
	int fd, copy;
};

static int
apply_redirs(struct redir *r, struct saved_fd *saved, int *nsaved, int max_saved)
{
	for (; r; r = r->next) {
		char *target = expand_single(r->target);
		if (saved && *nsaved < max_saved) {
			int copy = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
			saved[*nsaved].fd = r->fd;
			saved[*nsaved].copy = copy;
			(*nsaved)++;
		}
		fflush(stdout);
		int fd;
		if (r->op == R_DUPOUT || r->op == R_DUPIN) {
			if (strcmp(target, "-") == 0) {
				close(r->fd);
				continue;
			}
			long src;
			if (!parse_long(target, &src) || src < 0 || src > 1023) {
				warnx_("sh", "%s: bad file descriptor", target);
				return 0;
			}
			if (dup2((int)src, r->fd) < 0) {
				warnx_("sh", "%ld: %s", src, errtext(errno));
				return 0;
			}
			continue;
		}
		int flags = r->op == R_IN ? O_RDONLY : r->op == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND : O_WRONLY | O_CREAT | O_TRUNC;
		fd = open(target, flags, 0666);
		if (fd < 0) {
			warnx_("sh", "%s: %s", target, errtext(errno));
			return 0;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 1;
}

static void
restore_redirs(struct saved_fd *saved, int nsaved)
{
	fflush(stdout);
	for (int i = nsaved - 1; i >= 0; i--) {
		if (saved[i].copy >= 0) {
			dup2(saved[i].copy, saved[i].fd);
			close(saved[i].copy);
		} else {
			close(saved[i].fd);
		}
	}
}

/* The path of command NAME through PATH (default /bin), or NULL. */
static char *
find_in_path(const char *name)
{
	if (strchr(name, '/'))
		return xstrdup(name);
	const char *path = var_get("PATH");
	if (!path)
		path = "/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char *full = xmalloc(len + strlen(name) + 2);
		memcpy(full, path, len);
		full[len] = '/';
		strcpy(full + len + 1, name);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
		if (!colon)
			break;
		path = colon + 1;
	}
	return NULL;
}

/* In a child: runs ARGV as a program and never returns. */
static void __attribute__((noreturn))
exec_external(char **argv, int argc, char **env)
{
	if (sh.noexec) {
		/* qemu-user cannot execve a guest program (no binfmt): run the
		 * applet in this forked process instead, with the environment
		 * the program would have had. */
		const struct applet *a = find_applet(argv[0]);
		if (a) {
			environ = env;
			int status = a->main(argc, argv);
			if ((fflush(stdout) != 0 || ferror(stdout)) && status == 0)
				status = 1;
			child_exit(status);
		}
	}
	char *path = find_in_path(argv[0]);
	if (!path) {
		warnx_("sh", "%s: not found", argv[0]);
		child_exit(127);
	}
	if (sh.exec_via) {
		/* What binfmt_misc does for qemu-user: the emulator first. */
		char **via = xmalloc(sizeof(char *) * (size_t)(argc + 3));
		via[0] = (char *)sh.exec_via;
		via[1] = path;
		for (int i = 1; i <= argc; i++)
			via[i + 1] = argv[i];
		execve(sh.exec_via, via, env);
	} else {
		execve(path, argv, env);
	}
	int e = errno;
	warnx_("sh", "%s: %s", argv[0], errtext(e));
	child_exit(e == ENOENT ? 127 : 126);
}

static int
run_simple(struct node *n, int in_child)
{
	int argc;
	char **argv = expand_words(n->words, n->nwords, &argc);
	/* sh(1p) 2.8.1: an expansion error ends a non-interactive shell. */
	if (argc < 0) {
		if (sh.subshell)
			child_exit(2);
		shell_exit(2);
	}
	char **assigns = xmalloc(sizeof(char *) * (size_t)(n->nassigns + 1));
	for (int i = 0; i < n->nassigns; i++) {
		const char *eq = strchr(n->assigns[i], '=');
		char *value = expand_single(eq + 1);
		size_t nlen = (size_t)(eq - n->assigns[i]);
		assigns[i] = xmalloc(nlen + strlen(value) + 2);
		memcpy(assigns[i], n->assigns[i], nlen + 1);
		strcpy(assigns[i] + nlen + 1, value);
	}
	if (argc == 0) {
		for (int i = 0; i < n->nassigns; i++) {
			char *eq = strchr(assigns[i], '=');
			*eq = 0;
			var_set(assigns[i], eq + 1);
		}
		/* Redirections alone: applied and undone (`> file` creates it). */
		struct saved_fd saved[16];
		int nsaved = 0;
		int ok = apply_redirs(n->redirs, saved, &nsaved, 16);
		restore_redirs(saved, nsaved);
		/* $? stays the last command substitution's status. */
		return ok ? (n->nwords ? 0 : sh.status) : 1;
	}
	struct node *func = func_get(argv[0]);
	if (func || is_builtin(argv[0])) {
		/* sh(1p) 2.9.1: assignments before a special builtin stay; before
		 * another builtin or a function they last for that command. */
		int keep = !func && is_special_builtin(argv[0]);
		char **old_values = xmalloc(sizeof(char *) * (size_t)(n->nassigns + 1));
		for (int i = 0; i < n->nassigns; i++) {
			char *eq = strchr(assigns[i], '=');
			*eq = 0;
			const char *old = var_get(assigns[i]);
			old_values[i] = old ? xstrdup(old) : NULL;
			var_set(assigns[i], eq + 1);
		}
		struct saved_fd saved[16];
		int nsaved = 0;
		int status;
		if (!apply_redirs(n->redirs, saved, &nsaved, 16)) {
			status = 1;
		} else if (func) {
			char **old = sh.params;
			int oldn = sh.nparams;
			sh.params = argv + 1;
			sh.nparams = argc - 1;
			sh.func_depth++;
			status = run_node(func, 0);
			sh.func_depth--;
			if (sh.returning) {
				sh.returning = 0;
				status = sh.status;
			}
			sh.params = old;
			sh.nparams = oldn;
		} else {
			int handled;
			status = run_builtin(argv, argc, &handled);
		}
		/* A write error (stdout closed, a full disk) fails the builtin. */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			clearerr(stdout);
			if (status == 0)
				status = 1;
		}
		restore_redirs(saved, nsaved);
		for (int i = n->nassigns - 1; i >= 0 && !keep; i--) {
			if (old_values[i])
				var_set(assigns[i], old_values[i]);
			else
				var_unset(assigns[i]);
		}
		return sh.status = status;
	}
	pid_t pid = in_child ? 0 : fork_flushed();
	if (pid < 0)
		return sh.status = 1;
	if (pid == 0) {
		if (!apply_redirs(n->redirs, NULL, NULL, 0))
			child_exit(1);
		exec_external(argv, argc, vars_environ(assigns, n->nassigns));
	}
	return sh.status = wait_child(pid);
}

static int
run_pipe(struct node *n)
{
	pid_t pids[64];
	if (n->ncmds > 64) {
		warnx_("sh", "pipeline too long");
		return sh.status = 1;
	}
	int status;
	if (n->ncmds == 1) {
		status = run_node(n->cmds[0], 0);
	} else {
		int in = -1;
		for (int i = 0; i < n->ncmds; i++) {
			int p[2] = {-1, -1};
			if (i + 1 < n->ncmds && pipe(p) < 0) {
				warnx_("sh", "pipe: %s", errtext(errno));
				break;
			}
			pid_t pid = fork_flushed();
			if (pid == 0) {
				if (in >= 0) {
					dup2(in, 0);
					close(in);
				}
				if (p[1] >= 0) {
					dup2(p[1], 1);
					close(p[1]);
					close(p[0]);
				}
				child_exit(run_node(n->cmds[i], 1));
			}
			pids[i] = pid;
			if (in >= 0)
				close(in);
			if (p[1] >= 0)
				close(p[1]);
			in = p[0];
		}
		status = 0;
		for (int i = 0; i < n->ncmds; i++)
			if (pids[i] > 0) {
				int s = wait_child(pids[i]);
				if (i == n->ncmds - 1)
					status = s;
			}
	}
	if (n->bang)
		status = !status;
	return sh.status = status;
}

static int
run_for(struct node *n)
{
	int count;
	char **items;
	if (n->words)
		items = expand_words(n->words, n->nwords, &count);
	else {
		items = sh.params;
		count = sh.nparams;
	}
	if (count < 0)
		return sh.status = 1;
	int status = 0;
	sh.loop_depth++;
	for (int i = 0; i < count; i++) {
		var_set(n->name, items[i]);
		status = run_node(n->b, 0);
		if (sh.breaks) {
			sh.breaks--;
			break;
		}
		if (sh.continues && --sh.continues)
			break;
		if (sh.returning)
			break;
	}
	sh.loop_depth--;
	return sh.status = status;
}

static int
run_loop(struct node *n)
{
	int status = 0;
	sh.loop_depth++;
	for (;;) {
		int c = run_node(n->a, 0);
		if (stop_requested()) {
			if (sh.breaks) {
				sh.breaks--;
				break;
			}
			if (sh.continues && --sh.continues)
				break;
			if (sh.returning)
				break;
			continue;
		}
		if ((c == 0) != (n->kind == N_WHILE))
			break;
		status = run_node(n->b, 0);
		if (sh.breaks) {
			sh.breaks--;
			break;
		}
		if (sh.continues && --sh.continues)
			break;
		if (sh.returning)
			break;
	}
	sh.loop_depth--;
	return sh.status = status;
}

static int
run_compound(struct node *n, int in_child)
{
	switch (n->kind) {
	case N_IF: {
		int c = run_node(n->a, 0);
		if (stop_requested())
			return c;
		if (c == 0)
			return run_node(n->b, in_child);
		if (n->c)
			return run_node(n->c, in_child);
		return sh.status = 0;
	}
	case N_WHILE:
	case N_UNTIL:
		return run_loop(n);
	case N_FOR:
		return run_for(n);
	case N_BRACE:
		return run_node(n->a, in_child);
	case N_SUBSHELL: {
		if (in_child)
			return run_node(n->a, 1);
		pid_t pid = fork_flushed();
		if (pid < 0)
			return sh.status = 1;
		if (pid == 0)
			child_exit(run_node(n->a, 1));
		return sh.status = wait_child(pid);
	}
	default:
		return 0;
	}
}

int
run_node(struct node *n, int in_child)
{
	int status = 0;
	switch (n->kind) {
	case N_SIMPLE:
		status = run_simple(n, in_child);
		break;
	case N_PIPE:
		status = run_pipe(n);
		break;
	case N_AND:
	case N_OR:
		status = run_node(n->a, 0);
		if (!stop_requested() && ((status == 0) == (n->kind == N_AND)))
			status = run_node(n->b, in_child);
		break;
	case N_SEQ:
		run_node(n->a, 0);
		if (stop_requested())
			return sh.status;
		status = run_node(n->b, in_child);
		break;
	case N_BG: {
		pid_t pid = fork_flushed();
		if (pid == 0) {
			/* sh(1p) 2.9.3: without job control, a background
			 * command's stdin is /dev/null. */
			int null = open("/dev/null", O_RDONLY);
			if (null >= 0 && null != 0) {
				dup2(null, 0);
				close(null);
			}
			child_exit(run_node(n->a, 1));
		}
		if (pid > 0) {
			sh.last_bg = pid;
			job_add(pid);
		}
		status = 0;
		break;
	}
	case N_FUNC:
		func_set(n->name, n->a);
		status = 0;
		break;
	default: {
		struct saved_fd saved[16];
		int nsaved = 0;
		if (!apply_redirs(n->redirs, saved, &nsaved, 16)) {
			restore_redirs(saved, nsaved);
			status = 1;
			break;
		}
		status = run_compound(n, in_child && !n->redirs);
		restore_redirs(saved, nsaved);
	}
	}
	sh.status = status;
	if (any_trap_pending)
		run_pending_traps();
	return sh.status;
}

int
run_text(const char *text)
{
	struct node *n = parse_script(text);
	if (!n)
		return sh.status = 2;
	return run_node(n, 0);
}

char *
command_output(const char *text)
{
	int p[2];
	if (pipe(p) < 0) {
		warnx_("sh", "pipe: %s", errtext(errno));
		return xstrdup("");
	}
	pid_t pid = fork_flushed();
	if (pid == 0) {
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		child_exit(run_text(text));
	}
	close(p[1]);
	size_t n = 0, cap = 256;
	char *out = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		ssize_t r = read(p[0], out + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(p[0]);
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = 0;
	sh.status = pid > 0 ? wait_child(pid) : 1;
	return out;
}

void
child_exit(int status)
{
	run_exit_trap(status);
	fflush(NULL);
	_exit(status & 0xff);
}

/* The whole of PATH, or of stdin for NULL (read from fd 0 itself, as
 * /dev/stdin need not exist). */
static char *
read_file(const char *path)
{
	FILE *f = path ? fopen(path, "r") : stdin;
	if (!f)
		return NULL;
	size_t n = 0, cap = 4096;
	char *s = xmalloc(cap);
	size_t r;
	while ((r = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 >= cap) {
			cap *= 2;
			s = xrealloc(s, cap);
		}
	}
	if (f != stdin)
		fclose(f);
	s[n] = 0;
	return s;
}

int
applet_sh(int argc, char **argv)
{
	memset(&sh, 0, sizeof sh);
	sh.pid = getpid();
	sh.arg0 = argv[0];
	const char *noexec = getenv("MINIBOX_NOEXEC");
	sh.noexec = noexec && strcmp(noexec, "1") == 0;
	sh.exec_via = getenv("MINIBOX_EXEC_VIA");
	if (sh.exec_via && !*sh.exec_via)
		sh.exec_via = NULL;
	/* A fresh shell (also after fork in MINIBOX_NOEXEC mode): only the
	 * environment, no variables or functions of the shell that forked. */
	vars_clear();
	funcs_clear();
	vars_import(environ);
	char *text;
	int i = 1;
	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		text = argv[2];
		i = 3;
		if (argc > 3) {
			sh.arg0 = argv[3];
			i = 4;
		}
	} else if (argc > 1) {
		text = read_file(argv[1]);
		if (!text) {
			warnx_("sh", "%s: %s", argv[1], errtext(errno));
			return 127;
		}
		sh.arg0 = argv[1];
		i = 2;
	} else {
		text = read_file(NULL);
		if (!text)
			return 0;
	}
	sh.params = argv + i;
	sh.nparams = argc - i;
	struct node *n = parse_script(text);
	if (!n)
		shell_exit(2);
	run_node(n, 0);
	shell_exit(sh.status);
}
