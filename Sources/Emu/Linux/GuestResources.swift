/// The per-process state behind umask, the resource limits and the supplementary groups:
/// what a Linux task keeps in its `fs_struct`, `signal->rlim` and `cred`.
final class GuestResources {
    /// The file-mode creation mask (umask(2)); 022 as a container's init starts with.
    var umask: UInt32 = 0o022
    /// Soft and hard limit of each RLIMIT_* resource (0 to 15), as the guest sees them.
    var limits: [(soft: UInt64, hard: UInt64)]
    /// The supplementary group list (getgroups): the guest's own group, the only one its
    /// user namespace maps besides the overflow group.
    var groups: [UInt32]
    /// Directories whose mount-point children were already listed after the host's own
    /// entries (see `getdents64`), by host descriptor and the directory's identity.
    var listedMountPoints: Set<HostFactTable.HostFileID> = []
    /// The scheduling policy sched_setscheduler last set (SCHED_OTHER, BATCH or IDLE).
    var schedulingPolicy: Int32 = 0
    /// The task's name (comm): the program's file name, at most 15 bytes, as prctl sets it.
    var commandName: [UInt8]
    /// The running program's argv and environment (/proc/PID/cmdline and environ): the
    /// configuration's, until an execve replaces them.
    var arguments: [String]
    var environment: [String]
    /// The guest path of the program an execve started (/proc/PID/exe); nil for the first
    /// program, whose guest path is found when /proc asks (`executableGuestPath`).
    var executable: GuestName?

    /// RLIM_INFINITY of the 64-bit interface.
    static let infinity = UInt64.max

    /// The RLIMIT_* numbers (asm-generic).
    enum Resource: Int {
        case cpu = 0, fileSize, data, stack, core, rss, processes, openFiles, lockedMemory, addressSpace,
            locks, pendingSignals, messageQueue, nice, realtimePriority, realtimeTime
    }

    /// The limits a container with `configuration`'s sandbox shows: the sandbox's own bounds
    /// where it has one (descriptors, memory, processes, file size), Linux's defaults
    /// elsewhere.
    init(_ configuration: LinuxConfiguration) {
        let infinity = GuestResources.infinity
        let memory = configuration.memoryLimit
        let fileSize = configuration.maxWriteBytes ?? infinity
        let files = UInt64(clamping: configuration.maxFileDescriptors)
        let processes = UInt64(clamping: configuration.pidsLimit)
        let stack = UInt64(configuration.stackSize)
        limits = [
            (infinity, infinity),  // CPU
            (fileSize, fileSize),  // FSIZE: --max-write bounds every file too
            (memory, memory),  // DATA
            (stack, stack),  // STACK: the reservation cannot grow
            (0, infinity),  // CORE: emu writes no core files
            (infinity, infinity),  // RSS (no effect on Linux either)
            (processes, processes),  // NPROC: --pids-limit
            (files, files),  // NOFILE: --max-fds
            (8 << 20, 8 << 20),  // MEMLOCK: Linux's default
            (memory, memory),  // AS: --memory
            (infinity, infinity),  // LOCKS
            (processes, processes),  // SIGPENDING
            (819_200, 819_200),  // MSGQUEUE: Linux's default
            (0, 0),  // NICE
            (0, 0),  // RTPRIO
            (infinity, infinity),  // RTTIME
        ]
        groups = [configuration.gid]
        let program = Array((configuration.arguments.first ?? "").utf8)
        commandName = Array((program.split(separator: 0x2F).last.map(Array.init) ?? []).prefix(15))
        arguments = configuration.arguments
        environment = configuration.environment
    }

    /// The soft limit of `resource`.
    func soft(_ resource: Resource) -> UInt64 { limits[resource.rawValue].soft }
}
