/*
 * minibox.h - the parts of minibox (a small multi-call program: a POSIX-ish
 * shell plus the applets its test scripts use) that its files share.
 *
 * Built twice from the same sources: for rv32 with musl (zig cc, by
 * programs/Makefile) and for the host with gcc (by ShellScriptBatteryTests),
 * so that a script's behaviour under emu, qemu-riscv32 and Linux itself can be
 * compared. Nothing here depends on which libc it is: error texts come from
 * errtext() below, never strerror() (musl and glibc word some differently).
 */
#ifndef MINIBOX_H
#define MINIBOX_H

#include <stddef.h>

/* One applet: its name and its main. Applets never call exit(): the shell
 * runs some of them in its own process (as builtins, or after fork when
 * MINIBOX_NOEXEC=1), so they return their status. */
struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
};

/* The applet called NAME (a basename), or NULL. */
const struct applet *find_applet(const char *name);

/* util.c */
const char *errtext(int e);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Prints "NAME: MESSAGE\n" to stderr (unbuffered, one write). */
void warnx_(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a decimal integer (optional sign); 0 if S is not one. */
int parse_long(const char *s, long *out);
/* The signal called NAME (USR1, SIGUSR1, 10); -1 if none; 0 for EXIT/0. */
int signal_number(const char *name);
/* The name of signal SIG without "SIG" ("USR1"), or NULL. */
const char *signal_name(int sig);
/* One line of a FILE, without its newline, in a growing buffer; NULL at EOF. */
struct line_reader { char *buf; size_t cap; };
char *read_line(void *file, struct line_reader *r, size_t *len);

/* The applets (applets_*.c). */
int applet_sh(int argc, char **argv);
int applet_echo(int argc, char **argv);
int applet_printf(int argc, char **argv);
int applet_test(int argc, char **argv);
int applet_bracket(int argc, char **argv);
int applet_true(int argc, char **argv);
int applet_false(int argc, char **argv);
int applet_cat(int argc, char **argv);
int applet_tr(int argc, char **argv);
int applet_wc(int argc, char **argv);
int applet_sort(int argc, char **argv);
int applet_uniq(int argc, char **argv);
int applet_head(int argc, char **argv);
int applet_tail(int argc, char **argv);
int applet_seq(int argc, char **argv);
int applet_rev(int argc, char **argv);
int applet_grep(int argc, char **argv);
int applet_cut(int argc, char **argv);
int applet_tee(int argc, char **argv);
int applet_yes(int argc, char **argv);
int applet_basename(int argc, char **argv);
int applet_ls(int argc, char **argv);
int applet_mkdir(int argc, char **argv);
int applet_rm(int argc, char **argv);
int applet_sleep(int argc, char **argv);
int applet_kill(int argc, char **argv);
int applet_date(int argc, char **argv);

#endif
