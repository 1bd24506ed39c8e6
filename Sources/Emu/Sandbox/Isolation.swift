import CHostCalls
import Glibc

/// The jail (`--isolate`, on by default): the second wall behind the syscall-level sandbox.
/// If a bug in the shim or the interpreter let a guest make emu's own host calls, the host
/// kernel would still confine what those calls can reach.
///
/// Two stages, because a new pid namespace only applies to children and forking a Swift
/// process without exec is not safe. The launching emu clones a child into new user,
/// mount, pid, net, uts and ipc namespaces (a C helper that only waits and then execs
/// `/proc/self/exe`), writes the child's uid and gid maps from outside, optionally puts it
/// in a cgroup v2 leaf, releases it, and passes on its exit status. The child (pid 1,
/// marked by `childMarker` in its environment) then builds an empty root holding only the
/// mounts (`JailRoot`), sets the uts hostname and rlimits, drops every capability, and,
/// once the guest's files are open, installs the seccomp filter (`seal`).
///
/// The host uid: an unprivileged user's emu maps the guest's in-namespace root to that
/// user itself (the only mapping the kernel allows it). Root's emu maps it to the
/// overflow id 65534 (nobody) instead, so that the jailed emu is not host root; the mount
/// trees are then idmapped (`mount_setattr(MOUNT_ATTR_IDMAP)`) so that what root owns on
/// disk is owned by the jail, and writes to root-owned mounts still work. Where the kernel
/// or the file system refuses idmapped mounts, the jail keeps host uid 0, with no
/// capabilities in any namespace, and says so.
///
/// Every step the kernel refuses becomes a `Refusal`: by default emu says which, once, and
/// runs without that layer; `--isolate=required` stops instead (exit 125).
public enum Isolation {
    /// Environment variable that tells the re-executed emu it is the jailed child.
    public static let childMarker = "EMU_ISOLATED_CHILD"
    /// The launcher's refusals, handed to the child (which reports them all at once).
    static let notesVariable = "EMU_ISOLATION_NOTES"
    /// The idmapped mount trees the launcher made, one descriptor (or -1) per `-v` mount.
    static let treesVariable = "EMU_ISOLATION_TREES"
    /// The host id root's jail runs as: the kernel's overflow uid and gid (nobody).
    public static let unprivilegedID: UInt32 = 65534

    /// How much isolation a run asks for.
    public enum Mode: String, Sendable {
        /// `--no-isolate`: the syscall-level sandbox only.
        case off
        /// The default: every layer the kernel allows; a refused one is reported and skipped.
        case preferred
        /// `--isolate=required`: any refused layer ends the run with 125.
        case required
    }

    /// A step the kernel refused (or a layer that does not exist here).
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var step: String
        public var errno: Int32
        /// Whether emu prints it. A layer that is optional by nature (a cgroup v2 leaf where
        /// cgroup v2 is not writable) is only recorded, for `--report`.
        public var shown: Bool = true
        public var description: String { "\(step) (\(String(cString: strerror(errno))))" }
    }

    /// What the child ended up with.
    public struct Confinement: Sendable {
        /// The configuration with host paths rewritten to where the mounts are in the jail.
        public var configuration: LinuxConfiguration
        /// Every refused step, the launcher's included.
        public var refused: [Refusal]
        /// Whether the root holds only the mounts (pivot_root or chroot succeeded).
        public var hasEmptyRoot: Bool
    }

    /// Whether this process is the re-executed, jailed child.
    public static var isChild: Bool { getenv(childMarker) != nil }

    // MARK: - Stage 1: the launcher

    /// Clones the jailed child, sets it up from outside, runs it to the end and returns its
    /// exit status as a shell reports it. Fails (with nothing run) only when the
    /// namespaces themselves cannot be made, or when `required` and a step was refused.
    public static func launch(arguments: [String], configuration: LinuxConfiguration, required: Bool)
        -> Result<Int32, Refusal>
    {
        var notes: [Refusal] = []
        let isRoot = geteuid() == 0
        var hostUID = isRoot ? unprivilegedID : UInt32(geteuid())
        var hostGID = isRoot ? unprivilegedID : UInt32(getegid())
        var trees: [Int32] = []
        defer { for fd in trees where fd >= 0 { close(fd) } }
        if isRoot && !configuration.mounts.isEmpty {
            switch idmappedTrees(configuration.mounts) {
            case .success(let made): trees = made
            case .failure(let refusal):
                notes.append(refusal)
                hostUID = 0
                hostGID = 0
            }
        }
        if required, let refused = notes.first { return .failure(refused) }
        let (leaf, cgroupNotes) = CgroupLeaf.create(limits: CgroupLeaf.Limits(configuration))
        notes += cgroupNotes
        if required, let refused = cgroupNotes.first(where: \.shown) {
            leaf?.remove()
            return .failure(refused)
        }

        var environment: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if !text.hasPrefix(notesVariable + "=") && !text.hasPrefix(treesVariable + "=") { environment.append(text) }
            cursor += 1
        }
        environment.append("\(childMarker)=1")
        environment.append("\(notesVariable)=" + encode(notes))
        environment.append("\(treesVariable)=" + trees.map(String.init).joined(separator: ","))

        var gate: [Int32] = [-1, -1]
        guard emu_pipe_cloexec(&gate) == 0 else { return .failure(Refusal(step: "pipe2", errno: errno)) }
        let flags = HostLinux.CLONE_NEWUSER | HostLinux.CLONE_NEWNS | HostLinux.CLONE_NEWPID
            | HostLinux.CLONE_NEWNET | HostLinux.CLONE_NEWUTS | HostLinux.CLONE_NEWIPC
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        let child = emu_clone_waiting(flags, gate[0], gate[1], "/proc/self/exe", argv, envp)
        let cloneErrno = errno
        for pointer in argv { free(pointer) }
        for pointer in envp { free(pointer) }
        close(gate[0])
        guard child > 0 else {
            close(gate[1])
            leaf?.remove()
            return .failure(Refusal(
                step: "new user, mount, pid, net, uts and ipc namespaces (clone)", errno: cloneErrno))
        }
        func abandon(_ refusal: Refusal) -> Result<Int32, Refusal> {
            kill(child, SIGKILL)
            close(gate[1])
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            leaf?.remove()
            return .failure(refusal)
        }
        if let refusal = writeMaps(of: child, uid: hostUID, gid: hostGID) { return abandon(refusal) }
        leaf?.add(child)
        // Release the child: it execs emu again, now pid 1 of the new namespaces.
        var go: UInt8 = 1
        _ = write(gate[1], &go, 1)
        close(gate[1])
        // The host's SIGINT, SIGTERM, ... reach the guest through the jailed emu.
        HostSignals.relay(to: child)
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else {
                leaf?.remove()
                return .failure(Refusal(step: "waitpid", errno: errno))
            }
        }
        leaf?.remove()
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7F
        return .success(signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
    }

    /// The /proc directory of our child `pid`. /proc may belong to another pid namespace
    /// than ours (emu started by `unshare --pid --fork` without a new /proc): then `pid` is
    /// some other process's number there, and the child's own is read from the fdinfo of a
    /// pidfd, which the kernel gives in /proc's namespace.
    static func procDirectory(of pid: pid_t) -> String? {
        var link = [CChar](repeating: 0, count: 32)
        let count = readlink("/proc/self", &link, link.count - 1)
        if count > 0, String(decoding: link[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) == "\(getpid())" {
            return "/proc/\(pid)"
        }
        let pidfd = emu_pidfd_open(pid)
        guard pidfd >= 0 else { return nil }
        defer { close(pidfd) }
        for line in CgroupLeaf.readText("/proc/self/fdinfo/\(pidfd)").split(separator: "\n") where line.hasPrefix("Pid:") {
            guard let number = pid_t(line.dropFirst(4).drop { $0 == "\t" || $0 == " " }), number > 0 else { return nil }
            return "/proc/\(number)"
        }
        return nil
    }

    /// Writes `pid`'s uid and gid maps: in-namespace 0 is host `uid`/`gid`, nothing else.
    static func writeMaps(of pid: pid_t, uid: UInt32, gid: UInt32) -> Refusal? {
        guard let directory = procDirectory(of: pid) else {
            return Refusal(step: "finding the child in /proc (pidfd_open)", errno: errno)
        }
        if let refusal = writeFile(directory + "/uid_map", "0 \(uid) 1\n") { return refusal }
        // setgroups must be denied before an unprivileged writer may write gid_map. Root may
        // leave it allowed, and does, so that the child can clear its supplementary groups
        // (root's own, which would otherwise follow it into the jail).
        if geteuid() != 0, let refusal = writeFile(directory + "/setgroups", "deny\n") { return refusal }
        return writeFile(directory + "/gid_map", "0 \(gid) 1\n")
    }

    /// Detached copies of the `-v` mount trees, idmapped so that on-disk uid and gid 0 are
    /// the jail's host id 65534 (read-only ones made read-only here: the child cannot
    /// change a tree that belongs to the host's user namespace). A mount whose host path
    /// cannot be opened gets -1: the shim reports that path as it would without the jail.
    static func idmappedTrees(_ mounts: [Mount]) -> Result<[Int32], Refusal> {
        // The idmapping comes from a user namespace: one that maps 0 to 65534, held open
        // by a helper child that never runs anything (it only waits, then exits).
        var gate: [Int32] = [-1, -1]
        guard emu_pipe_cloexec(&gate) == 0 else { return .failure(Refusal(step: "pipe2", errno: errno)) }
        let helper = emu_clone_waiting(HostLinux.CLONE_NEWUSER, gate[0], gate[1], nil, nil, nil)
        let cloneErrno = errno
        close(gate[0])
        defer {
            close(gate[1])
            var status: Int32 = 0
            if helper > 0 { while waitpid(helper, &status, 0) < 0 && errno == EINTR {} }
        }
        let fallback = "idmapped mounts for host uid 65534, so the jail keeps host uid 0 without capabilities"
        guard helper > 0 else { return .failure(Refusal(step: fallback + " (clone)", errno: cloneErrno)) }
        if let refusal = writeMaps(of: helper, uid: unprivilegedID, gid: unprivilegedID) {
            return .failure(Refusal(step: fallback + " (\(refusal.step))", errno: refusal.errno))
        }
        let userNamespace = procDirectory(of: helper).map { open($0 + "/ns/user", O_RDONLY | O_CLOEXEC) } ?? -1
        guard userNamespace >= 0 else { return .failure(Refusal(step: fallback + " (open ns/user)", errno: errno)) }
        defer { close(userNamespace) }
        var trees: [Int32] = []
        for mount in mounts {
            // Not close-on-exec: the jailed child inherits these through its exec.
            let fd = emu_open_tree_clone(AT_FDCWD, mount.hostPath, 0, 0)
            if fd < 0 {
                if JailRoot.isPathError(errno) {
                    trees.append(-1)
                    continue
                }
                let code = errno
                for made in trees where made >= 0 { close(made) }
                return .failure(Refusal(step: fallback + " (open_tree \(mount.hostPath))", errno: code))
            }
            guard emu_mount_setattr(fd, userNamespace, mount.readOnly ? 1 : 0) == 0 else {
                let code = errno
                close(fd)
                for made in trees where made >= 0 { close(made) }
                return .failure(Refusal(step: fallback + " (mount_setattr \(mount.hostPath))", errno: code))
            }
            trees.append(fd)
        }
        return .success(trees)
    }

    static func writeFile(_ path: String, _ text: String) -> Refusal? {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return Refusal(step: "open(\(path))", errno: errno) }
        defer { close(fd) }
        let written = text.withCString { write(fd, $0, strlen($0)) }
        return written == text.utf8.count ? nil : Refusal(step: "write(\(path))", errno: errno)
    }

    /// Refusals as one environment value: records split by RS, fields by US (control
    /// characters no step text contains).
    static func encode(_ refusals: [Refusal]) -> String {
        refusals.map { "\($0.step)\u{1F}\($0.errno)\u{1F}\($0.shown ? 1 : 0)" }.joined(separator: "\u{1E}")
    }

    static func decode(_ text: String) -> [Refusal] {
        text.split(separator: "\u{1E}").compactMap { record in
            let fields = record.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            guard fields.count == 3, let code = Int32(fields[1]) else { return nil }
            return Refusal(step: String(fields[0]), errno: code, shown: fields[2] == "1")
        }
    }

    // MARK: - Stage 2: the jailed child

    /// Confines the child inside its namespaces: an empty root holding only the mounts,
    /// the hostname, rlimits, and no capabilities. The seccomp filter comes later (`seal`),
    /// once the guest's mounts are open.
    public static func confine(_ configuration: LinuxConfiguration, required: Bool) -> Result<Confinement, Refusal> {
        guard getpid() == 1 else {
            return .failure(Refusal(
                step: "checking that emu is pid 1 of a new pid namespace (\(childMarker) is internal)", errno: EPERM))
        }
        var notes = getenv(notesVariable).map { decode(String(cString: $0)) } ?? []
        if required, let refused = notes.first(where: \.shown) { return .failure(refused) }
        // The launcher is outside the namespace: if it dies (Ctrl-C), so must pid 1, which
        // otherwise ignores signals from outside for which it has no handler.
        _ = emu_prctl(HostLinux.PR_SET_PDEATHSIG, UInt(SIGKILL), 0, 0, 0)
        let trees = (getenv(treesVariable).map { String(cString: $0) } ?? "")
            .split(separator: ",").map { Int32($0) ?? -1 }
        var result = configuration
        var hasEmptyRoot = false
        switch JailRoot.build(configuration, inheritedTrees: trees) {
        case .success(let built):
            result = built.configuration
            hasEmptyRoot = true
            if let refusal = built.refusal {
                if required { return .failure(refusal) }
                notes.append(refusal)
            }
        case .failure(let refusal):
            if required { return .failure(refusal) }
            notes.append(refusal)
        }
        let named = configuration.hostname.withCString { hostSethostname($0, strlen($0)) }
        if named != 0 {
            let refusal = Refusal(step: "sethostname in the new uts namespace", errno: errno)
            if required { return .failure(refusal) }
            notes.append(refusal)
        }
        for refusal in applyLimits(configuration, namespaced: true) + dropCapabilities() {
            if required { return .failure(refusal) }
            notes.append(refusal)
        }
        return .success(Confinement(configuration: result, refused: notes, hasEmptyRoot: hasEmptyRoot))
    }

    /// What remains when no namespace can be made (a container that refuses them): the
    /// rlimits and dropping every capability, in this very process.
    public static func confineInProcess(_ configuration: LinuxConfiguration) -> [Refusal] {
        applyLimits(configuration, namespaced: false) + dropCapabilities()
    }

    /// Installs no_new_privs and the seccomp filter. `restrictPaths` also refuses
    /// path-taking calls relative to the working directory (see `SeccompFilter`).
    public static func seal(restrictPaths: Bool) -> Refusal? {
        SeccompFilter.install(restrictPaths: restrictPaths).map { Refusal(step: $0.step, errno: $0.errno) }
    }

    /// rlimits derived from the guest's limits.
    static func applyLimits(_ configuration: LinuxConfiguration, namespaced: Bool) -> [Refusal] {
        // A file growing past RLIMIT_FSIZE raises SIGXFSZ, whose default kills: ignored, the
        // write fails with EFBIG instead, which the shim passes to the guest.
        signal(SIGXFSZ, SIG_IGN)
        // Address space: the guest arena plus room for emu itself (its binary, libraries,
        // decoded-code cache and heap).
        var rlimits: [(String, Int32, UInt64)] = [
            ("RLIMIT_AS", HostLinux.RLIMIT_AS, configuration.memoryLimit + emuOverheadBytes),
            // emu's own descriptors: a path walk holds one per directory level.
            ("RLIMIT_NOFILE", HostLinux.RLIMIT_NOFILE, UInt64(configuration.maxFileDescriptors) + 256),
            ("RLIMIT_CORE", HostLinux.RLIMIT_CORE, 0),
        ]
        // The guest's processes (each a fork of this emu) and no more: counted per user
        // (per user namespace), so only inside the jail's own namespace is it right;
        // outside it would count the host user's processes. The guest's own limit is the
        // pid table's (EAGAIN at --pids-limit); this is the kernel's backstop.
        if namespaced {
            rlimits.append(("RLIMIT_NPROC", HostLinux.RLIMIT_NPROC, UInt64(configuration.pidsLimit) + 2))
        }
        if let bytes = configuration.maxWriteBytes { rlimits.append(("RLIMIT_FSIZE", HostLinux.RLIMIT_FSIZE, bytes)) }
        if let seconds = configuration.timeout {
            // CPU seconds: a backstop behind --timeout's wall clock (SIGXCPU at the soft limit).
            rlimits.append(("RLIMIT_CPU", HostLinux.RLIMIT_CPU, UInt64(min(seconds, 1e9).rounded(.up)) + 1))
        }
        var refused: [Refusal] = []
        for (name, resource, value) in rlimits {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            if resource == HostLinux.RLIMIT_CPU { limit.rlim_max = rlim_t(value + 1) }
            if hostSetrlimit(resource, &limit) != 0 { refused.append(Refusal(step: "setrlimit(\(name))", errno: errno)) }
        }
        return refused
    }

    /// Empties the bounding, ambient, effective, permitted and inheritable capability sets,
    /// so that neither this process nor anything it could exec holds a capability in any
    /// user namespace (in-namespace root included).
    static func dropCapabilities() -> [Refusal] {
        var refused: [Refusal] = []
        // EINVAL: a kernel without ambient capabilities has none to clear.
        if emu_prctl(HostLinux.PR_CAP_AMBIENT, HostLinux.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL {
            refused.append(Refusal(step: "prctl(PR_CAP_AMBIENT_CLEAR_ALL)", errno: errno))
        }
        // Every capability number up to the first the kernel does not know (EINVAL).
        for capability in UInt(0)..<64 {
            if emu_prctl(HostLinux.PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 {
                if errno != EINVAL { refused.append(Refusal(step: "prctl(PR_CAPBSET_DROP)", errno: errno)) }
                break
            }
        }
        if emu_capset_none() != 0 { refused.append(Refusal(step: "capset (drop all capabilities)", errno: errno)) }
        return refused
    }

    /// Address space emu needs beside the guest arena.
    static let emuOverheadBytes: UInt64 = 1 << 30
}
