/// The riscv32 Linux system-call numbers (asm-generic table, 64-bit time only).
///
/// The cases are spelled as the kernel spells the calls, not in lower camel case, so that
/// `String(describing:)` gives the name `--strace`, `--deny-syscall` and `--allow-syscall` use.
public enum LinuxSyscall: UInt32, CaseIterable, Sendable {
    case io_setup = 0
    case getcwd = 17
    case eventfd2 = 19
    case dup = 23
    case dup3 = 24
    case fcntl64 = 25
    case ioctl = 29
    case flock = 32
    case mknodat = 33
    case mkdirat = 34
    case unlinkat = 35
    case symlinkat = 36
    case linkat = 37
    case renameat = 38
    case umount2 = 39
    case mount = 40
    case pivot_root = 41
    case statfs64 = 43
    case fstatfs64 = 44
    case truncate64 = 45
    case ftruncate64 = 46
    case fallocate = 47
    case faccessat = 48
    case chdir = 49
    case fchdir = 50
    case chroot = 51
    case fchmod = 52
    case fchmodat = 53
    case fchownat = 54
    case fchown = 55
    case openat = 56
    case close = 57
    case pipe2 = 59
    case getdents64 = 61
    case llseek = 62
    case read = 63
    case write = 64
    case readv = 65
    case writev = 66
    case pread64 = 67
    case pwrite64 = 68
    case sendfile64 = 71
    case readlinkat = 78
    case fstatat64 = 79
    case fstat64 = 80
    case sync = 81
    case fsync = 82
    case fdatasync = 83
    case exit = 93
    case exit_group = 94
    case waitid = 95
    case set_tid_address = 96
    case unshare = 97
    case set_robust_list = 99
    case sched_setparam = 118
    case sched_setscheduler = 119
    case sched_getscheduler = 120
    case sched_getparam = 121
    case sched_setaffinity = 122
    case sched_getaffinity = 123
    case sched_yield = 124
    case sched_get_priority_max = 125
    case sched_get_priority_min = 126
    case getitimer = 102
    case setitimer = 103
    case timer_create = 107
    case timer_getoverrun = 109
    case timer_delete = 111
    case restart_syscall = 128
    case kill = 129
    case tkill = 130
    case tgkill = 131
    case sigaltstack = 132
    case rt_sigsuspend = 133
    case rt_sigaction = 134
    case rt_sigprocmask = 135
    case rt_sigpending = 136
    case rt_sigqueueinfo = 138
    case rt_sigreturn = 139
    case setpriority = 140
    case getpriority = 141
    case reboot = 142
    case setregid = 143
    case setgid = 144
    case setreuid = 145
    case setuid = 146
    case setresuid = 147
    case getresuid = 148
    case setresgid = 149
    case getresgid = 150
    case times = 153
    case setpgid = 154
    case getpgid = 155
    case getsid = 156
    case setsid = 157
    case getgroups = 158
    case setgroups = 159
    case uname = 160
    case sethostname = 161
    case setdomainname = 162
    case getrlimit = 163
    case setrlimit = 164
    case getrusage = 165
    case umask = 166
    case prctl = 167
    case getcpu = 168
    case getpid = 172
    case getppid = 173
    case getuid = 174
    case geteuid = 175
    case getgid = 176
    case getegid = 177
    case gettid = 178
    case sysinfo = 179
    case mq_open = 180
    case mq_unlink = 181
    case msgget = 186
    case msgctl = 187
    case msgrcv = 188
    case msgsnd = 189
    case semget = 190
    case semctl = 191
    case semop = 193
    case shmget = 194
    case shmctl = 195
    case shmat = 196
    case shmdt = 197
    case socket = 198
    case socketpair = 199
    case bind = 200
    case listen = 201
    case accept = 202
    case connect = 203
    case getsockname = 204
    case getpeername = 205
    case sendto = 206
    case recvfrom = 207
    case setsockopt = 208
    case getsockopt = 209
    case shutdown = 210
    case sendmsg = 211
    case recvmsg = 212
    case brk = 214
    case munmap = 215
    case mremap = 216
    case clone = 220
    case execve = 221
    case mmap2 = 222
    case fadvise64_64 = 223
    case mprotect = 226
    case msync = 227
    case mlock = 228
    case munlock = 229
    case madvise = 233
    case accept4 = 242
    case riscv_hwprobe = 258
    case riscv_flush_icache = 259
    case wait4 = 260
    case prlimit64 = 261
    case syncfs = 267
    case renameat2 = 276
    case getrandom = 278
    case memfd_create = 279
    case bpf = 280
    case execveat = 281
    case membarrier = 283
    case copy_file_range = 285
    case statx = 291
    case clock_gettime64 = 403
    case clock_settime64 = 404
    case clock_getres_time64 = 406
    case clock_nanosleep_time64 = 407
    case utimensat_time64 = 412
    case pselect6_time64 = 413
    case timer_gettime64 = 408
    case timer_settime64 = 409
    case ppoll_time64 = 414
    case sched_rr_get_interval_time64 = 423
    case rt_sigtimedwait_time64 = 421
    case futex_time64 = 422
    case pidfd_open = 434
    case clone3 = 435
    case openat2 = 437
    case faccessat2 = 439
    case fchmodat2 = 452

    /// The call's name, e.g. `openat`.
    public var name: String { String(describing: self) }

    /// The call named `name`, if riscv32 has it.
    public init?(name: String) {
        guard let found = LinuxSyscall.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}

// MARK: - Argument kinds (what `--strace` decodes)

/// How `--strace` shows one argument of a system call. The table of ``LinuxSyscall/signature``
/// gives each call's arguments in order, so the printer has one source for every call.
public enum SyscallArgumentKind: Sendable, Equatable {
    /// A signed decimal number.
    case int
    /// An unsigned decimal number.
    case unsigned
    /// A number in hex (`0x…`).
    case hex
    /// A pointer: `NULL` or `0x…`.
    case pointer
    /// A file descriptor (signed decimal).
    case fd
    /// A directory descriptor: `AT_FDCWD` or a number.
    case dirfd
    /// A NUL-terminated path the call reads.
    case path
    /// A buffer the call reads, whose length is argument `length`: shown as a string.
    case inBuffer(length: Int)
    /// A buffer the call fills, of at most the returned byte count: shown after the call.
    case outBuffer
    /// An `iovec` array the call reads (`writev`), `count` entries in argument `count`.
    case inVectors(count: Int)
    /// An `iovec` array the call fills (`readv`), up to the returned byte count.
    case outVectors(count: Int)
    /// `O_…` flags of open.
    case openFlags
    /// `O_CLOEXEC`/`O_NONBLOCK` of dup3 and pipe2, or 0.
    case descriptorFlags
    /// A file mode, in octal.
    case mode
    /// `AT_…` flags.
    case atFlags
    /// `F_OK` or `R_OK|W_OK|X_OK`.
    case accessMode
    /// `SEEK_SET`, `SEEK_CUR`, `SEEK_END`, ...
    case whence
    /// A clock id (`CLOCK_MONOTONIC`).
    case clock
    /// `TIMER_ABSTIME` or 0.
    case timerFlags
    /// `STATX_…` mask.
    case statxMask
    /// `PROT_…` of mmap and mprotect.
    case protection
    /// `MAP_…` of mmap.
    case mapFlags
    /// A signal number (`SIGINT`).
    case signal
    /// `SIG_BLOCK`, `SIG_UNBLOCK`, `SIG_SETMASK`.
    case sigprocmaskHow
    /// An `fcntl` command (`F_GETFL`).
    case fcntlCommand
    /// An `ioctl` request (`TCGETS`).
    case ioctlRequest
    /// `GRND_…` of getrandom.
    case randomFlags
    /// `RENAME_…` of renameat2.
    case renameFlags
    /// An `RLIMIT_…` resource.
    case resource
    /// `AF_…` of socket.
    case addressFamily
    /// `SOCK_…` type of socket, with its flags.
    case socketType
    /// A `struct timespec` (64-bit time) the call reads.
    case inTimespec
    /// A `struct timespec` the call fills.
    case outTimespec
    /// A `struct stat64` the call fills.
    case outStat
    /// A `struct statx` the call fills.
    case outStatx
    /// A `struct utsname` the call fills.
    case outUtsname
    /// A 64-bit offset the call stores (`llseek`'s result): `[N]`.
    case outOffset
    /// A `linux_dirent64` buffer the call fills: the entry count.
    case outDirents
    /// A `struct rlimit64` the call fills (prlimit64's old limit).
    case outRlimit
    /// An `int[2]` the call fills (pipe2's descriptors).
    case outFdPair
}

/// How the result of a call is shown.
public enum SyscallResultKind: Sendable {
    /// A signed number, or -1 and the errno name for a failure.
    case int
    /// An address in hex (brk, mmap2), or -1 and the errno name.
    case address
    /// The call does not return (exit).
    case none
}

/// What `--strace` knows about a call: its arguments, its result and whether it can wait.
public struct SyscallSignature: Sendable {
    public let arguments: [SyscallArgumentKind]
    public let result: SyscallResultKind
    /// The call can wait for something outside the guest (input, a timer): `--strace`
    /// prints its entry line before running it when it may block.
    public let mayBlock: Bool

    init(_ arguments: [SyscallArgumentKind], result: SyscallResultKind = .int, mayBlock: Bool = false) {
        self.arguments = arguments
        self.result = result
        self.mayBlock = mayBlock
    }
}

extension LinuxSyscall {
    /// The call's arguments as `--strace` decodes them (the kernel's prototypes for riscv32).
    public var signature: SyscallSignature {
        switch self {
        case .io_setup: return .init([.unsigned, .pointer])
        case .getcwd: return .init([.outBuffer, .unsigned])
        case .dup: return .init([.fd])
        case .dup3: return .init([.fd, .fd, .descriptorFlags])
        case .fcntl64: return .init([.fd, .fcntlCommand, .hex])
        case .ioctl: return .init([.fd, .ioctlRequest, .pointer])
        case .mknodat: return .init([.dirfd, .path, .mode, .hex])
        case .mkdirat: return .init([.dirfd, .path, .mode])
        case .unlinkat: return .init([.dirfd, .path, .atFlags])
        case .symlinkat: return .init([.path, .dirfd, .path])
        case .linkat: return .init([.dirfd, .path, .dirfd, .path, .atFlags])
        case .renameat: return .init([.dirfd, .path, .dirfd, .path])
        case .renameat2: return .init([.dirfd, .path, .dirfd, .path, .renameFlags])
        case .umount2: return .init([.path, .hex])
        case .mount: return .init([.path, .path, .path, .hex, .pointer])
        case .pivot_root: return .init([.path, .path])
        case .statfs64: return .init([.path, .unsigned, .pointer])
        case .fstatfs64: return .init([.fd, .unsigned, .pointer])
        case .truncate64: return .init([.path, .unsigned, .unsigned])
        case .ftruncate64: return .init([.fd, .unsigned, .unsigned])
        case .faccessat: return .init([.dirfd, .path, .accessMode])
        case .faccessat2: return .init([.dirfd, .path, .accessMode, .atFlags])
        case .chdir, .chroot: return .init([.path])
        case .fchdir: return .init([.fd])
        case .fchmod: return .init([.fd, .mode])
        case .fchmodat: return .init([.dirfd, .path, .mode])
        case .fchownat: return .init([.dirfd, .path, .int, .int, .atFlags])
        case .fchown: return .init([.fd, .int, .int])
        case .openat: return .init([.dirfd, .path, .openFlags, .mode])
        case .openat2: return .init([.dirfd, .path, .pointer, .unsigned])
        case .close: return .init([.fd])
        case .pipe2: return .init([.outFdPair, .descriptorFlags])
        case .getdents64: return .init([.fd, .outDirents, .unsigned])
        case .llseek: return .init([.fd, .unsigned, .unsigned, .outOffset, .whence])
        case .read: return .init([.fd, .outBuffer, .unsigned], mayBlock: true)
        case .write: return .init([.fd, .inBuffer(length: 2), .unsigned])
        case .readv: return .init([.fd, .outVectors(count: 2), .unsigned], mayBlock: true)
        case .writev: return .init([.fd, .inVectors(count: 2), .unsigned])
        case .pread64: return .init([.fd, .outBuffer, .unsigned, .unsigned, .unsigned], mayBlock: true)
        case .pwrite64: return .init([.fd, .inBuffer(length: 2), .unsigned, .unsigned, .unsigned])
        case .sendfile64: return .init([.fd, .fd, .pointer, .unsigned], mayBlock: true)
        case .readlinkat: return .init([.dirfd, .path, .outBuffer, .unsigned])
        case .fstatat64: return .init([.dirfd, .path, .outStat, .atFlags])
        case .fstat64: return .init([.fd, .outStat])
        case .sync: return .init([])
        case .fsync, .fdatasync: return .init([.fd])
        case .exit, .exit_group: return .init([.int], result: .none)
        case .waitid: return .init([.int, .int, .pointer, .hex, .pointer], mayBlock: true)
        case .set_tid_address: return .init([.pointer])
        case .unshare: return .init([.hex])
        case .set_robust_list: return .init([.pointer, .unsigned])
        case .futex_time64: return .init([.pointer, .int, .int, .pointer, .pointer, .hex], mayBlock: true)
        case .kill: return .init([.int, .signal])
        case .tkill: return .init([.int, .signal])
        case .tgkill: return .init([.int, .int, .signal])
        case .sigaltstack: return .init([.pointer, .pointer])
        case .rt_sigaction: return .init([.signal, .pointer, .pointer, .unsigned])
        case .rt_sigprocmask: return .init([.sigprocmaskHow, .pointer, .pointer, .unsigned])
        case .rt_sigpending: return .init([.pointer, .unsigned])
        case .rt_sigsuspend: return .init([.pointer, .unsigned], mayBlock: true)
        case .rt_sigtimedwait_time64: return .init([.pointer, .pointer, .inTimespec, .unsigned], mayBlock: true)
        case .rt_sigqueueinfo: return .init([.int, .signal, .pointer])
        case .rt_sigreturn, .restart_syscall: return .init([])
        case .getitimer: return .init([.int, .pointer])
        case .setitimer: return .init([.int, .pointer, .pointer])
        case .timer_create: return .init([.clock, .pointer, .pointer])
        case .timer_settime64: return .init([.int, .timerFlags, .pointer, .pointer])
        case .timer_gettime64: return .init([.int, .pointer])
        case .timer_getoverrun, .timer_delete: return .init([.int])
        case .setpriority: return .init([.int, .int, .int])
        case .getpriority: return .init([.int, .int])
        case .reboot: return .init([.hex, .hex, .hex, .pointer])
        case .setregid, .setreuid: return .init([.int, .int])
        case .setgid, .setuid: return .init([.int])
        case .setresuid, .setresgid: return .init([.int, .int, .int])
        case .getresuid, .getresgid: return .init([.pointer, .pointer, .pointer])
        case .setsid: return .init([])
        case .setpgid: return .init([.int, .int])
        case .getpgid, .getsid: return .init([.int])
        case .eventfd2: return .init([.unsigned, .descriptorFlags])
        case .wait4: return .init([.int, .pointer, .hex, .pointer], mayBlock: true)
        case .pselect6_time64: return .init([.int, .pointer, .pointer, .pointer, .inTimespec, .pointer], mayBlock: true)
        case .getgroups, .setgroups: return .init([.int, .pointer])
        case .uname: return .init([.outUtsname])
        case .sethostname, .setdomainname: return .init([.inBuffer(length: 1), .unsigned])
        case .getrlimit, .setrlimit: return .init([.resource, .pointer])
        case .getrusage: return .init([.int, .pointer])
        case .umask: return .init([.mode])
        case .prctl: return .init([.int, .hex, .hex, .hex, .hex])
        case .getpid, .getppid, .getuid, .geteuid, .getgid, .getegid, .gettid: return .init([])
        case .sysinfo: return .init([.pointer])
        case .mq_open: return .init([.path, .openFlags, .mode, .pointer])
        case .mq_unlink: return .init([.path])
        case .msgget, .semget: return .init([.int, .int, .hex])
        case .msgctl, .shmctl: return .init([.int, .int, .pointer])
        case .msgrcv: return .init([.int, .pointer, .unsigned, .int, .hex], mayBlock: true)
        case .msgsnd: return .init([.int, .pointer, .unsigned, .hex], mayBlock: true)
        case .semctl: return .init([.int, .int, .int, .hex])
        case .semop: return .init([.int, .pointer, .unsigned], mayBlock: true)
        case .shmget: return .init([.int, .unsigned, .hex])
        case .shmat: return .init([.int, .pointer, .hex])
        case .shmdt: return .init([.pointer])
        case .socket: return .init([.addressFamily, .socketType, .int])
        case .socketpair: return .init([.addressFamily, .socketType, .int, .pointer])
        case .bind, .connect: return .init([.fd, .pointer, .unsigned])
        case .listen: return .init([.fd, .int])
        case .accept: return .init([.fd, .pointer, .pointer], mayBlock: true)
        case .accept4: return .init([.fd, .pointer, .pointer, .hex], mayBlock: true)
        case .getsockname, .getpeername: return .init([.fd, .pointer, .pointer])
        case .sendto: return .init([.fd, .inBuffer(length: 2), .unsigned, .hex, .pointer, .unsigned], mayBlock: true)
        case .recvfrom: return .init([.fd, .outBuffer, .unsigned, .hex, .pointer, .pointer], mayBlock: true)
        case .setsockopt: return .init([.fd, .int, .int, .pointer, .unsigned])
        case .getsockopt: return .init([.fd, .int, .int, .pointer, .pointer])
        case .shutdown: return .init([.fd, .int])
        case .sendmsg, .recvmsg: return .init([.fd, .pointer, .hex], mayBlock: true)
        case .brk: return .init([.pointer], result: .address)
        case .munmap: return .init([.pointer, .unsigned])
        case .mremap: return .init([.pointer, .unsigned, .unsigned, .hex, .pointer], result: .address)
        case .clone: return .init([.hex, .pointer, .pointer, .pointer, .pointer])
        case .execve: return .init([.path, .pointer, .pointer])
        case .mmap2: return .init([.pointer, .unsigned, .protection, .mapFlags, .fd, .hex], result: .address)
        case .mprotect: return .init([.pointer, .unsigned, .protection])
        case .msync: return .init([.pointer, .unsigned, .hex])
        case .mlock, .munlock: return .init([.pointer, .unsigned])
        case .madvise: return .init([.pointer, .unsigned, .int])
        case .riscv_hwprobe: return .init([.pointer, .unsigned, .unsigned, .pointer, .hex])
        case .riscv_flush_icache: return .init([.pointer, .pointer, .hex])
        case .prlimit64: return .init([.int, .resource, .pointer, .outRlimit])
        case .getrandom: return .init([.outBuffer, .unsigned, .randomFlags])
        case .memfd_create: return .init([.path, .hex])
        case .bpf: return .init([.int, .pointer, .unsigned])
        case .execveat: return .init([.dirfd, .path, .pointer, .pointer, .atFlags])
        case .statx: return .init([.dirfd, .path, .atFlags, .statxMask, .outStatx])
        case .clock_gettime64, .clock_getres_time64: return .init([.clock, .outTimespec])
        case .clock_settime64: return .init([.clock, .inTimespec])
        case .clock_nanosleep_time64: return .init([.clock, .timerFlags, .inTimespec, .outTimespec], mayBlock: true)
        case .ppoll_time64: return .init([.pointer, .unsigned, .inTimespec, .pointer, .unsigned], mayBlock: true)
        case .pidfd_open: return .init([.int, .hex])
        case .clone3: return .init([.pointer, .unsigned])
        // Metadata, sizes, locks, limits and scheduling (issue 13: LinuxProcess+Metadata,
        // +FileData, +Locks, +Resources).
        case .flock: return .init([.fd, .hex], mayBlock: true)
        case .fallocate: return .init([.fd, .hex, .unsigned, .unsigned, .unsigned, .unsigned])
        case .sched_setparam, .sched_getparam: return .init([.int, .pointer])
        case .sched_setscheduler: return .init([.int, .int, .pointer])
        case .sched_getscheduler: return .init([.int])
        case .sched_setaffinity, .sched_getaffinity: return .init([.int, .unsigned, .pointer])
        case .sched_yield: return .init([])
        case .sched_get_priority_max, .sched_get_priority_min: return .init([.int])
        case .times: return .init([.pointer])
        case .getcpu: return .init([.pointer, .pointer, .pointer])
        case .fadvise64_64: return .init([.fd, .unsigned, .unsigned, .unsigned, .unsigned, .int])
        case .syncfs: return .init([.fd])
        case .membarrier: return .init([.int, .hex, .int])
        case .copy_file_range: return .init([.fd, .pointer, .fd, .pointer, .unsigned, .hex])
        case .utimensat_time64: return .init([.dirfd, .path, .pointer, .atFlags])
        case .sched_rr_get_interval_time64: return .init([.int, .pointer])
        case .fchmodat2: return .init([.dirfd, .path, .mode, .atFlags])
        }
    }
}
