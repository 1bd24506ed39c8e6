#define _GNU_SOURCE
#include "CHostCalls.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <fcntl.h>
#include <linux/capability.h>

// New mount API numbers: the same on every architecture since Linux 5.2 (the unified
// syscall table for calls from 424 on), so no per-architecture table is needed.
#define EMU_SYS_open_tree 428
#define EMU_SYS_move_mount 429
#define EMU_SYS_mount_setattr 442
#define EMU_OPEN_TREE_CLONE 1
#define EMU_AT_RECURSIVE 0x8000
#define EMU_AT_EMPTY_PATH 0x1000
#define EMU_MOVE_MOUNT_F_EMPTY_PATH 0x4
#define EMU_MOUNT_ATTR_RDONLY 0x1
#define EMU_MOUNT_ATTR_NOSUID 0x2
#define EMU_MOUNT_ATTR_NODEV 0x4
#define EMU_MOUNT_ATTR_IDMAP 0x100000

struct emu_mount_attr {
    uint64_t attr_set, attr_clr, propagation, userns_fd;
};

int emu_prctl(int option, unsigned long second, unsigned long third, unsigned long fourth, unsigned long fifth) {
    return prctl(option, second, third, fourth, fifth);
}

int emu_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int emu_pidfd_open(pid_t pid) { return (int)syscall(434 /* pidfd_open, every architecture */, pid, 0); }

int emu_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

int emu_capset_none(void) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {{0, 0, 0}, {0, 0, 0}};
    return (int)syscall(SYS_capset, &header, data);
}

int emu_open_tree_clone(int dirfd, const char *path, int empty_path, int cloexec) {
    unsigned flags = EMU_OPEN_TREE_CLONE | EMU_AT_RECURSIVE | (cloexec ? O_CLOEXEC : 0);
    if (empty_path) flags |= EMU_AT_EMPTY_PATH;
    return (int)syscall(EMU_SYS_open_tree, dirfd, path, flags);
}

int emu_mount_setattr(int fd, int userns_fd, int readonly) {
    struct emu_mount_attr attr = {0, 0, 0, 0};
    if (userns_fd >= 0) {
        attr.attr_set |= EMU_MOUNT_ATTR_IDMAP;
        attr.userns_fd = (uint64_t)userns_fd;
    }
    // No set-user-id programs or device nodes through any mount: emu needs neither.
    attr.attr_set |= EMU_MOUNT_ATTR_NOSUID | EMU_MOUNT_ATTR_NODEV;
    if (readonly) attr.attr_set |= EMU_MOUNT_ATTR_RDONLY;
    return (int)syscall(EMU_SYS_mount_setattr, fd, "", EMU_AT_EMPTY_PATH | EMU_AT_RECURSIVE, &attr, sizeof attr);
}

int emu_move_mount(int fd, const char *target) {
    return (int)syscall(EMU_SYS_move_mount, fd, "", -100 /* AT_FDCWD */, target, EMU_MOVE_MOUNT_F_EMPTY_PATH);
}

pid_t emu_clone_waiting(int flags, int wait_fd, int close_fd, const char *path, char *const argv[],
                        char *const envp[]) {
    // A raw clone without CLONE_VM and with a null stack behaves like fork(): the child
    // continues here on a copy of the stack. The argument order after the stack differs
    // between x86-64 and AArch64, but every one of them is zero here.
    long pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, 0, 0, 0);
    if (pid != 0) return (pid_t)pid;
    // The child of a multithreaded (Swift) process: only async-signal-safe calls from here
    // to exec, as after vfork.
    if (close_fd >= 0) close(close_fd);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    char byte;
    ssize_t got;
    do { got = read(wait_fd, &byte, 1); } while (got < 0 && errno == EINTR);
    if (got != 1) _exit(125);
    close(wait_fd);
    if (path == NULL) _exit(0);
    // Become the new namespace's root. The maps written from outside translate ids, they
    // do not change this process's credentials, which still hold the launcher's host ids;
    // and an exec only grants capabilities to the namespace's own root. Raw calls: glibc's
    // wrappers would try to reach the parent's other threads, which this child lacks.
    // setgroups first (where the launcher allowed it): no host supplementary group is kept.
    syscall(SYS_setgroups, 0, NULL);
    if (syscall(SYS_setresgid, 0, 0, 0) != 0 || syscall(SYS_setresuid, 0, 0, 0) != 0) _exit(125);
    execve(path, argv, envp);
    _exit(127);
}
