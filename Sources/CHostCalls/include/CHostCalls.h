// Host calls for emu's jail (`--isolate`) that Swift cannot bind by itself: variadic C
// functions (prctl), calls glibc 2.36 has no wrapper for (pivot_root, capset, open_tree,
// move_mount, mount_setattr), and a clone() whose child must run only async-signal-safe C
// until it execs. Each wrapper returns what the call returns and leaves errno set.
#ifndef EMU_CHOSTCALLS_H
#define EMU_CHOSTCALLS_H

#include <stdint.h>
#include <sys/types.h>

/// prctl(2) with integer arguments (variadic in C).
int emu_prctl(int option, unsigned long second, unsigned long third, unsigned long fourth, unsigned long fifth);

/// pipe2(2) with O_CLOEXEC (declared only under _GNU_SOURCE).
int emu_pipe_cloexec(int fds[2]);

/// pidfd_open(2) (Linux 5.3; no glibc 2.36 wrapper).
int emu_pidfd_open(pid_t pid);

/// pivot_root(2).
int emu_pivot_root(const char *new_root, const char *put_old);

/// capset(2) clearing the effective, permitted and inheritable sets (version 3 header).
int emu_capset_none(void);

/// open_tree(2): a detached copy (OPEN_TREE_CLONE) of the mount tree at `path`,
/// recursive, close-on-exec when `cloexec` is non-zero.
int emu_open_tree_clone(int dirfd, const char *path, int empty_path, int cloexec);

/// mount_setattr(2) on a detached tree: sets MOUNT_ATTR_IDMAP with `userns_fd` when it is
/// not negative, MOUNT_ATTR_NOSUID | NODEV always, and MOUNT_ATTR_RDONLY when `readonly`
/// is non-zero.
int emu_mount_setattr(int fd, int userns_fd, int readonly);

/// move_mount(2) of the detached tree `fd` onto `target`.
int emu_move_mount(int fd, const char *target);

/// clone(2) with `flags` (namespace flags; SIGCHLD is added). The child closes
/// `close_fd`, sets PR_SET_PDEATHSIG(SIGKILL), waits until one byte can be read from
/// `wait_fd`, then execs `path` with `argv` and `envp` (or exits 0 when `path` is NULL,
/// which makes a child that only holds its new namespaces until released). It exits 125
/// when the wait ends without a byte and 127 when exec fails. Returns the child's pid, or
/// -1 with errno.
pid_t emu_clone_waiting(int flags, int wait_fd, int close_fd, const char *path, char *const argv[],
                        char *const envp[]);

#endif
