import Glibc

/// The guest's view of the filesystem: only the mounts it was given, resolved so that no
/// path can leave them.
///
/// Every lookup walks the guest path one component at a time, holding a host `O_PATH`
/// descriptor for each directory on the way, and opens each next component relative to
/// that descriptor with `O_NOFOLLOW`. Symbolic links are read and resolved here, inside the
/// guest's namespace (an absolute target restarts at the guest's root, `..` stops at it),
/// never by the host kernel. So a symlink to `/`, a `../..` path, or a symlink swapped in
/// between two calls (the node:wasi preopen race) can at worst make a lookup fail: the host
/// never follows a link on the guest's behalf, and `..` is taken on the guest path, which
/// only ever holds real directories.
///
/// Names are bytes end to end (`GuestName`): Linux names are any bytes but `/` and NUL, and
/// a round trip through `String` would turn every invalid UTF-8 sequence into U+FFFD, so
/// that `bad\xff` and `bad\xfe` would open the same host file.
///
/// The cost of one lookup is bounded: at most `maxSymlinks` links (ELOOP beyond, as Linux),
/// at most `maxExpandedBytes` bytes of link text in total (ELOOP beyond), and every
/// `deadlineStride` components `isPastDeadline` is asked whether `--timeout` has passed
/// (EINTR then; the process sees its time limit right after the call).
public final class GuestFileSystem {
    /// A mount with its host root held open.
    struct MountedRoot {
        var mount: Mount
        var components: [GuestName]
        var rootFD: Int32
        /// The host path with symlinks resolved, to recognise host-planted links into it.
        var resolvedHostPath: GuestName
    }

    private(set) var mounts: [MountedRoot] = []
    /// Whether emu itself serves /dev/null, /dev/zero and /dev/urandom (and a virtual /dev
    /// listing them): true unless a mount is placed at /dev.
    public let providesDevices: Bool
    /// The guest working directory as components.
    public private(set) var workingDirectory: [GuestName] = []
    /// Symbolic links followed in one lookup before ELOOP, as Linux's limit.
    static let maxSymlinks = 40
    /// Bytes of link text one lookup may expand before ELOOP: 16 links of PATH_MAX. Linux
    /// has no such limit, but its own lookup costs nothing per byte; here each component is
    /// a host call, and 40 links of 4 KiB "a/../a/../" would be 80,000 of them.
    static let maxExpandedBytes = 16 * 4096
    /// Components walked between two deadline checks.
    static let deadlineStride = 64
    /// Asked during long lookups whether the process's deadline has passed.
    var isPastDeadline: () -> Bool = { false }
    /// Asked whether the link (directory descriptor, name) was written by the guest in this
    /// run: such a link's text is never translated from host terms (see `guestView`).
    var isGuestWrittenLink: (Int32, [CChar]) -> Bool = { _, _ in false }
    /// What emu serves itself at a guest path (its /etc and /proc), or nil.
    var syntheticNode: ([GuestName]) -> SyntheticNode? = { _ in nil }
    /// The entries of one of emu's own directories (`syntheticNode` says `.directory`).
    var syntheticEntries: ([GuestName]) -> [(name: GuestName, type: UInt8)] = { _ in [] }

    /// Why a mount could not be set up (the host side is checked at start-up).
    public enum SetupError: Error, Equatable, CustomStringConvertible {
        case hostPathUnusable(path: String, errno: Int32)
        public var description: String {
            switch self {
            case .hostPathUnusable(let path, let code):
                return "cannot mount \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Opens the host side of every mount (each must be a directory).
    public init(mounts: [Mount], workingDirectory: String = "/") throws(SetupError) {
        for mount in mounts {
            let fd = open(mount.hostPath, O_PATH | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw .hostPathUnusable(path: mount.hostPath, errno: errno) }
            var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let real = realpath(mount.hostPath, &resolved) != nil
                ? resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) } : Array(mount.hostPath.utf8)
            self.mounts.append(MountedRoot(mount: mount, components: GuestName.components(Array(mount.guestPath.utf8)),
                                           rootFD: fd, resolvedHostPath: real))
        }
        self.workingDirectory = GuestName.components(Array(GuestPath.normalize(workingDirectory).utf8))
        providesDevices = !mounts.contains { $0.guestPath == "/dev" }
    }

    deinit { for mount in mounts { close(mount.rootFD) } }

    /// The guest working directory as a path (for display: invalid UTF-8 shows as U+FFFD).
    public var workingDirectoryPath: String { String(decoding: workingDirectoryBytes, as: UTF8.self) }
    /// The guest working directory as the bytes getcwd returns.
    var workingDirectoryBytes: GuestName { GuestName.path(workingDirectory) }

    // MARK: - Lookup

    /// Where a lookup ended: the directory holding the final component, and its name.
    struct Location {
        /// Host descriptor of the containing directory (`-1` when it is virtual), owned by
        /// the caller who must `close` it.
        var parentFD: Int32
        /// The final component ("" when the path names a directory reached exactly, such
        /// as `/` or a mount point: then `parentFD` is that directory itself).
        var name: GuestName
        /// The mount the final object belongs to, or nil for a virtual directory.
        var mountIndex: Int?
        /// The guest path of the final object.
        var guestPath: [GuestName]
        /// The path ended in `/`: the final object, if it exists, is a directory (a file
        /// there is ENOTDIR, checked by `locate`), and a create of a file there is EISDIR.
        var trailingSlash = false
        /// Whether this names one of emu's own files or links (`syntheticNode`): no host
        /// directory holds it.
        var isSynthetic: Bool { parentFD < 0 && !name.isEmpty }
        /// `name` as a C string for the host's *at calls ("." when empty: the directory itself).
        var hostName: [CChar] { GuestName.cString(name.isEmpty ? [0x2E] : name) }
    }

    /// The mount whose guest path is `path` exactly, if any (the longest, when nested).
    private func mountIndex(at path: [GuestName]) -> Int? {
        mounts.indices.last { mounts[$0].components == path }
    }

    /// The mount that holds guest path `path` (the one with the longest prefix of it), or
    /// nil when only virtual directories do.
    func mountIndex(containing path: [GuestName]) -> Int? {
        var best: Int?
        for index in mounts.indices where path.starts(with: mounts[index].components) {
            if best == nil || mounts[index].components.count >= mounts[best!].components.count { best = index }
        }
        return best
    }

    /// Whether some mount lies strictly below `path`: then `path` exists as a virtual,
    /// read-only directory even when nothing is mounted on it.
    private func isVirtualAncestor(_ path: [GuestName]) -> Bool {
        if providesDevices && path == [GuestName.dev] { return true }
        if syntheticNode(path) == .directory { return true }
        return mounts.contains { $0.components.count > path.count && Array($0.components.prefix(path.count)) == path }
    }

    /// What a virtual directory lists: the next component of every mount below it (and
    /// `dev` at the root when emu serves devices), or the devices for /dev; sorted, unique.
    func virtualEntries(of path: [GuestName]) -> [(name: GuestName, type: UInt8)] {
        var names = Set<GuestName>()
        for mount in mounts where mount.components.count > path.count
            && Array(mount.components.prefix(path.count)) == path
        {
            names.insert(mount.components[path.count])
        }
        if providesDevices && path.isEmpty { names.insert(GuestName.dev) }
        let synthetic = syntheticEntries(path).filter { !names.contains($0.name) }
        var entries = names.sorted { $0.lexicographicallyPrecedes($1) }.map { (name: $0, type: DirectoryEntryType.directory) }
        entries = (entries + synthetic).sorted { $0.name.lexicographicallyPrecedes($1.name) }
        if providesDevices && path == [GuestName.dev] {
            entries += OpenFile.Device.allCases.map { (name: Array($0.rawValue.utf8), type: DirectoryEntryType.characterDevice) }
            // The links to the guest's own descriptors (see LinuxProcess+DescriptorPaths).
            entries += ["fd", "stderr", "stdin", "stdout"].map { (name: Array($0.utf8), type: DirectoryEntryType.link) }
        }
        return entries
    }

    /// Resolves `path` (relative to `base` unless absolute) to its containing directory.
    /// `followFinal` says whether a symlink as the final component is followed.
    func locate(_ path: GuestName, base: [GuestName]? = nil, followFinal: Bool) -> Result<Location, LinuxErrno> {
        guard !path.isEmpty else { return .failure(.ENOENT) }
        guard path.count < 4096 else { return .failure(.ENAMETOOLONG) }
        // The components still to walk, last first: taking the next is `popLast`, O(1),
        // where `removeFirst` would make a long expanded path quadratic.
        var pending: [GuestName] = GuestName.components(path).reversed()
        let trailingSlash = path.last == GuestName.slash
        var current: [GuestName] = path.first == GuestName.slash ? [] : (base ?? workingDirectory)
        var symlinks = 0, expandedBytes = 0, walked = 0

        // One host descriptor per level of `current` (`-1` for virtual directories); the
        // first is the root.
        var stack: [(fd: Int32, mount: Int?)] = []
        defer { for entry in stack where entry.fd >= 0 { close(entry.fd) } }
        func openLevel(_ path: [GuestName]) -> Result<(Int32, Int?), LinuxErrno> {
            if let index = mountIndex(at: path) {
                let fd = dup(mounts[index].rootFD)
                return fd >= 0 ? .success((fd, index)) : .failure(.host)
            }
            if path.isEmpty || isVirtualAncestor(path) { return .success((-1, nil)) }
            return .failure(.ENOENT)
        }
        // Re-walk `current` from the root (only after an absolute symlink or at the start).
        func rebuild() -> LinuxErrno? {
            for entry in stack where entry.fd >= 0 { close(entry.fd) }
            stack.removeAll()
            let target = current
            current = []
            switch openLevel([]) {
            case .success(let level): stack.append(level)
            case .failure(let error): return error
            }
            for component in target {
                if let error = descend(component) { return error }
            }
            return nil
        }
        // Steps into `name` below `current`, which must be a directory (not a symlink).
        func descend(_ name: GuestName) -> LinuxErrno? {
            let next = current + [name]
            if let node = syntheticNode(next) {
                // emu's own directories come before anything a mount holds at that path.
                guard node == .directory else { return .ENOTDIR }
                stack.append((-1, nil))
                current = next
                return nil
            }
            if mountIndex(at: next) != nil || stack.last!.fd < 0 {
                switch openLevel(next) {
                case .success(let level):
                    stack.append(level)
                    current = next
                    return nil
                case .failure(let error): return error
                }
            }
            let fd = openat(stack.last!.fd, GuestName.cString(name), O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                let error = LinuxErrno.host
                // A mount below a path its parent mount does not have (`-v A:/a -v B:/a/b/c`
                // with no b in A): the path exists as a mount point does, read-only.
                guard error == .ENOENT, isVirtualAncestor(next) else { return error }
                stack.append((-1, nil))
                current = next
                return nil
            }
            stack.append((fd, stack.last!.mount))
            current = next
            return nil
        }
        // Reads the symlink `name` in the current directory, if it is one.
        func symlinkTarget(_ name: GuestName) -> GuestName? {
            if case .link(let text)? = syntheticNode(current + [name]) { return text }
            guard let parent = stack.last, parent.fd >= 0 else { return nil }
            return guestTarget(ofLinkAt: parent.fd, name)
        }

        if let error = rebuild() { return .failure(error) }
        while let component = pending.popLast() {
            let isFinal = pending.isEmpty
            walked += 1
            if walked % GuestFileSystem.deadlineStride == 0 && isPastDeadline() { return .failure(.EINTR) }
            if component == GuestName.dot { continue }
            if component == GuestName.dotDot {
                if stack.count > 1 {
                    let top = stack.removeLast()
                    if top.fd >= 0 { close(top.fd) }
                    current.removeLast()
                }
                continue
            }
            if component.count > 255 { return .failure(.ENAMETOOLONG) }
            if isFinal && !trailingSlash && !followFinal { return finish(component) }
            if let target = symlinkTarget(component) {
                // An empty target names nothing (Linux: ENOENT), not the containing directory.
                guard !target.isEmpty else { return .failure(.ENOENT) }
                symlinks += 1
                expandedBytes += target.count
                if symlinks > GuestFileSystem.maxSymlinks || expandedBytes > GuestFileSystem.maxExpandedBytes {
                    return .failure(.ELOOP)
                }
                pending += GuestName.components(target).reversed()
                if target.first == GuestName.slash {
                    current = []
                    if let error = rebuild() { return .failure(error) }
                }
                if isFinal && pending.isEmpty { break }
                continue
            }
            if isFinal && !trailingSlash { return finish(component) }
            if isFinal {
                // `name/`: the object itself, which must be a directory if it exists.
                let result = finish(component)
                guard case .success(var location) = result else { return result }
                location.trailingSlash = true
                var status = stat()
                if location.parentFD >= 0, !location.name.isEmpty,
                    fstatat(location.parentFD, location.hostName, &status, AT_SYMLINK_NOFOLLOW) == 0,
                    status.st_mode & S_IFMT != S_IFDIR
                {
                    close(location.parentFD)
                    return .failure(.ENOTDIR)
                }
                if location.isSynthetic {
                    return .failure(.ENOTDIR)
                }
                return .success(location)
            }
            if let error = descend(component) { return .failure(error) }
        }
        return finish([])

        func finish(_ name: GuestName) -> Result<Location, LinuxErrno> {
            // Hand the top descriptor to the caller instead of closing it.
            let top = stack.removeLast()
            var fd = top.fd
            if !name.isEmpty, let node = syntheticNode(current + [name]) {
                if fd >= 0 { close(fd) }
                return .success(Location(parentFD: -1, name: node == .directory ? [] : name, mountIndex: nil,
                                         guestPath: current + [name]))
            }
            var status = stat()
            let isHostDirectory = { fd >= 0 && fstatat(fd, GuestName.cString(name), &status, AT_SYMLINK_NOFOLLOW) == 0
                && status.st_mode & S_IFMT == S_IFDIR }
            if name.isEmpty, fd >= 0 {
                // A directory reached exactly: its own descriptor is the "parent".
            } else if !name.isEmpty, mountIndex(at: current + [name]) != nil
                || (isVirtualAncestor(current + [name]) && !isHostDirectory())
            {
                // (A real directory of the parent's mount that also has mounts below it is
                // that directory: getdents64 adds the mount points to its entries.)
                // The final name is a mount point or virtual directory: resolve it as a directory.
                if fd >= 0 { close(fd) }
                switch openLevel(current + [name]) {
                case .success(let level):
                    return .success(Location(parentFD: level.0, name: [], mountIndex: level.1, guestPath: current + [name]))
                case .failure(let error): return .failure(error)
                }
            }
            if fd < 0 && !name.isEmpty { return .failure(.ENOENT) }
            if fd < 0 { fd = -1 }
            return .success(Location(parentFD: fd, name: name, mountIndex: top.mount, guestPath: name.isEmpty ? current : current + [name]))
        }
    }

    // MARK: - Link text

    /// The text of the symlink `name` in host directory `fd` as the guest sees it (see
    /// `guestView(ofLinkText:)`), or nil when it is not a symlink.
    func guestTarget(ofLinkAt fd: Int32, _ name: GuestName) -> GuestName? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlinkat(fd, GuestName.cString(name), &buffer, 4096)
        guard count >= 0 else { return nil }
        let text = buffer[0..<count].map { UInt8(bitPattern: $0) }
        let view = guestView(ofLinkText: text)
        // A guest that wrote a host path into a link itself gets its own text back, and the
        // link resolves as that text does in the guest view: otherwise the guest could confirm
        // a guess of a mount's host path by whether the link resolves.
        if view != text && isGuestWrittenLink(fd, GuestName.cString(name)) { return text }
        return view
    }

    /// Link text in guest terms: an absolute target inside a mount's host directory (a link
    /// planted from the host side) becomes the guest path of the same place; anything else
    /// is the guest's own text and stays as it is.
    func guestView(ofLinkText text: GuestName) -> GuestName {
        guard text.first == GuestName.slash else { return text }
        let parts = GuestName.components(text)
        var best: (length: Int, guest: [GuestName])?
        for mount in mounts {
            for host in [mount.resolvedHostPath, Array(mount.mount.hostPath.utf8)] + mount.mount.hostAliases.map({ Array($0.utf8) }) {
                let hostParts = GuestName.components(host)
                guard parts.starts(with: hostParts), hostParts.count > (best?.length ?? -1) else { continue }
                best = (hostParts.count, mount.components + parts.dropFirst(hostParts.count))
            }
        }
        guard let best else { return text }
        return GuestName.path(best.guest)
    }

    /// Whether an absolute link text names a place in the guest's view: its first
    /// component is at the guest root (a mount or virtual directory, or /dev). Relative
    /// text always does.
    func isGuestVisible(linkText text: GuestName) -> Bool {
        guard text.first == GuestName.slash else { return true }
        guard let first = GuestName.components(text).first else { return true }
        return mountIndex(at: [first]) != nil || isVirtualAncestor([first])
    }

    /// Whether the mount at `index` refuses writes.
    func isReadOnly(_ index: Int?) -> Bool {
        guard let index else { return true }
        return mounts[index].mount.readOnly
    }

    /// Changes the guest working directory (the target must be a directory).
    func changeDirectory(to path: GuestName) -> LinuxErrno? {
        switch locate(path, followFinal: true) {
        case .failure(let error): return error
        case .success(let location):
            defer { if location.parentFD >= 0 { close(location.parentFD) } }
            if location.isSynthetic { return .ENOTDIR }
            if !location.name.isEmpty {
                let fd = openat(location.parentFD, location.hostName, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { return .host }
                close(fd)
            }
            workingDirectory = location.guestPath
            return nil
        }
    }
}
