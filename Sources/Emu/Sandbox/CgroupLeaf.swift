import Glibc

/// A cgroup v2 leaf for one jailed run, made by the launcher below its own cgroup where
/// cgroup v2 is mounted and writable (a systemd host with delegation, or root): it bounds
/// what the kernel charges the jailed emu (memory.max, including its tmpfs pages),
/// how many tasks it may have (pids.max) and its CPU share (cpu.max), whatever emu's own
/// accounting says. Removed when the run ends.
///
/// A host without a writable cgroup v2 (cgroup v1, a read-only /sys/fs/cgroup, controllers
/// not delegated) simply has no such layer: that is recorded for `--report`, not printed.
struct CgroupLeaf {
    /// The leaf's directory.
    let path: String

    /// The limits written to the leaf.
    struct Limits {
        var memoryBytes: UInt64
        var tasks = 16
        /// cpu.max: this much CPU time per period (one CPU).
        var cpuQuotaMicroseconds = 100_000
        var cpuPeriodMicroseconds = 100_000

        init(_ configuration: LinuxConfiguration) {
            // The guest arena, emu's own overhead, and room for --tmpfs contents, which
            // the kernel charges as memory.
            let tmpfs = configuration.temporaryMounts.isEmpty
                ? 0 : min(configuration.maxWriteBytes ?? configuration.memoryLimit, 1 << 32)
            memoryBytes = configuration.memoryLimit + (256 << 20) + tmpfs
            // Every guest process is an emu process: the guest's --pids-limit, plus emu's
            // own few (the launcher is outside the leaf), is the kernel's backstop.
            tasks = configuration.pidsLimit + 16
        }
    }

    /// Makes the leaf and writes its limits; nil (with the reason) when cgroup v2 is not
    /// writable here. A limit file that is missing (its controller is not enabled for
    /// this cgroup) is recorded and skipped.
    static func create(limits: Limits) -> (CgroupLeaf?, [Isolation.Refusal]) {
        func unavailable(_ step: String, _ code: Int32) -> Isolation.Refusal {
            Isolation.Refusal(step: "cgroup v2 leaf: \(step)", errno: code, shown: false)
        }
        guard let mountPoint = cgroup2MountPoint() else { return (nil, [unavailable("no cgroup2 mount", ENOENT)]) }
        guard let own = ownCgroup() else { return (nil, [unavailable("no cgroup v2 entry in /proc/self/cgroup", ENOENT)]) }
        let path = mountPoint + (own == "/" ? "" : own) + "/emu-\(getpid())"
        guard mkdir(path, 0o755) == 0 else { return (nil, [unavailable("mkdir \(path)", errno)]) }
        var notes: [Isolation.Refusal] = []
        let files = [
            ("memory.max", "\(limits.memoryBytes)"), ("pids.max", "\(limits.tasks)"),
            ("cpu.max", "\(limits.cpuQuotaMicroseconds) \(limits.cpuPeriodMicroseconds)"),
        ]
        for (file, value) in files {
            if let refusal = Isolation.writeFile(path + "/" + file, value) { notes.append(unavailable(file, refusal.errno)) }
        }
        return (CgroupLeaf(path: path), notes)
    }

    /// Moves `pid` into the leaf.
    func add(_ pid: pid_t) { _ = Isolation.writeFile(path + "/cgroup.procs", "\(pid)\n") }

    /// Removes the leaf (it must hold no process by now).
    func remove() { _ = rmdir(path) }

    /// Where cgroup2 is mounted (`/sys/fs/cgroup`, or `/sys/fs/cgroup/unified` on a hybrid
    /// host), from /proc/self/mountinfo: field 5 is the mount point, the type follows " - ".
    static func cgroup2MountPoint() -> String? {
        for line in readText("/proc/self/mountinfo").split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let separator = fields.firstIndex(of: "-"), separator + 1 < fields.count, separator > 4 else { continue }
            if fields[separator + 1] == "cgroup2" { return String(fields[4]) }
        }
        return nil
    }

    /// This process's cgroup v2 path (the `0::PATH` line of /proc/self/cgroup).
    static func ownCgroup() -> String? {
        for line in readText("/proc/self/cgroup").split(separator: "\n") where line.hasPrefix("0::") {
            let path = String(line.dropFirst(3))
            return path.hasPrefix("/") && !path.contains("/../") ? path : nil
        }
        return nil
    }

    /// A small text file's contents ("" when it cannot be read).
    static func readText(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
