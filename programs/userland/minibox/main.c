/*
 * main.c - minibox's entry: picks the applet by the basename of argv[0]
 * (a symlink /bin/cat -> minibox) or by argv[1] (`minibox cat file`).
 */
#include <stdio.h>
#include <string.h>

#include "minibox.h"

static const struct applet applets[] = {
	{"sh", applet_sh}, {"echo", applet_echo}, {"printf", applet_printf},
	{"test", applet_test}, {"[", applet_bracket}, {"true", applet_true},
	{"false", applet_false}, {"cat", applet_cat}, {"tr", applet_tr},
	{"wc", applet_wc}, {"sort", applet_sort}, {"uniq", applet_uniq},
	{"head", applet_head}, {"tail", applet_tail}, {"seq", applet_seq},
	{"rev", applet_rev}, {"grep", applet_grep}, {"cut", applet_cut},
	{"tee", applet_tee}, {"yes", applet_yes}, {"basename", applet_basename},
	{"ls", applet_ls}, {"mkdir", applet_mkdir}, {"rm", applet_rm},
	{"sleep", applet_sleep}, {"kill", applet_kill}, {"date", applet_date},
};

const struct applet *
find_applet(const char *name)
{
	const char *slash = strrchr(name, '/');
	if (slash)
		name = slash + 1;
	for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++)
		if (strcmp(applets[i].name, name) == 0)
			return &applets[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	const struct applet *a = argc > 0 ? find_applet(argv[0]) : NULL;
	if (!a && argc > 1) {
		a = find_applet(argv[1]);
		argc--;
		argv++;
	}
	if (!a) {
		fputs("usage: minibox APPLET [ARGS...] (or a symlink named APPLET)\n", stderr);
		return 127;
	}
	int status = a->main(argc, argv);
	/* A write error (a closed stdout) is a failure, as in every Unix tool. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && status == 0)
		status = 1;
	return status;
}
