import Glibc

/// The seccomp filter `--isolate` installs on the emu process itself: an allow-list of the
/// host system calls the shim needs to serve a guest (files inside mounts, memory, time,
/// randomness, signals for `--timeout`), and EPERM for everything else — sockets, process
/// creation, exec, ptrace, mount, module loading, keyrings and the rest — so that even a
/// bug in the shim cannot make the host kernel do those for the guest.
///
/// The program is classic BPF over `struct seccomp_data` (nr at offset 0, arch at 4). A
/// call from another architecture (an x86-64 process may still use the i386 or x32
/// tables) kills the process: its numbers mean other calls.
public enum SeccompFilter {
    /// The host calls emu may make once the guest runs (names for documentation; the
    /// numbers come from the host architecture's table).
    static let allowedNames: [String] = [
        "read", "write", "readv", "writev", "pread64", "pwrite64", "lseek", "close", "dup", "dup3", "fcntl",
        "ioctl", "openat", "fstat", "newfstatat", "statx", "getdents64", "mkdirat", "unlinkat", "renameat",
        "renameat2", "linkat", "symlinkat", "readlinkat", "faccessat", "faccessat2", "fchmodat", "ftruncate",
        "fsync", "fdatasync", "getcwd", "mmap", "munmap", "mprotect", "mremap", "madvise", "brk", "getrandom",
        "clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep", "gettimeofday", "setitimer",
        "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "restart_syscall", "getpid",
        "gettid", "getuid", "getgid", "geteuid", "getegid", "getrlimit", "prlimit64", "futex",
        "sched_yield", "sched_getaffinity", "set_robust_list", "rseq", "tgkill", "exit", "exit_group",
        // Guest signals (Linux/Signals): the wake-up timer, kills between guest processes'
        // emus, and the atomic wait for a host signal.
        "timer_create", "timer_settime", "timer_delete", "rt_sigqueueinfo", "ppoll",
        // x86-64 only (AArch64 has just the *at forms): glibc's mkdtemp, rmdir, unlink, access.
        "mkdir", "rmdir", "unlink", "access", "readlink",
    ]

    #if arch(x86_64)
    /// AUDIT_ARCH_X86_64.
    static let architecture: UInt32 = 0xC000_003E
    /// x86-64 numbers of `allowedNames` (from <asm/unistd_64.h>).
    static let numbers: [String: UInt32] = [
        "read": 0, "write": 1, "close": 3, "fstat": 5, "lseek": 8, "mmap": 9, "mprotect": 10, "munmap": 11,
        "brk": 12, "rt_sigaction": 13, "rt_sigprocmask": 14, "rt_sigreturn": 15, "ioctl": 16, "pread64": 17,
        "pwrite64": 18, "readv": 19, "writev": 20, "access": 21, "sched_yield": 24, "mremap": 25,
        "madvise": 28, "dup": 32, "nanosleep": 35, "setitimer": 38, "getpid": 39, "exit": 60, "fcntl": 72,
        "fsync": 74, "fdatasync": 75, "ftruncate": 77, "getcwd": 79, "mkdir": 83, "rmdir": 84, "unlink": 87,
        "readlink": 89, "gettimeofday": 96, "getrlimit": 97, "getuid": 102, "getgid": 104, "geteuid": 107,
        "getegid": 108, "sigaltstack": 131, "gettid": 186, "futex": 202, "sched_getaffinity": 204,
        "getdents64": 217, "restart_syscall": 219, "clock_gettime": 228, "clock_getres": 229,
        "clock_nanosleep": 230, "exit_group": 231, "tgkill": 234, "openat": 257, "mkdirat": 258,
        "newfstatat": 262, "unlinkat": 263, "renameat": 264, "linkat": 265, "symlinkat": 266,
        "readlinkat": 267, "fchmodat": 268, "faccessat": 269, "set_robust_list": 273, "dup3": 292,
        "prlimit64": 302, "renameat2": 316, "timer_create": 222, "timer_settime": 223, "timer_delete": 226,
        "rt_sigqueueinfo": 129, "ppoll": 271, "getrandom": 318, "statx": 332, "rseq": 334, "faccessat2": 439,
    ]
    /// x32 calls have this bit set in nr; they share the x86-64 audit arch, so they are
    /// refused by number.
    static let numberLimit: UInt32 = 0x4000_0000
    #elseif arch(arm64)
    /// AUDIT_ARCH_AARCH64.
    static let architecture: UInt32 = 0xC000_00B7
    /// AArch64 numbers of `allowedNames` (the asm-generic table).
    static let numbers: [String: UInt32] = [
        "getcwd": 17, "dup": 23, "dup3": 24, "fcntl": 25, "ioctl": 29, "mkdirat": 34, "unlinkat": 35,
        "symlinkat": 36, "linkat": 37, "renameat": 38, "ftruncate": 46, "faccessat": 48, "fchmodat": 53,
        "openat": 56, "close": 57, "getdents64": 61, "lseek": 62, "read": 63, "write": 64, "readv": 65,
        "writev": 66, "pread64": 67, "pwrite64": 68, "readlinkat": 78, "newfstatat": 79, "fstat": 80,
        "fsync": 82, "fdatasync": 83, "exit": 93, "exit_group": 94, "futex": 98, "set_robust_list": 99,
        "nanosleep": 101, "setitimer": 103, "clock_gettime": 113, "clock_getres": 114,
        "clock_nanosleep": 115, "sched_getaffinity": 123, "sched_yield": 124, "restart_syscall": 128,
        "tgkill": 131, "sigaltstack": 132, "rt_sigaction": 134, "rt_sigprocmask": 135, "rt_sigreturn": 139,
        "getrlimit": 163, "gettimeofday": 169, "getpid": 172, "getuid": 174, "geteuid": 175, "getgid": 176,
        "getegid": 177, "gettid": 178, "brk": 214, "munmap": 215, "mremap": 216, "mmap": 222,
        "mprotect": 226, "madvise": 233, "prlimit64": 261, "renameat2": 276, "getrandom": 278, "statx": 291,
        "rseq": 293, "faccessat2": 439, "timer_create": 107, "timer_settime": 110, "timer_delete": 111,
        "rt_sigqueueinfo": 138, "ppoll": 73,
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
    static let returnConstant: UInt16 = 0x06  // BPF_RET | BPF_K
    static let killProcess: UInt32 = 0x8000_0000
    static let allow: UInt32 = 0x7FFF_0000
    static let errnoEPERM: UInt32 = 0x0005_0000 | UInt32(EPERM)

    /// The filter as `struct sock_filter` records (code u16, jt u8, jf u8, k u32), laid out
    /// in bytes so that no Swift struct layout is assumed.
    static func program() -> [UInt8] {
        var bytes: [UInt8] = []
        func emit(_ code: UInt16, _ jt: UInt8, _ jf: UInt8, _ k: UInt32) {
            withUnsafeBytes(of: code.littleEndian) { bytes += $0 }
            bytes += [jt, jf]
            withUnsafeBytes(of: k.littleEndian) { bytes += $0 }
        }
        let allowed = Set(allowedNames.compactMap { numbers[$0] }).sorted()
        emit(loadWord, 0, 0, 4)  // A = arch
        emit(jumpEqual, 1, 0, architecture)
        emit(returnConstant, 0, 0, killProcess)
        emit(loadWord, 0, 0, 0)  // A = nr
        emit(jumpGreaterOrEqual, UInt8(allowed.count), 0, numberLimit)  // over the comparisons to EPERM
        for (index, number) in allowed.enumerated() {
            // Jump over the remaining comparisons and the EPERM return to ALLOW.
            emit(jumpEqual, UInt8(allowed.count - index), 0, number)
        }
        emit(returnConstant, 0, 0, errnoEPERM)
        emit(returnConstant, 0, 0, allow)
        return bytes
    }

    /// Sets no_new_privs and installs the filter on the calling thread (and the children it
    /// may have, which are none). Returns the failing step and errno when the kernel refuses.
    public static func install() -> (step: String, errno: Int32)? {
        guard isSupported else { return ("seccomp filter (no syscall table for this architecture)", ENOSYS) }
        let filter = program()
        guard filter.count / 8 + 1 < 256 else { return ("seccomp filter (too many calls for 8-bit jumps)", E2BIG) }
        if hostPrctl(HostLinux.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 { return ("prctl(PR_SET_NO_NEW_PRIVS)", errno) }
        return filter.withUnsafeBytes { records -> (step: String, errno: Int32)? in
            // struct sock_fprog: unsigned short len, then (8-byte aligned) the pointer.
            var fprog = [UInt64](repeating: 0, count: 2)
            fprog[0] = UInt64(filter.count / 8)
            fprog[1] = UInt64(UInt(bitPattern: records.baseAddress))
            let result = fprog.withUnsafeBytes {
                hostPrctl(HostLinux.PR_SET_SECCOMP, HostLinux.SECCOMP_MODE_FILTER, UInt(bitPattern: $0.baseAddress), 0, 0)
            }
            return result == 0 ? nil : ("prctl(PR_SET_SECCOMP)", errno)
        }
    }
}
