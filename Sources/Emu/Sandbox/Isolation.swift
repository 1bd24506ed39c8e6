import Glibc

/// `--isolate`: defence in depth under the syscall-layer sandbox. The emu process itself
/// enters new user, mount, pid, net, uts and ipc namespaces, as
/// `unshare --user --map-root-user --pid --fork --net --uts --ipc --mount` does, then runs
/// under rlimits derived from the guest's limits and a seccomp allow-list. If the shim had
/// a bug that let a guest reach a host call, the kernel would still confine it.
///
/// Two stages, because a new pid namespace only applies to children: the launching emu
/// calls `unshare(2)`, writes its uid/gid maps, and re-executes itself (`/proc/self/exe`)
/// with `posix_spawn`, so that the new emu is pid 1 of the new namespace; forking a Swift
/// process without exec is not safe. The launcher waits and passes on the exit status. The
/// child, marked by `childMarker` in its environment, finishes with `confine`. Every
/// refusal by the kernel is reported: there is no silent fallback to running unisolated.
public enum Isolation {
    /// Environment variable that tells the re-executed emu it is the isolated child.
    public static let childMarker = "EMU_ISOLATED_CHILD"

    /// A step the kernel refused.
    public struct Failure: Error, CustomStringConvertible {
        public var step: String
        public var errno: Int32
        public var hint: String = ""
        public var description: String {
            "--isolate: \(step) failed: \(String(cString: strerror(errno)))" + (hint.isEmpty ? "" : " (\(hint))")
        }
    }

    /// The limits the rlimits and the uts namespace are set from.
    public struct Limits: Sendable {
        public var memoryBytes: UInt64
        public var maxFileDescriptors: Int
        public var maxWriteBytes: UInt64?
        public var timeoutSeconds: Double?
        public var hostname: String

        public init(memoryBytes: UInt64, maxFileDescriptors: Int, maxWriteBytes: UInt64?, timeoutSeconds: Double?,
                    hostname: String) {
            self.memoryBytes = memoryBytes
            self.maxFileDescriptors = maxFileDescriptors
            self.maxWriteBytes = maxWriteBytes
            self.timeoutSeconds = timeoutSeconds
            self.hostname = hostname
        }
    }

    /// Whether this process is the re-executed, isolated child.
    public static var isChild: Bool { getenv(childMarker) != nil }

    // MARK: - Stage 1: the launcher

    /// Enters the namespaces and runs `arguments` (emu's own argv) again as pid 1 inside
    /// them; returns the child's exit status as a shell reports it.
    public static func launch(arguments: [String]) -> Result<Int32, Failure> {
        let uid = getuid(), gid = getgid()
        let flags = HostLinux.CLONE_NEWUSER | HostLinux.CLONE_NEWNS | HostLinux.CLONE_NEWPID
            | HostLinux.CLONE_NEWNET | HostLinux.CLONE_NEWUTS | HostLinux.CLONE_NEWIPC
        guard hostUnshare(flags) == 0 else {
            return .failure(Failure(
                step: "unshare(user, mount, pid, net, uts, ipc)", errno: errno,
                hint: "this kernel or its policy refuses unprivileged namespaces: see sysctl "
                    + "user.max_user_namespaces, kernel.unprivileged_userns_clone, "
                    + "kernel.apparmor_restrict_unprivileged_userns"))
        }
        // Map the caller to root of the new user namespace, as --map-root-user does.
        if let failure = writeFile("/proc/self/uid_map", "0 \(uid) 1\n") { return .failure(failure) }
        if let failure = writeFile("/proc/self/setgroups", "deny\n") { return .failure(failure) }
        if let failure = writeFile("/proc/self/gid_map", "0 \(gid) 1\n") { return .failure(failure) }

        var environment: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            environment.append(String(cString: entry))
            cursor += 1
        }
        environment.append("\(childMarker)=1")
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/proc/self/exe", nil, nil, argv, envp)
        guard spawned == 0 else { return .failure(Failure(step: "posix_spawn(/proc/self/exe)", errno: spawned)) }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { return .failure(Failure(step: "waitpid", errno: errno)) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7F
        return .success(signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
    }

    static func writeFile(_ path: String, _ text: String) -> Failure? {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return Failure(step: "open(\(path))", errno: errno) }
        defer { close(fd) }
        let written = text.withCString { write(fd, $0, strlen($0)) }
        return written == text.utf8.count ? nil : Failure(step: "write(\(path))", errno: errno)
    }

    // MARK: - Stage 2: the isolated child

    /// Finishes isolation inside the namespaces: dies with the launcher, keeps its mounts
    /// private, sets the uts hostname, the rlimits and the seccomp filter.
    public static func confine(_ limits: Limits) -> Failure? {
        guard getpid() == 1 else {
            return Failure(step: "checking that emu is pid 1 of a new pid namespace (\(childMarker) is internal)", errno: EPERM)
        }
        // The launcher is outside the namespace: if it dies (Ctrl-C), so must pid 1, which
        // otherwise ignores signals from outside for which it has no handler.
        if hostPrctl(HostLinux.PR_SET_PDEATHSIG, UInt(SIGKILL), 0, 0, 0) != 0 {
            return Failure(step: "prctl(PR_SET_PDEATHSIG)", errno: errno)
        }
        if hostMount(nil, "/", nil, HostLinux.MS_REC | HostLinux.MS_PRIVATE, nil) != 0 {
            return Failure(step: "mount(/, MS_REC | MS_PRIVATE)", errno: errno)
        }
        let named = limits.hostname.withCString { hostSethostname($0, strlen($0)) }
        if named != 0 { return Failure(step: "sethostname in the new uts namespace", errno: errno) }

        // A file growing past RLIMIT_FSIZE raises SIGXFSZ, whose default kills: ignored, the
        // write fails with EFBIG instead, which the shim passes to the guest.
        signal(SIGXFSZ, SIG_IGN)
        // Address space: the guest arena plus room for emu itself (its binary, libraries,
        // decoded-code cache and heap).
        var rlimits: [(String, Int32, UInt64)] = [
            ("RLIMIT_AS", HostLinux.RLIMIT_AS, limits.memoryBytes + emuOverheadBytes),
            // emu's own descriptors: a path walk holds one per directory level.
            ("RLIMIT_NOFILE", HostLinux.RLIMIT_NOFILE, UInt64(limits.maxFileDescriptors) + 256),
            ("RLIMIT_CORE", HostLinux.RLIMIT_CORE, 0),
            // One process: this one (counted per user namespace).
            ("RLIMIT_NPROC", HostLinux.RLIMIT_NPROC, 1),
        ]
        if let bytes = limits.maxWriteBytes { rlimits.append(("RLIMIT_FSIZE", HostLinux.RLIMIT_FSIZE, bytes)) }
        if let seconds = limits.timeoutSeconds {
            // CPU seconds: a backstop behind --timeout's wall clock (SIGXCPU at the soft limit).
            rlimits.append(("RLIMIT_CPU", HostLinux.RLIMIT_CPU, UInt64(seconds.rounded(.up)) + 1))
        }
        for (name, resource, value) in rlimits {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            if resource == HostLinux.RLIMIT_CPU { limit.rlim_max = rlim_t(value + 1) }
            if hostSetrlimit(resource, &limit) != 0 { return Failure(step: "setrlimit(\(name))", errno: errno) }
        }
        if let refused = SeccompFilter.install() { return Failure(step: refused.step, errno: refused.errno) }
        return nil
    }

    /// Address space emu needs beside the guest arena.
    static let emuOverheadBytes: UInt64 = 1 << 30
}
