import Glibc

/// What a guest file descriptor refers to.
enum OpenFile {
    /// A host descriptor. `owned` is false for the host's own standard streams, which the
    /// guest may close in its table without closing them for emu. `guestPath` is where the
    /// guest opened it (nil for the standard streams, which have no path: `[]` is `/`).
    case host(fd: Int32, owned: Bool, readOnly: Bool, guestPath: [GuestName]?)
    /// A virtual directory (an ancestor of a mount point, or /dev): lists its mount-point
    /// children (or devices), reads fail. The cursor is shared by duplicates, as an open
    /// file description's offset is.
    case virtualDirectory(guestPath: [GuestName], cursor: DirectoryCursor)
    /// The minimal devices: /dev/null, /dev/zero, /dev/urandom.
    case device(Device)

    enum Device: String, CaseIterable { case null, zero, urandom }
}

/// The read position of a virtual directory: the index of the next entry getdents64 returns.
final class DirectoryCursor {
    var next = 0
}

/// The guest's file-descriptor table: guest numbers to `OpenFile`s, lowest free number
/// first as Linux allocates them, bounded by `limit` (EMFILE beyond it).
final class FileDescriptorTable {
    private var entries: [OpenFile?] = []
    /// Descriptors with FD_CLOEXEC: a flag of the descriptor, not of the open file, so it
    /// lives here (every host descriptor is O_CLOEXEC anyway: emu never runs a host exec).
    private var closeOnExec = Set<UInt32>()
    /// The most descriptors the guest may hold open.
    let limit: Int

    init(limit: Int, standardStreams: [Int32]) {
        self.limit = limit
        for fd in standardStreams {
            entries.append(.host(fd: fd, owned: false, readOnly: false, guestPath: nil))
        }
    }

    deinit {
        for case .host(let fd, true, _, _)? in entries { close(fd) }
    }

    /// The file behind guest descriptor `fd`.
    subscript(fd: UInt32) -> OpenFile? {
        let index = Int(fd)
        return index < entries.count ? entries[index] : nil
    }

    /// Installs `file` at the lowest free number; EMFILE when the table is full (the
    /// file's host descriptor is then closed).
    func install(_ file: OpenFile) -> Result<Int32, LinuxErrno> { install(file, atLeast: 0) }

    /// Installs `file` at the lowest free number not below `minimum` (F_DUPFD); EMFILE
    /// when there is none below the limit, EINVAL when `minimum` is beyond it.
    func install(_ file: OpenFile, atLeast minimum: UInt32) -> Result<Int32, LinuxErrno> {
        guard Int(minimum) < limit else {
            if case .host(let fd, true, _, _) = file { close(fd) }
            return .failure(.EINVAL)
        }
        let start = Int(minimum)
        while entries.count < start { entries.append(nil) }
        if let free = entries[start...].firstIndex(where: { $0 == nil }) {
            entries[free] = file
            return .success(Int32(free))
        }
        guard entries.count < limit else {
            if case .host(let fd, true, _, _) = file { close(fd) }
            return .failure(.EMFILE)
        }
        entries.append(file)
        return .success(Int32(entries.count - 1))
    }

    /// Installs `file` at exactly `fd` (dup3), closing what was there.
    func install(_ file: OpenFile, at fd: UInt32) -> LinuxErrno? {
        guard Int(fd) < limit else { return .EBADF }
        while entries.count <= Int(fd) { entries.append(nil) }
        _ = remove(fd)
        entries[Int(fd)] = file
        return nil
    }

    /// Closes guest descriptor `fd`; EBADF when it is not open.
    func remove(_ fd: UInt32) -> LinuxErrno? {
        guard Int(fd) < entries.count, let file = entries[Int(fd)] else { return .EBADF }
        entries[Int(fd)] = nil
        closeOnExec.remove(fd)
        if case .host(let hostFD, true, _, _) = file { close(hostFD) }
        return nil
    }

    /// Whether `fd` has FD_CLOEXEC.
    func isCloseOnExec(_ fd: UInt32) -> Bool { closeOnExec.contains(fd) }

    /// Sets or clears FD_CLOEXEC on an open `fd`.
    func setCloseOnExec(_ fd: UInt32, _ on: Bool) {
        guard self[fd] != nil else { return }
        if on { closeOnExec.insert(fd) } else { closeOnExec.remove(fd) }
    }

    /// Closes every FD_CLOEXEC descriptor (execve).
    func closeCloseOnExec() {
        for fd in closeOnExec.sorted() { _ = remove(fd) }
    }

    /// Every open guest descriptor number, ascending.
    var openDescriptors: [UInt32] { entries.indices.filter { entries[$0] != nil }.map { UInt32($0) } }

    /// Number of open descriptors.
    var openCount: Int { entries.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}
