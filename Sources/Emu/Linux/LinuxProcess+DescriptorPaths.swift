import Glibc

/// The paths that name one of the guest's own descriptors: /dev/stdin, /dev/stdout,
/// /dev/stderr, /dev/fd/N, and /proc/self/fd/N (also /proc/thread-self/fd/N and
/// /proc/PID/fd/N with the guest's own pid). On Linux the /dev names are links to
/// /proc/self/fd, whose entries are "magic" links: opening one opens the file the
/// descriptor refers to, even a pipe or a terminal that has no path. Shells and tools
/// rely on it (`cat /dev/stdin`, `echo error > /dev/stderr`, `diff <(...)` style
/// /dev/fd arguments), and the guest's /proc/self/fd/N links to "pipe:[N]", which no
/// path resolution can follow, so emu opens them here, by descriptor.
///
/// What Linux does and emu does for the file behind descriptor N:
/// - a file opened by a guest path: opened again at that path with the new flags (a new
///   open file description, its own offset, O_TRUNC truncates), as Linux reopens the
///   inode; a file renamed or removed since is found by its path or not at all (Linux
///   would still reach the inode);
/// - a pipe, a terminal or a file emu was handed (the standard streams): a new host
///   descriptor for the same open file description, which shares the offset and the
///   status flags (Linux gives a new description; emu cannot reopen what it holds no path
///   for, inside its jail), provided the requested access mode is one the descriptor has
///   (EACCES otherwise); O_TRUNC on a writable regular file truncates it, as Linux does;
/// - a socket: ENXIO, as Linux; /dev/null, /dev/zero, /dev/urandom and emu's virtual
///   directories: opened anew.
extension LinuxProcess {
    /// The guest descriptor that (dirfd, path) names through /dev or /proc/self/fd, or nil
    /// for any other path. Lexical, as `device(_:at:)` is: /dev and /proc are emu's own.
    func namedDescriptor(_ dirfd: Int32 = LinuxProcess.AT_FDCWD, at path: UInt32) -> UInt32? {
        guard let components = lexicalComponents(dirfd, at: path) else { return nil }
        let names = components.map { String(decoding: $0, as: UTF8.self) }
        if names.first == "dev" {
            guard fileSystem.providesDevices else { return nil }
            switch names.count {
            case 2: return ["stdin": 0, "stdout": 1, "stderr": 2][names[1]]
            case 3 where names[1] == "fd": return LinuxProcess.canonicalNumber(names[2])
            default: return nil
            }
        }
        guard names.count == 4, names[0] == "proc", names[2] == "fd", providesProc,
            ["self", "thread-self", String(ownPID)].contains(names[1])
        else { return nil }
        return LinuxProcess.canonicalNumber(names[3])
    }

    /// The link text of /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd, as Linux's
    /// /dev has them (nil for other paths).
    func deviceLinkText(_ dirfd: Int32, at path: UInt32) -> [UInt8]? {
        guard fileSystem.providesDevices, let components = lexicalComponents(dirfd, at: path),
            components.count == 2, components[0] == GuestName.dev
        else { return nil }
        let targets = ["stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2",
                       "fd": "/proc/self/fd"]
        return targets[String(decoding: components[1], as: UTF8.self)].map { Array($0.utf8) }
    }

    /// Opens the file behind guest descriptor `fd` anew with open `flags` (see the type's
    /// comment for what "anew" means for each kind of file).
    func reopen(descriptor fd: UInt32, flags: UInt32, mode: UInt32) -> SyscallResult {
        let closeOnExec = flags & 0x80000 != 0
        let wantsWrite = flags & 3 != 0 || flags & 0x200 != 0
        switch files[fd] {
        case nil: return .error(.ENOENT)
        case .device(let device)?:
            return flags & 0x10000 != 0 ? .error(.ENOTDIR) : install(.device(device), closeOnExec: closeOnExec)
        case .virtualDirectory(let path, _)?:
            if wantsWrite { return .error(.EISDIR) }
            return install(.virtualDirectory(guestPath: path, cursor: DirectoryCursor()), closeOnExec: closeOnExec)
        case .host(_, _, _, let path?)?:
            // O_CREAT and O_EXCL do not apply: the file exists (Linux ignores O_CREAT here
            // and fails O_EXCL with EEXIST).
            if flags & 0xC0 == 0xC0 { return .error(.EEXIST) }
            switch fileSystem.locate(GuestName.path(path), base: nil, followFinal: true) {
            case .failure(let error): return .error(error)
            case .success(let location):
                defer { if location.parentFD >= 0 { Glibc.close(location.parentFD) } }
                return open(location, flags: flags & ~0x40, mode: mode)
            }
        case .host(let hostFD, _, let readOnly, nil)?:
            var status = stat()
            guard Glibc.fstat(hostFD, &status) == 0 else { return .error(.host) }
            if status.st_mode & S_IFMT == S_IFSOCK { return .error(.ENXIO) }
            if flags & 0x10000 != 0 && status.st_mode & S_IFMT != S_IFDIR { return .error(.ENOTDIR) }
            let held = hostFcntl(hostFD, F_GETFL, 0) & O_ACCMODE
            let wanted = Int32(flags & 3)
            let allowed = wanted == O_RDONLY ? held != O_WRONLY : wanted == O_WRONLY ? held != O_RDONLY : held == O_RDWR
            guard allowed, !(readOnly && wantsWrite) else { return .error(.EACCES) }
            let copy = hostFcntl(hostFD, F_DUPFD_CLOEXEC, 3)
            guard copy >= 0 else { return .error(.host) }
            if flags & 0x200 != 0 && status.st_mode & S_IFMT == S_IFREG && Glibc.ftruncate(copy, 0) != 0 {
                Glibc.close(copy)
                return .error(.host)
            }
            return install(.host(fd: copy, owned: true, readOnly: readOnly, guestPath: nil), closeOnExec: closeOnExec)
        }
    }
}
