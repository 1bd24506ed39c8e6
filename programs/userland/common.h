/*
 * common.h - small helpers shared by the userland test programs (musl).
 */
#ifndef USERLAND_COMMON_H
#define USERLAND_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* The symbolic name of the errno values these programs meet. */
static inline const char *
errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOEXEC: return "ENOEXEC";
	case ENOSYS: return "ENOSYS";
	case ELOOP: return "ELOOP";
	default: return "other";
	}
}

/* How a wait status reads: "exit N", "signal N" or "other". */
static inline const char *
describe_status(int status, char *buffer, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buffer, size, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buffer, size, "signal %d", WTERMSIG(status));
	else
		snprintf(buffer, size, "other 0x%x", status);
	return buffer;
}

#endif
