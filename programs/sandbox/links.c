/*
 * links.c - hard links and renames out of a mount. Expects /w (rw,
 * holding "file"), /t (another rw mount) and /r (read-only).
 */
#include "escape.h"

static long
link2(const char *from, const char *to, long flags)
{
	return linux_syscall5(NR_linkat, LINUX_AT_FDCWD, from, LINUX_AT_FDCWD, to, flags);
}

static long
rename2(const char *from, const char *to)
{
	return linux_syscall4(NR_renameat, LINUX_AT_FDCWD, from, LINUX_AT_FDCWD, to);
}

int
main(void)
{
	require_emu();
	report("link /w/file -> /t/file", link2("/w/file", "/t/file", 0));
	report("link /w/file -> /r/file", link2("/w/file", "/r/file", 0));
	report("link /w/file -> /w/../t/file", link2("/w/file", "/w/../t/file", 0));
	report("link /w/file -> /etc/file", link2("/w/file", "/etc/file", 0));
	report("link /w/file -> /file", link2("/w/file", "/file", 0));
	report("rename /w/file -> /t/file", rename2("/w/file", "/t/file"));
	report("rename /w/file -> /r/file", rename2("/w/file", "/r/file"));
	report("rename /w/file -> /w/../t/moved", rename2("/w/file", "/w/../t/moved"));
	report("rename /w -> /t/w", rename2("/w", "/t/w"));
	report("rename /w/file -> /tmp/file", rename2("/w/file", "/tmp/file"));
	/* A link through a symlink that points at a host file. */
	linux_syscall3(NR_symlinkat, "/etc/passwd", LINUX_AT_FDCWD, "/w/pw");
	report("link(follow) /w/pw -> /w/hard", link2("/w/pw", "/w/hard", 0x400));
	/* Inside one mount both work. */
	report("link /w/file -> /w/file2", link2("/w/file", "/w/file2", 0));
	report("rename /w/file2 -> /w/file3", rename2("/w/file2", "/w/file3"));
	fflush(stdout);
	return 0;
}
