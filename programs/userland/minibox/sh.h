/*
 * sh.h - the shell's parts: the syntax tree (sh_parse.c), variables
 * (sh_vars.c), word expansion (sh_expand.c, sh_arith.c), execution
 * (sh_exec.c) and builtins (sh_builtins.c).
 */
#ifndef MINIBOX_SH_H
#define MINIBOX_SH_H

#include <signal.h>
#include <sys/types.h>

enum node_kind {
	N_SIMPLE, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_IF, N_WHILE, N_UNTIL,
	N_FOR, N_BRACE, N_SUBSHELL, N_FUNC,
};

enum redir_op { R_IN, R_OUT, R_APPEND, R_DUPOUT, R_DUPIN };

struct redir {
	int fd;
	enum redir_op op;
	char *target; /* a raw word, expanded when the redirection is applied */
	struct redir *next;
};

/* One node of the tree. Words are kept raw (quotes and all) and expanded
 * each time the node runs, as a loop body must see new values. */
struct node {
	enum node_kind kind;
	struct node *a, *b, *c; /* operands; if: cond/then/else; loops: cond/body */
	char **words;           /* simple: arguments; for: the list (NULL: "$@") */
	int nwords;
	char **assigns;         /* simple: NAME=value words */
	int nassigns;
	struct node **cmds;     /* pipe: the commands */
	int ncmds;
	int bang;               /* pipe: `!` */
	char *name;             /* for: variable; func: name */
	struct redir *redirs;
};

/* Parses a whole script; NULL (after a message on stderr) on a syntax error. */
struct node *parse_script(const char *text);
/* The index after the quote or $(, ${, ` construct at S[I]; -1 if unclosed. */
long minibox_skip_construct(const char *s, size_t i);

/* Variables and positional parameters. */
const char *var_get(const char *name);
void var_set(const char *name, const char *value);
void var_unset(const char *name);
void var_export(const char *name);
void vars_import(char **environ_);
void vars_clear(void);
/* A NULL-terminated NAME=VALUE array of the exported variables, with EXTRA
 * (assignments for one command) over them. */
char **vars_environ(char **extra, int nextra);
/* Prints `export NAME='value'` lines (export with no operands). */
void vars_print_exported(void);
int valid_name(const char *s, size_t n);

struct shell {
	char **params; /* $1... */
	int nparams;
	char *arg0;
	int status;    /* $? */
	pid_t pid;     /* $$ */
	pid_t last_bg; /* $! */
	int subshell;  /* in a forked child: exit without the EXIT trap */
	int breaks, continues, returning, func_depth, loop_depth;
	int noexec;    /* MINIBOX_NOEXEC=1: applets after fork, no execve */
	const char *exec_via; /* MINIBOX_EXEC_VIA: an emulator to exec through */
};
extern struct shell sh;

/* Expansion: the fields of WORDS (split and globbed). */
char **expand_words(char **words, int nwords, int *nfields);
/* One word expanded without field splitting or globbing (assignments,
 * redirection targets, case-free contexts). */
char *expand_single(const char *word);
/* $((...)) : evaluates EXPR (already expanded); 0 on error after a message. */
int arith_eval(const char *expr, long *out);
/* Runs TEXT as a script in a child, returning its stdout (trailing newlines
 * removed); sets sh.status. */
char *command_output(const char *text);

/* Execution. */
int run_node(struct node *n, int in_child);
int run_text(const char *text); /* eval */
void child_reset(void);         /* in a fresh fork: traps to defaults */
void shell_exit(int status) __attribute__((noreturn));
void child_exit(int status) __attribute__((noreturn));
int wait_status(int raw);
pid_t fork_flushed(void);

/* Builtins: -1 if NAME is none. */
int run_builtin(char **argv, int argc, int *handled);
int is_builtin(const char *name);
int is_special_builtin(const char *name);
void run_exit_trap(int status);
void run_pending_traps(void);
extern volatile sig_atomic_t trap_pending[65];
extern volatile sig_atomic_t any_trap_pending;
/* Functions. */
struct node *func_get(const char *name);
void func_set(const char *name, struct node *body);
void funcs_clear(void);
/* Background jobs, remembered for `wait`. */
void job_add(pid_t pid);
int job_wait(pid_t pid, int *status); /* 1 if PID was ours */

#endif
