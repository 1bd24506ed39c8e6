import CHostCalls
import Glibc

/// The seccomp filter the jail installs on the emu process itself, once the guest's mounts
/// are open: an allow-list of the host calls the shim needs to serve a guest, some with
/// their arguments checked, and EPERM for everything else — sockets, threads, exec,
/// ptrace, mount, namespaces, module loading, keyrings, most of prctl and the rest — so that
/// even a bug in the shim cannot make the host kernel do those for the guest.
///
/// Argument checks (seccomp sees registers, not the memory they point to):
/// - `ioctl` only with TCGETS, TIOCGWINSZ, FIONREAD and FIONBIO, the requests the shim forwards.
/// - `mmap` and `mprotect` never with PROT_EXEC: emu generates no host code, so a mapping
///   that becomes executable after start-up can only be an attack.
/// - `tgkill` only to this process (the Swift runtime's abort raises a signal at itself).
/// - `clone` only as glibc's fork, `prctl` only for the parent-death signal and the child
///   subreaper, `socketpair` only AF_UNIX, `kill` only to one pid above 1: guest processes
///   are forks of emu.
/// - with `restrictPaths`, every path-taking call with AT_FDCWD as its directory: the shim
///   resolves guest paths relative to descriptors it holds, so a call relative to the
///   working directory is not its own. The path strings themselves cannot be checked;
///   the jail's root (holding only the mounts) is what bounds where a path can lead.
///
/// The program is classic BPF over `struct seccomp_data` (nr at 0, arch at 4, argument N
/// at 16 + 8N, low word first on these little-endian hosts). A call from another
/// architecture (an x86-64 process may still use the i386 or x32 tables) kills the
/// process: its numbers mean other calls.
public enum SeccompFilter {
    /// Host calls allowed with any arguments.
    static let plainNames: [String] = [
        "read", "write", "readv", "writev", "pread64", "pwrite64", "lseek", "close", "dup", "dup3", "fcntl",
        "fstat", "getdents64", "ftruncate", "fsync", "fdatasync", "getcwd", "munmap", "mremap", "madvise", "brk",
        "mincore", "getrandom", "clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep", "gettimeofday",
        "setitimer", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "restart_syscall",
        "getpid", "gettid", "getuid", "getgid", "geteuid", "getegid", "getrlimit", "prlimit64", "getrusage",
        "futex", "sched_yield", "sched_getaffinity", "set_robust_list", "rseq", "exit", "exit_group",
        // Guest signals (Linux/Signals): the wake-up timer, the atomic wait for a host signal,
        // and the queued signal that carries a guest kill to another guest process's emu
        // (inside the jail's pid namespace only guest processes can be named).
        "timer_create", "timer_settime", "timer_delete", "rt_sigqueueinfo",
        // Guest processes are forks of emu (clone, prctl and socketpair are checked below):
        // waiting for them, signalling them (the jail's pid namespace holds only the tree),
        // and what connects them.
        "wait4", "waitid", "getppid", "getitimer", "pipe2", "poll", "ppoll", "pause", "eventfd2",
        "sendto", "recvfrom", "shutdown",
        // The guest's fchmod, fchown, fallocate, flock and fstatfs on its descriptors, and the
        // memory files behind emu's /proc and /etc (LinuxProcess+SyntheticFiles).
        "fchmod", "fchown", "fallocate", "flock", "fstatfs", "memfd_create",
    ]
    /// Path-taking calls and the argument positions of their directory descriptors.
    static let pathCalls: [(name: String, directoryArguments: [Int])] = [
        ("openat", [0]), ("newfstatat", [0]), ("statx", [0]), ("mkdirat", [0]), ("unlinkat", [0]),
        ("renameat", [0, 2]), ("renameat2", [0, 2]), ("linkat", [0, 2]), ("symlinkat", [1]),
        ("readlinkat", [0]), ("faccessat", [0]), ("faccessat2", [0]), ("fchmodat", [0]),
        // chmod without following a link, chown, touch and mkfifo (LinuxProcess+Metadata).
        ("fchmodat2", [0]), ("fchownat", [0]), ("utimensat", [0]), ("mknodat", [0]),
    ]
    /// x86-64's calls that take a path relative to the working directory (AArch64 has only
    /// the *at forms): allowed only without `restrictPaths`, for `--tmpfs` directories
    /// outside a jail root, which are removed by path at exit.
    static let workingDirectoryNames = ["mkdir", "rmdir", "unlink", "access", "readlink"]

    #if arch(x86_64)
    /// AUDIT_ARCH_X86_64.
    static let architecture: UInt32 = 0xC000_003E
    /// x86-64 numbers (from <asm/unistd_64.h>).
    static let numbers: [String: UInt32] = [
        "read": 0, "write": 1, "close": 3, "fstat": 5, "lseek": 8, "mmap": 9, "mprotect": 10, "munmap": 11,
        "brk": 12, "rt_sigaction": 13, "rt_sigprocmask": 14, "rt_sigreturn": 15, "ioctl": 16, "pread64": 17,
        "pwrite64": 18, "readv": 19, "writev": 20, "access": 21, "sched_yield": 24, "mremap": 25,
        "mincore": 27, "madvise": 28, "dup": 32, "nanosleep": 35, "setitimer": 38, "getpid": 39, "exit": 60,
        "fcntl": 72, "fsync": 74, "fdatasync": 75, "ftruncate": 77, "getcwd": 79, "mkdir": 83, "rmdir": 84,
        "unlink": 87, "readlink": 89, "gettimeofday": 96, "getrlimit": 97, "getrusage": 98, "getuid": 102,
        "getgid": 104, "geteuid": 107, "getegid": 108, "sigaltstack": 131, "gettid": 186, "futex": 202,
        "sched_getaffinity": 204, "getdents64": 217, "restart_syscall": 219, "clock_gettime": 228,
        "clock_getres": 229, "clock_nanosleep": 230, "exit_group": 231, "tgkill": 234, "openat": 257,
        "mkdirat": 258, "newfstatat": 262, "unlinkat": 263, "renameat": 264, "linkat": 265, "symlinkat": 266,
        "readlinkat": 267, "fchmodat": 268, "faccessat": 269, "set_robust_list": 273, "dup3": 292,
        "prlimit64": 302, "renameat2": 316, "getrandom": 318, "statx": 332, "rseq": 334, "faccessat2": 439,
        "timer_create": 222, "timer_settime": 223, "timer_delete": 226, "rt_sigqueueinfo": 129,
        "poll": 7, "pause": 34, "getitimer": 36, "sendto": 44, "recvfrom": 45, "shutdown": 48, "socketpair": 53,
        "clone": 56, "clone3": 435, "wait4": 61, "kill": 62, "getppid": 110, "prctl": 157, "waitid": 247, "ppoll": 271,
        "eventfd2": 290, "pipe2": 293,
        "fchmod": 91, "fchown": 93, "fchownat": 260, "utimensat": 280, "mknodat": 259, "fallocate": 285,
        "flock": 73, "fstatfs": 138, "memfd_create": 319, "fchmodat2": 452,
    ]
    /// x32 calls have this bit set in nr; they share the x86-64 audit arch, so they are
    /// refused by number.
    static let numberLimit: UInt32 = 0x4000_0000
    #elseif arch(arm64)
    /// AUDIT_ARCH_AARCH64.
    static let architecture: UInt32 = 0xC000_00B7
    /// AArch64 numbers (the asm-generic table).
    static let numbers: [String: UInt32] = [
        "getcwd": 17, "dup": 23, "dup3": 24, "fcntl": 25, "ioctl": 29, "mkdirat": 34, "unlinkat": 35,
        "symlinkat": 36, "linkat": 37, "renameat": 38, "ftruncate": 46, "faccessat": 48, "fchmodat": 53,
        "openat": 56, "close": 57, "getdents64": 61, "lseek": 62, "read": 63, "write": 64, "readv": 65,
        "writev": 66, "pread64": 67, "pwrite64": 68, "readlinkat": 78, "newfstatat": 79, "fstat": 80,
        "fsync": 82, "fdatasync": 83, "exit": 93, "exit_group": 94, "futex": 98, "set_robust_list": 99,
        "nanosleep": 101, "setitimer": 103, "clock_gettime": 113, "clock_getres": 114,
        "clock_nanosleep": 115, "sched_getaffinity": 123, "sched_yield": 124, "restart_syscall": 128,
        "tgkill": 131, "sigaltstack": 132, "rt_sigaction": 134, "rt_sigprocmask": 135, "rt_sigreturn": 139,
        "getrlimit": 163, "getrusage": 165, "gettimeofday": 169, "getpid": 172, "getuid": 174, "geteuid": 175,
        "getgid": 176, "getegid": 177, "gettid": 178, "brk": 214, "munmap": 215, "mremap": 216, "mmap": 222,
        "mprotect": 226, "mincore": 232, "madvise": 233, "prlimit64": 261, "renameat2": 276, "getrandom": 278,
        "timer_create": 107, "timer_settime": 110, "timer_delete": 111, "rt_sigqueueinfo": 138,
        "eventfd2": 19, "pipe2": 59, "ppoll": 73, "waitid": 95, "getitimer": 102, "kill": 129, "prctl": 167,
        "getppid": 173, "socketpair": 199, "sendto": 206, "recvfrom": 207, "shutdown": 210, "clone": 220, "clone3": 435,
        "wait4": 260,
        "statx": 291, "rseq": 293, "faccessat2": 439, "fchmod": 52, "fchown": 55, "fchownat": 54, "utimensat": 88,
        "mknodat": 33, "fallocate": 47, "flock": 32, "fstatfs": 44, "memfd_create": 279, "fchmodat2": 452,
    ]
    static let numberLimit: UInt32 = 0xFFFF_FFFF
    #else
    static let architecture: UInt32 = 0
    static let numbers: [String: UInt32] = [:]
    static let numberLimit: UInt32 = 0
    #endif

    /// Whether this host architecture has a filter (x86-64 and AArch64).
    public static var isSupported: Bool { !numbers.isEmpty }

    // Classic BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h).
    static let loadWord: UInt16 = 0x20  // BPF_LD | BPF_W | BPF_ABS
    static let jumpEqual: UInt16 = 0x15  // BPF_JMP | BPF_JEQ | BPF_K
    static let jumpGreaterOrEqual: UInt16 = 0x35  // BPF_JMP | BPF_JGE | BPF_K
    static let jumpSet: UInt16 = 0x45  // BPF_JMP | BPF_JSET | BPF_K
    static let returnConstant: UInt16 = 0x06  // BPF_RET | BPF_K
    static let killProcess: UInt32 = 0x8000_0000
    static let allow: UInt32 = 0x7FFF_0000
    static let errnoEPERM: UInt32 = 0x0005_0000 | UInt32(EPERM)

    /// One instruction with symbolic jump targets, resolved by `assemble`.
    enum Step {
        case statement(UInt16, UInt32)
        case jump(UInt16, UInt32, ifTrue: String?, ifFalse: String?)
        case label(String)
    }

    /// The offset in `seccomp_data` of the low word of argument `index`.
    static func argumentLow(_ index: Int) -> UInt32 { UInt32(16 + 8 * index) }

    /// The filter as symbolic steps. `process` is this process's pid as it sees itself.
    static func steps(restrictPaths: Bool, process: Int32) -> [Step] {
        var steps: [Step] = [
            .statement(loadWord, 4),  // A = arch
            .jump(jumpEqual, architecture, ifTrue: nil, ifFalse: "kill"),
            .statement(loadWord, 0),  // A = nr
            .jump(jumpGreaterOrEqual, numberLimit, ifTrue: "deny", ifFalse: nil),
        ]
        var plain = plainNames
        if !restrictPaths { plain += pathCalls.map(\.name) + workingDirectoryNames }
        for number in Set(plain.compactMap { numbers[$0] }).sorted() {
            steps.append(.jump(jumpEqual, number, ifTrue: "allow", ifFalse: nil))
        }
        var blocks: [Step] = []
        func special(_ name: String, _ body: [Step]) {
            guard let number = numbers[name] else { return }
            // "call " before the name: the kill call's block must not be the "kill" return.
            steps.append(.jump(jumpEqual, number, ifTrue: "call " + name, ifFalse: nil))
            blocks += [.label("call " + name)] + body
        }
        // ioctl(fd, request, ...): the request's high word must be 0, its low word one of four.
        special("ioctl", [
            .statement(loadWord, argumentLow(1) + 4),
            .jump(jumpEqual, 0, ifTrue: nil, ifFalse: "deny"),
            .statement(loadWord, argumentLow(1)),
            .jump(jumpEqual, UInt32(HostTerminal.TCGETS), ifTrue: "allow", ifFalse: nil),
            .jump(jumpEqual, 0x541B, ifTrue: "allow", ifFalse: nil),  // FIONREAD
            .jump(jumpEqual, 0x5421, ifTrue: "allow", ifFalse: nil),  // FIONBIO
            .jump(jumpEqual, UInt32(HostTerminal.TIOCGWINSZ), ifTrue: "allow", ifFalse: "deny"),
        ])
        // mmap(addr, length, prot, ...) and mprotect(addr, length, prot): no PROT_EXEC (4).
        for name in ["mmap", "mprotect"] {
            special(name, [
                .statement(loadWord, argumentLow(2)),
                .jump(jumpSet, UInt32(PROT_EXEC), ifTrue: "deny", ifFalse: "allow"),
            ])
        }
        // tgkill(tgid, tid, signal): tgid is this process.
        special("tgkill", [
            .statement(loadWord, argumentLow(0)),
            .jump(jumpEqual, UInt32(bitPattern: process), ifTrue: "allow", ifFalse: "deny"),
        ])
        // clone(flags, ...): exactly glibc's fork (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID
        // | SIGCHLD): no threads, no namespaces, no shared anything.
        // Or exactly glibc's pthread_create (CLONE_VM | FS | FILES | SYSVSEM | SIGHAND | THREAD
        // | SETTLS | PARENT_SETTID | CHILD_CLEARTID): each guest thread runs on a host thread.
        special("clone", [
            .statement(loadWord, argumentLow(0) + 4),
            .jump(jumpEqual, 0, ifTrue: nil, ifFalse: "deny"),
            .statement(loadWord, argumentLow(0)),
            .jump(jumpEqual, 0x0120_0011, ifTrue: "allow", ifFalse: nil),
            .jump(jumpEqual, 0x003D_0F00, ifTrue: "allow", ifFalse: "deny"),
        ])
        // clone3: ENOSYS, not EPERM, so that glibc's pthread_create falls back to clone,
        // whose flags the filter can see (clone3's are in memory).
        special("clone3", [.statement(returnConstant, 0x0005_0000 | UInt32(ENOSYS))])
        // kill(pid, signal): one process, pid 2 or more. The shim signals only other guest
        // processes, each found in the tree's table, and never init (pid 1 of the jail's pid
        // namespace), a group (pid <= 0) or everyone (-1).
        special("kill", [
            .statement(loadWord, argumentLow(0)),
            .jump(jumpGreaterOrEqual, 0x8000_0000, ifTrue: "deny", ifFalse: nil),
            .jump(jumpGreaterOrEqual, 2, ifTrue: "allow", ifFalse: "deny"),
        ])
        // prctl(option, ...): only PR_SET_PDEATHSIG (1) and PR_SET_CHILD_SUBREAPER (36).
        special("prctl", [
            .statement(loadWord, argumentLow(0)),
            .jump(jumpEqual, 1, ifTrue: "allow", ifFalse: nil),
            .jump(jumpEqual, 36, ifTrue: "allow", ifFalse: "deny"),
        ])
        // socketpair(domain, ...): AF_UNIX only (an unnamed pair reaches nothing).
        special("socketpair", [
            .statement(loadWord, argumentLow(0)),
            .jump(jumpEqual, UInt32(AF_UNIX), ifTrue: "allow", ifFalse: "deny"),
        ])
        if restrictPaths {
            let workingDirectory = UInt32(bitPattern: AT_FDCWD)
            for call in pathCalls {
                var body: [Step] = []
                for argument in call.directoryArguments {
                    // dirfd is an int: the kernel reads only the low word.
                    body.append(.statement(loadWord, argumentLow(argument)))
                    body.append(.jump(jumpEqual, workingDirectory, ifTrue: "deny", ifFalse: nil))
                }
                body.append(.statement(returnConstant, allow))
                special(call.name, body)
            }
        }
        // Classic BPF jumps only forward: the blocks come after the comparisons, and the
        // three returns every jump may target come last.
        // (A comparison whose both targets are "deny" is the unconditional jump after the
        // list of calls.)
        return steps + [.jump(jumpEqual, 0, ifTrue: "deny", ifFalse: "deny")] + blocks + [
            .label("deny"), .statement(returnConstant, errnoEPERM),
            .label("allow"), .statement(returnConstant, allow),
            .label("kill"), .statement(returnConstant, killProcess),
        ]
    }

    /// Resolves labels to the 8-bit forward offsets of classic BPF and lays the program out
    /// as `struct sock_filter` records (code u16, jt u8, jf u8, k u32) in bytes, so that no
    /// Swift struct layout is assumed. nil when a jump would be out of reach.
    static func assemble(_ steps: [Step]) -> [UInt8]? {
        var labels: [String: Int] = [:]
        var count = 0
        for step in steps {
            if case .label(let name) = step { labels[name] = count } else { count += 1 }
        }
        var bytes: [UInt8] = []
        var index = 0
        func emit(_ code: UInt16, _ jt: UInt8, _ jf: UInt8, _ k: UInt32) {
            withUnsafeBytes(of: code.littleEndian) { bytes += $0 }
            bytes += [jt, jf]
            withUnsafeBytes(of: k.littleEndian) { bytes += $0 }
            index += 1
        }
        // A jump's offset counts from the next instruction; nil target = fall through.
        func offset(_ label: String?) -> UInt8? {
            guard let label else { return 0 }
            guard let target = labels[label], target > index, target - index - 1 <= 255 else { return nil }
            return UInt8(target - index - 1)
        }
        for step in steps {
            switch step {
            case .label: continue
            case .statement(let code, let k): emit(code, 0, 0, k)
            case .jump(let code, let k, let ifTrue, let ifFalse):
                guard let jt = offset(ifTrue), let jf = offset(ifFalse) else { return nil }
                emit(code, jt, jf, k)
            }
        }
        return bytes
    }

    /// The assembled program for this process.
    static func program(restrictPaths: Bool) -> [UInt8]? {
        assemble(steps(restrictPaths: restrictPaths, process: getpid()))
    }

    /// Sets no_new_privs and installs the filter on the calling thread (and the children it
    /// may have, which are none). Returns the failing step and errno when the kernel refuses.
    public static func install(restrictPaths: Bool) -> (step: String, errno: Int32)? {
        guard isSupported else { return ("seccomp filter (no syscall table for this architecture)", ENOSYS) }
        guard let filter = program(restrictPaths: restrictPaths), filter.count / 8 <= 4096 else {
            return ("seccomp filter (a jump out of reach)", E2BIG)
        }
        if emu_prctl(HostLinux.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 { return ("prctl(PR_SET_NO_NEW_PRIVS)", errno) }
        return filter.withUnsafeBytes { records -> (step: String, errno: Int32)? in
            // struct sock_fprog: unsigned short len, then (8-byte aligned) the pointer.
            var fprog = [UInt64](repeating: 0, count: 2)
            fprog[0] = UInt64(filter.count / 8)
            fprog[1] = UInt64(UInt(bitPattern: records.baseAddress))
            let result = fprog.withUnsafeBytes {
                emu_prctl(HostLinux.PR_SET_SECCOMP, HostLinux.SECCOMP_MODE_FILTER, UInt(bitPattern: $0.baseAddress), 0, 0)
            }
            return result == 0 ? nil : ("seccomp filter (prctl(PR_SET_SECCOMP))", errno)
        }
    }
}
