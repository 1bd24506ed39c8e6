/// Everything that shapes one Linux guest process: its command line and environment, its
/// view of the host, its limits and its tracing.
public struct LinuxConfiguration: Sendable {
    /// argv, including argv[0].
    public var arguments: [String]
    /// The guest's environment (`NAME=VALUE`); the host's never leaks in.
    public var environment: [String] = []
    /// Host directories visible to the guest.
    public var mounts: [Mount] = []
    /// Guest paths of `--tmpfs` mounts: each a fresh private host directory, writable,
    /// deleted when the process ends (see `TemporaryDirectory`).
    public var temporaryMounts: [String] = []
    /// The guest's initial working directory.
    public var workingDirectory = "/"
    /// Bytes of guest address space (image, heap, mmap and stack together).
    public var memoryLimit: UInt64 = 256 << 20
    /// Bytes reserved for the stack at the top of the address space.
    public var stackSize: UInt32 = 8 << 20
    /// Instructions after which the guest is stopped (exit 124).
    public var maxInstructions: UInt64?
    /// Wall-clock seconds after which the guest is stopped (exit 124).
    public var timeout: Double?
    /// The most guest processes alive (or zombies) at once in the whole tree, as a pids
    /// cgroup's pids.max: a fork beyond it fails with EAGAIN.
    public var pidsLimit = LinuxConfiguration.defaultPidsLimit
    /// `--pids-limit`'s default.
    public static let defaultPidsLimit = 1024
    /// The calls an in-process harness (a fuzzer running the shim inside its own process)
    /// must deny: a guest fork would fork the harness, and these can block for good in
    /// ways only --timeout's alarm ends in emu proper (a read of the guest's own empty
    /// pipe, an endless ppoll, a wait for a child that never ends, a sigsuspend for a
    /// signal no one will send, a FUTEX_WAIT no other thread will wake).
    public static let callsUnsafeInProcess: Set<LinuxSyscall> = [
        .clone, .clone3, .execve, .execveat, .wait4, .waitid, .ppoll_time64, .pselect6_time64, .pipe2,
        .socketpair, .eventfd2, .recvfrom, .rt_sigsuspend, .rt_sigtimedwait_time64, .futex_time64,
    ]
    /// The most file descriptors the guest may hold.
    public var maxFileDescriptors = 1024
    /// Total bytes the guest may write to files and standard streams, counting every byte a
    /// file's apparent size grows by (EFBIG beyond; ENOSPC for new entries).
    public var maxWriteBytes: UInt64?
    /// The most directory entries (files, directories, links) the guest may hold created at
    /// once, as a tmpfs inode limit: ENOSPC beyond. Removing an entry gives one back.
    public var maxFiles = LinuxConfiguration.defaultMaxFiles
    /// The default of `maxFiles`.
    public static let defaultMaxFiles = 10_000
    /// The extensions the hart implements.
    public var isa: ISASet = .all
    /// What uname() and gethostname show.
    public var hostname = "emu"
    /// The guest's user and group ids.
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    /// Time and randomness derived from the instruction count and `seed`.
    public var deterministic = false
    /// Seed of the guest's randomness in deterministic mode.
    public var seed: UInt64 = 0
    /// Print each system call to standard error, as `qemu-riscv32 -strace` does.
    public var strace = false
    /// Host descriptors that guest fds 0, 1 and 2 write to and read from.
    public var standardStreams: [Int32] = [0, 1, 2]
    /// The syscall policy.
    public var policy = SyscallPolicy()

    /// Creates a configuration running `arguments[0]` with `arguments`.
    public init(arguments: [String]) { self.arguments = arguments }
}
