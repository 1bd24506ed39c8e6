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
public final class GuestFileSystem {
    /// A mount with its host root held open.
    struct MountedRoot {
        var mount: Mount
        var components: [String]
        var rootFD: Int32
    }

    private(set) var mounts: [MountedRoot] = []
    /// Whether emu itself serves /dev/null, /dev/zero and /dev/urandom (and a virtual /dev
    /// listing them): true unless a mount is placed at /dev.
    public let providesDevices: Bool
    /// The guest working directory as components.
    public private(set) var workingDirectory: [String] = []
    /// Symbolic links followed in one lookup before ELOOP, as Linux's limit.
    static let maxSymlinks = 40

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
            self.mounts.append(MountedRoot(mount: mount, components: GuestPath.components(mount.guestPath), rootFD: fd))
        }
        self.workingDirectory = GuestPath.components(GuestPath.normalize(workingDirectory))
        providesDevices = !mounts.contains { $0.guestPath == "/dev" }
    }

    deinit { for mount in mounts { close(mount.rootFD) } }

    /// The guest working directory as a path.
    public var workingDirectoryPath: String { "/" + workingDirectory.joined(separator: "/") }

    // MARK: - Lookup

    /// Where a lookup ended: the directory holding the final component, and its name.
    struct Location {
        /// Host descriptor of the containing directory (`-1` when it is virtual), owned by
        /// the caller who must `close` it.
        var parentFD: Int32
        /// The final component ("" when the path names a directory reached exactly, such
        /// as `/` or a mount point: then `parentFD` is that directory itself).
        var name: String
        /// The mount the final object belongs to, or nil for a virtual directory.
        var mountIndex: Int?
        /// The guest path of the final object.
        var guestPath: [String]
    }

    /// The mount whose guest path is `path` exactly, if any (the longest, when nested).
    private func mountIndex(at path: [String]) -> Int? {
        mounts.indices.last { mounts[$0].components == path }
    }

    /// Whether some mount lies strictly below `path`: then `path` exists as a virtual,
    /// read-only directory even when nothing is mounted on it.
    private func isVirtualAncestor(_ path: [String]) -> Bool {
        if providesDevices && path == ["dev"] { return true }
        return mounts.contains { $0.components.count > path.count && Array($0.components.prefix(path.count)) == path }
    }

    /// What a virtual directory lists: the next component of every mount below it (and
    /// `dev` at the root when emu serves devices), or the devices for /dev; sorted, unique.
    func virtualEntries(of path: [String]) -> [(name: String, isDirectory: Bool)] {
        var names = Set<String>()
        for mount in mounts where mount.components.count > path.count
            && Array(mount.components.prefix(path.count)) == path
        {
            names.insert(mount.components[path.count])
        }
        if providesDevices && path.isEmpty { names.insert("dev") }
        var entries = names.sorted().map { (name: $0, isDirectory: true) }
        if providesDevices && path == ["dev"] {
            entries += OpenFile.Device.allCases.map { (name: $0.rawValue, isDirectory: false) }
        }
        return entries
    }

    /// Resolves `path` (relative to `base` unless absolute) to its containing directory.
    /// `followFinal` says whether a symlink as the final component is followed.
    func locate(_ path: [UInt8], base: [String]? = nil, followFinal: Bool) -> Result<Location, LinuxErrno> {
        guard !path.isEmpty else { return .failure(.ENOENT) }
        guard path.count < 4096 else { return .failure(.ENAMETOOLONG) }
        let text = String(decoding: path, as: UTF8.self)
        var pending = GuestPath.components(text)
        let trailingSlash = text.hasSuffix("/")
        var current: [String] = text.hasPrefix("/") ? [] : (base ?? workingDirectory)
        var symlinks = 0

        // One host descriptor per level of `current` (`-1` for virtual directories); the
        // first is the root.
        var stack: [(fd: Int32, mount: Int?)] = []
        defer { for entry in stack where entry.fd >= 0 { close(entry.fd) } }
        func openLevel(_ path: [String]) -> Result<(Int32, Int?), LinuxErrno> {
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
        func descend(_ name: String) -> LinuxErrno? {
            let next = current + [name]
            if mountIndex(at: next) != nil || stack.last!.fd < 0 {
                switch openLevel(next) {
                case .success(let level):
                    stack.append(level)
                    current = next
                    return nil
                case .failure(let error): return error
                }
            }
            let fd = openat(stack.last!.fd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return .host }
            stack.append((fd, stack.last!.mount))
            current = next
            return nil
        }
        // Reads the symlink `name` in the current directory, if it is one.
        func symlinkTarget(_ name: String) -> String? {
            guard let parent = stack.last, parent.fd >= 0 else { return nil }
            var buffer = [CChar](repeating: 0, count: 4097)
            let count = readlinkat(parent.fd, name, &buffer, 4096)
            guard count >= 0 else { return nil }
            return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        if let error = rebuild() { return .failure(error) }
        while !pending.isEmpty {
            let component = pending.removeFirst()
            let isFinal = pending.isEmpty
            if component == "." { continue }
            if component == ".." {
                if stack.count > 1 {
                    let top = stack.removeLast()
                    if top.fd >= 0 { close(top.fd) }
                    current.removeLast()
                }
                continue
            }
            if component.utf8.count > 255 { return .failure(.ENAMETOOLONG) }
            if isFinal && !trailingSlash && !followFinal { return finish(component) }
            if let target = symlinkTarget(component) {
                // An empty target names nothing (Linux: ENOENT), not the containing directory.
                guard !target.isEmpty else { return .failure(.ENOENT) }
                symlinks += 1
                if symlinks > GuestFileSystem.maxSymlinks { return .failure(.ELOOP) }
                pending = GuestPath.components(target) + pending
                if target.hasPrefix("/") {
                    current = []
                    if let error = rebuild() { return .failure(error) }
                }
                if isFinal && pending.isEmpty { break }
                continue
            }
            if isFinal && !trailingSlash { return finish(component) }
            if let error = descend(component) { return .failure(error) }
        }
        return finish("")

        func finish(_ name: String) -> Result<Location, LinuxErrno> {
            // Hand the top descriptor to the caller instead of closing it.
            let top = stack.removeLast()
            var fd = top.fd
            if name.isEmpty, fd >= 0 {
                // A directory reached exactly: its own descriptor is the "parent".
            } else if !name.isEmpty, mountIndex(at: current + [name]) != nil || isVirtualAncestor(current + [name]) {
                // The final name is a mount point or virtual directory: resolve it as a directory.
                if fd >= 0 { close(fd) }
                switch openLevel(current + [name]) {
                case .success(let level):
                    return .success(Location(parentFD: level.0, name: "", mountIndex: level.1, guestPath: current + [name]))
                case .failure(let error): return .failure(error)
                }
            }
            if fd < 0 && !name.isEmpty { return .failure(.ENOENT) }
            if fd < 0 { fd = -1 }
            return .success(Location(parentFD: fd, name: name, mountIndex: top.mount, guestPath: name.isEmpty ? current : current + [name]))
        }
    }

    /// Whether the mount at `index` refuses writes.
    func isReadOnly(_ index: Int?) -> Bool {
        guard let index else { return true }
        return mounts[index].mount.readOnly
    }

    /// Changes the guest working directory (the target must be a directory).
    func changeDirectory(to path: [UInt8]) -> LinuxErrno? {
        switch locate(path, followFinal: true) {
        case .failure(let error): return error
        case .success(let location):
            defer { if location.parentFD >= 0 { close(location.parentFD) } }
            if !location.name.isEmpty {
                let fd = openat(location.parentFD, location.name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { return .host }
                close(fd)
            }
            workingDirectory = location.guestPath
            return nil
        }
    }
}
