import Glibc

/// The file system calls, over the guest's descriptor table and `GuestFileSystem`.
extension LinuxProcess {
    static let AT_FDCWD: Int32 = -100
    static let AT_SYMLINK_NOFOLLOW: UInt32 = 0x100
    static let AT_REMOVEDIR: UInt32 = 0x200
    static let AT_SYMLINK_FOLLOW: UInt32 = 0x400
    static let AT_EMPTY_PATH: UInt32 = 0x1000
    /// Open flags passed to the host (riscv and x86-64 Linux share these values):
    /// access mode, O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_APPEND, O_NONBLOCK, O_DSYNC,
    /// O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_SYNC, O_PATH. Anything else is dropped.
    static let passedOpenFlags: UInt32 = 0x3 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x1000
        | 0x10000 | 0x20000 | 0x80000 | 0x101000 | 0x200000

    // MARK: - Path resolution helpers

    /// The guest directory a *at call's `dirfd` names.
    func baseDirectory(_ dirfd: Int32) -> Result<[GuestName]?, LinuxErrno> {
        if dirfd == LinuxProcess.AT_FDCWD { return .success(nil) }
        switch files[UInt32(bitPattern: dirfd)] {
        case .host(_, _, _, let path?)?: return .success(path)
        case .virtualDirectory(let path, _)?: return .success(path)
        case nil: return .failure(.EBADF)
        default: return .failure(.ENOTDIR)
        }
    }

    /// Resolves (dirfd, path) to a location; the caller closes `parentFD`.
    func locate(_ dirfd: Int32, _ pathAddress: UInt32, follow: Bool) -> Result<GuestFileSystem.Location, LinuxErrno> {
        let path: [UInt8]
        switch guestString(pathAddress) {
        case .success(let bytes): path = bytes
        case .failure(let error): return .failure(error)
        }
        switch baseDirectory(dirfd) {
        case .failure(let error): return .failure(error)
        case .success(let base): return fileSystem.locate(path, base: base, followFinal: follow)
        }
    }

    /// Runs `body` on a resolved location and closes its descriptor afterwards.
    func withLocation(_ dirfd: Int32, _ path: UInt32, follow: Bool,
                      _ body: (GuestFileSystem.Location) -> SyscallResult) -> SyscallResult {
        switch locate(dirfd, path, follow: follow) {
        case .failure(let error): return .error(error)
        case .success(let location):
            defer { if location.parentFD >= 0 { Glibc.close(location.parentFD) } }
            return body(location)
        }
    }

    /// A host result: the value, or the host errno negated.
    func hostResult(_ value: Int) -> SyscallResult {
        value < 0 ? .error(.host) : .value(Int32(truncatingIfNeeded: value))
    }

    /// The components of (dirfd, path) with `.` and `..` applied lexically, for the
    /// names emu serves itself (/dev, /proc/self/fd), where there is nothing to follow;
    /// nil for an empty path, a trailing slash, a bad address or a bad dirfd.
    func lexicalComponents(_ dirfd: Int32, at path: UInt32) -> [GuestName]? {
        guard case .success(let bytes) = guestString(path), !bytes.isEmpty, bytes.last != GuestName.slash,
            case .success(let base) = baseDirectory(dirfd)
        else { return nil }
        var components = bytes.first == GuestName.slash ? [] : (base ?? fileSystem.workingDirectory)
        for component in GuestName.components(bytes) {
            if component == GuestName.dot { continue }
            if component == GuestName.dotDot { _ = components.popLast(); continue }
            components.append(component)
        }
        return components
    }

    /// The device (dirfd, path) names when emu serves /dev (no mount is placed there).
    func device(_ dirfd: Int32 = LinuxProcess.AT_FDCWD, at path: UInt32) -> OpenFile.Device? {
        guard fileSystem.providesDevices, let components = lexicalComponents(dirfd, at: path),
            components.count == 2, components[0] == GuestName.dev,
            let name = String(validating: components[1], as: UTF8.self)
        else { return nil }
        return OpenFile.Device(rawValue: name)
    }

    // MARK: - open, close, read, write

    func openat(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[2], mode = creationMode(a[3])
        if let device = device(a.signed(0), at: a[1]) {
            return flags & 0x10000 != 0 ? .error(.ENOTDIR) : install(.device(device), closeOnExec: flags & 0x80000 != 0)
        }
        if let fd = namedDescriptor(a.signed(0), at: a[1]) { return reopen(descriptor: fd, flags: flags, mode: mode) }
        return withLocation(a.signed(0), a[1], follow: flags & 0x20000 == 0) { open($0, flags: flags, mode: mode) }
    }

    /// Opens the file at a resolved location with the guest's open `flags`.
    func open(_ location: GuestFileSystem.Location, flags: UInt32, mode: UInt32) -> SyscallResult {
        // Every flag that can change the file: a write access mode, O_CREAT, O_TRUNC.
        let wantsWrite = flags & 3 != 0 || flags & (0x40 | 0x200) != 0
        if location.isSynthetic { return openSynthetic(location, flags: flags) }
        // `name/` with O_CREAT: only a directory could be there, and open creates none.
        if location.trailingSlash && flags & 0x40 != 0 { return .error(.EISDIR) }
        if location.parentFD < 0 {
            guard !wantsWrite else { return .error(.EROFS) }
            return install(.virtualDirectory(guestPath: location.guestPath, cursor: DirectoryCursor()),
                           closeOnExec: flags & 0x80000 != 0)
        }
        if wantsWrite && fileSystem.isReadOnly(location.mountIndex) { return .error(.EROFS) }
        let name = location.hostName
        // A file about to be created pays for its name (see `entryCost`).
        var existing = stat()
        let creates = flags & 0x40 != 0
            && Glibc.fstatat(location.parentFD, name, &existing, Glibc.AT_SYMLINK_NOFOLLOW) != 0
        // O_NOFOLLOW always: symlinks were resolved by the guest file system, so one
        // found here was swapped in since, and must not be followed by the host.
        let hostFlags = Int32(bitPattern: flags & LinuxProcess.passedOpenFlags) | O_NOFOLLOW | O_CLOEXEC
        let open = { Glibc.openat(location.parentFD, name, hostFlags, mode_t(mode)) }
        let fd = creates ? charged(LinuxProcess.entryCost(location.name), open) : open()
        guard fd >= 0 else { return .error(.host) }
        forgetListing(fd)
        // The host's umask may have narrowed the guest's mode (see LinuxProcess+Metadata).
        if creates && mode_t(mode) & LinuxProcess.hostUmask != 0 { _ = Glibc.fchmod(fd, mode_t(mode)) }
        return install(.host(fd: fd, owned: true, readOnly: fileSystem.isReadOnly(location.mountIndex),
                             guestPath: location.guestPath), closeOnExec: flags & 0x80000 != 0)
    }

    /// Installs `file` at the lowest free number not below `minimum`, with FD_CLOEXEC when
    /// `closeOnExec`.
    func install(_ file: OpenFile, closeOnExec: Bool = false, atLeast minimum: UInt32 = 0) -> SyscallResult {
        switch files.install(file, atLeast: minimum) {
        case .success(let fd):
            files.setCloseOnExec(UInt32(fd), closeOnExec)
            return .value(fd)
        case .failure(let error): return .error(error)
        }
    }

    func close(_ a: SyscallArguments) -> SyscallResult {
        if let error = files.remove(a[0]) { return .error(error) }
        return .success
    }

    func read(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], 0x7FFF_F000)
        guard let buffer = writableBuffer(a[1], count: count) else { return .error(.EFAULT) }
        return transfer(fd: a[0], buffer: buffer, count: count, write: false, offset: nil)
    }

    func write(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], 0x7FFF_F000)
        guard let buffer = readableBuffer(a[1], count: count) else { return .error(.EFAULT) }
        return transfer(fd: a[0], buffer: buffer, count: count, write: true, offset: nil)
    }

    func pread(_ a: SyscallArguments, write: Bool) -> SyscallResult {
        let count = min(a[2], 0x7FFF_F000)
        let offset = Int64(bitPattern: UInt64(a[4]) << 32 | UInt64(a[3]))
        guard offset >= 0 else { return .error(.EINVAL) }
        let buffer = write ? readableBuffer(a[1], count: count) : writableBuffer(a[1], count: count)
        guard let buffer else { return .error(.EFAULT) }
        return transfer(fd: a[0], buffer: buffer, count: count, write: write, offset: offset)
    }

    /// One read or write between a guest buffer and a guest descriptor, with the
    /// `--max-write` budget applied to writes.
    func transfer(fd: UInt32, buffer: UnsafeMutableRawPointer, count: UInt32, write: Bool, offset: Int64?)
        -> SyscallResult
    {
        var count = Int(count)
        // A write pays for its bytes and for the hole it leaves before them (see
        // LinuxProcess+Quota): the hole and at least one byte must fit in the budget.
        var hole: UInt64 = 0
        if write {
            if case .host(let hostFD, _, _, _)? = files[fd] { hole = holeBeforeWrite(fd: hostFD, offset: offset) }
            let left = writeBudgetLeft
            if count > 0 && hole >= left { return .error(.EFBIG) }
            count = min(count, Int(clamping: left - hole))
        }
        switch files[fd] {
        case nil: return .error(.EBADF)
        case .virtualDirectory?: return .error(.EISDIR)
        case .device(let device)?:
            if write {
                bytesWritten &+= UInt64(count)
                return .value(Int32(count))
            }
            switch device {
            case .null: return .value(0)
            case .zero:
                buffer.initializeMemory(as: UInt8.self, repeating: 0, count: count)
            case .urandom:
                // In slices, so that a huge read cannot double emu's memory with a copy.
                var done = 0
                var bytes = [UInt8](repeating: 0, count: min(count, 1 << 16))
                while done < count {
                    // A read of up to 2 GiB from the seeded stream takes seconds of host CPU:
                    // past the deadline it ends short, as a read may.
                    if done > 0 && isPastDeadline { break }
                    let slice = min(count - done, bytes.count)
                    fillRandom(&bytes)
                    bytes.withUnsafeBytes { (buffer + done).copyMemory(from: $0.baseAddress!, byteCount: slice) }
                    done += slice
                }
                return .value(Int32(done))
            }
            return .value(Int32(count))
        case .host(let hostFD, _, let readOnly, _)?:
            if write && readOnly { return .error(.EBADF) }
            if write, let room = fileSizeRoom(hostFD, offset: offset) {
                if room == 0 && count > 0 { return .error(.EFBIG) }
                count = Int(min(UInt64(count), room))
            }
            var result = 0
            if offset == nil, schedulesByTurns {
                // --deterministic: a pipe between threads is waited on without the turn.
                if write, let result = writeToGuestChannel(hostFD, buffer, count: count) { return result }
                if !waitUntilChannelTransfers(hostFD, write: write) { return .error(.EINTR) }
            }
            // A pipe or terminal may block: other threads run meanwhile (the buffer is in
            // the arena, which is never freed, so it stays valid whatever they do).
            withoutThreadLock {
                switch (write, offset) {
                case (true, nil): result = Glibc.write(hostFD, buffer, count)
                case (false, nil): result = Glibc.read(hostFD, buffer, count)
                case (true, let offset?): result = Glibc.pwrite(hostFD, buffer, count, off_t(offset))
                case (false, let offset?): result = Glibc.pread(hostFD, buffer, count, off_t(offset))
                }
            }
            if write && result > 0 { bytesWritten &+= UInt64(result) &+ hole }
            if write, offset == nil, result > 0, let observer = hostOutputObserver {
                observer(hostFD, UnsafeRawBufferPointer(start: buffer, count: result))
            }
            return hostResult(result)
        }
    }

    /// readv/writev: each iovec (base, length) in turn, stopping at a short transfer.
    func readv(_ a: SyscallArguments, write: Bool) -> SyscallResult {
        let count = a[2]
        guard count <= 1024 else { return .error(.EINVAL) }
        guard let table = readableBuffer(a[1], count: count * 8) else { return .error(.EFAULT) }  // count ≤ 1024
        let vectors = [UInt8](UnsafeRawBufferPointer(start: table, count: Int(count) * 8))
        if write, count > 1, let gathered = gather(vectors, count: Int(count)) {
            // One host write for the whole vector, as Linux's writev is one write: musl's
            // stdio writes a line as two iovecs, and two host writes would let another
            // process's output land between them on a shared pipe.
            if gathered.isEmpty { return .error(.EFAULT) }
            return gathered.withUnsafeBytes { bytes in
                transfer(fd: a[0], buffer: UnsafeMutableRawPointer(mutating: bytes.baseAddress!),
                         count: UInt32(bytes.count), write: true, offset: nil)
            }
        }
        var total: Int32 = 0
        for index in 0..<Int(count) {
            let base = vectors.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8, as: UInt32.self) }
            let length = vectors.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8 + 4, as: UInt32.self) }
            if length == 0 { continue }
            let room = UInt32(Int32.max - total)
            let size = min(length, room)
            let buffer = write ? readableBuffer(base, count: size) : writableBuffer(base, count: size)
            guard let buffer else { return total > 0 ? .value(total) : .error(.EFAULT) }
            switch transfer(fd: a[0], buffer: buffer, count: size, write: write, offset: nil) {
            case .value(let done) where done < 0: return total > 0 ? .value(total) : .value(done)
            case .value(let done):
                total += done
                if UInt32(done) < size { return .value(total) }
            case .exit(let outcome): return .exit(outcome)
            }
        }
        return .value(total)
    }

    /// The bytes of a writev's vectors in order, up to the first unreadable one (empty if
    /// that is the first non-empty one: EFAULT); nil when the vectors hold nothing or more
    /// than 1 MiB (then they are written one by one).
    private func gather(_ vectors: [UInt8], count: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var any = false
        for index in 0..<count {
            let base = vectors.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8, as: UInt32.self) }
            let length = vectors.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8 + 4, as: UInt32.self) }
            if length == 0 { continue }
            any = true
            guard bytes.count + Int(length) <= 1 << 20 else { return nil }
            guard let buffer = readableBuffer(base, count: length) else { break }
            bytes += UnsafeRawBufferPointer(start: buffer, count: Int(length))
        }
        return any ? bytes : nil
    }

    /// llseek(fd, offset_high, offset_low, result*, whence): the 64-bit lseek of 32-bit Linux.
    func llseek(_ a: SyscallArguments) -> SyscallResult {
        let offset = Int64(bitPattern: UInt64(a[1]) << 32 | UInt64(a[2]))
        guard a[4] <= 4 else { return .error(.EINVAL) }
        let position: Int64
        switch files[a[0]] {
        case nil: return .error(.EBADF)
        case .device?: position = 0
        case .virtualDirectory(_, let cursor)?:
            // SEEK_SET to an entry index (getdents64's d_off), as rewinddir does with 0.
            guard a[4] == 0, offset >= 0, offset < 1 << 20 else { return .error(.EINVAL) }
            cursor.next = Int(offset)
            position = offset
        case .host(let fd, _, _, _)?:
            position = Int64(Glibc.lseek(fd, off_t(offset), Int32(a[4])))
            if position < 0 { return .error(.host) }
            if position == 0 { forgetListing(fd) }
        }
        var bytes: [UInt8] = []
        withUnsafeBytes(of: position.littleEndian) { bytes += $0 }
        return copyOut(bytes, to: a[3]) ? .success : .error(.EFAULT)
    }

    func ftruncate(_ a: SyscallArguments) -> SyscallResult {
        let length = Int64(bitPattern: UInt64(a[2]) << 32 | UInt64(a[1]))
        guard case .host(let fd, _, let readOnly, _)? = files[a[0]] else { return .error(.EBADF) }
        if readOnly { return .error(.EROFS) }
        // Growing a file counts against --max-write as writing its new bytes would.
        return resize(hostFD: fd, to: length)
    }

    // MARK: - Descriptors

    func dup(_ a: SyscallArguments) -> SyscallResult {
        guard let file = duplicate(a[0]) else { return .error(.EBADF) }
        return install(file)
    }

    func dup3(_ a: SyscallArguments) -> SyscallResult {
        // dup3 takes only O_CLOEXEC; riscv32 has no dup2, whose libc form calls dup3 with 0
        // after checking oldfd == newfd itself.
        guard a[0] != a[1], a[2] & ~0x80000 == 0 else { return .error(.EINVAL) }
        guard let file = duplicate(a[0]) else { return .error(.EBADF) }
        if let error = files.install(file, at: a[1]) { return .error(error) }
        files.setCloseOnExec(a[1], a[2] & 0x80000 != 0)
        return .value(Int32(bitPattern: a[1]))
    }

    /// A second reference to guest descriptor `fd` (a new host descriptor when it has one).
    func duplicate(_ fd: UInt32) -> OpenFile? {
        switch files[fd] {
        case .host(let hostFD, _, let readOnly, let path)?:
            let copy = hostFcntl(hostFD, F_DUPFD_CLOEXEC, 3)
            return copy < 0 ? nil : .host(fd: copy, owned: true, readOnly: readOnly, guestPath: path)
        case let other: return other
        }
    }

    func fcntl(_ a: SyscallArguments) -> SyscallResult {
        guard let file = files[a[0]] else { return .error(.EBADF) }
        switch a[1] {
        case 0, 1030:  // F_DUPFD, F_DUPFD_CLOEXEC: the lowest free number >= arg
            guard a.signed(2) >= 0 else { return .error(.EINVAL) }
            guard let copy = duplicate(a[0]) else { return .error(.EBADF) }
            return install(copy, closeOnExec: a[1] == 1030, atLeast: a[2])
        case 1:  // F_GETFD
            return .value(files.isCloseOnExec(a[0]) ? 1 : 0)
        case 2:  // F_SETFD: FD_CLOEXEC is the only descriptor flag
            files.setCloseOnExec(a[0], a[2] & 1 != 0)
            return .success
        case 3:  // F_GETFL
            guard case .host(let fd, _, _, _) = file else { return .value(2) }
            return hostResult(Int(hostFcntl(fd, F_GETFL, 0)))
        case 4:  // F_SETFL: only O_APPEND and O_NONBLOCK may change
            guard case .host(let fd, _, _, _) = file else { return .success }
            return hostResult(Int(hostFcntl(fd, F_SETFL, Int(a[2] & (0x400 | 0x800)))))
        case 5, 6, 7, 12, 13, 14, 36, 37, 38: return fcntlLock(a)  // F_GETLK, F_SETLK(W), 64-bit and OFD forms
        default: return .error(.EINVAL)
        }
    }

    func ioctl(_ a: SyscallArguments) -> SyscallResult {
        guard let file = files[a[0]] else { return .error(.EBADF) }
        guard case .host(let fd, _, _, _) = file else { return .error(.ENOTTY) }
        switch UInt(a[1]) {
        case HostTerminal.TCGETS:
            // struct termios of the kernel ABI: four flag words, c_line, c_cc[19] (36 bytes),
            // identical on riscv and the host.
            var termios = [UInt8](repeating: 0, count: 64)
            guard hostIoctl(fd, HostTerminal.TCGETS, &termios) == 0 else { return .error(.host) }
            return copyOut(Array(termios.prefix(36)), to: a[2]) ? .success : .error(.EFAULT)
        case HostTerminal.TIOCGWINSZ:
            var size = [UInt8](repeating: 0, count: 8)
            guard hostIoctl(fd, HostTerminal.TIOCGWINSZ, &size) == 0 else { return .error(.host) }
            return copyOut(size, to: a[2]) ? .success : .error(.EFAULT)
        case 0x541B:  // FIONREAD: bytes ready to read (pipes, sockets, eventfds, terminals)
            var ready: Int32 = 0
            guard hostIoctl(fd, 0x541B, &ready) == 0 else { return .error(.host) }
            return copyOut(withUnsafeBytes(of: ready.littleEndian) { Array($0) }, to: a[2]) ? .success : .error(.EFAULT)
        case 0x5421:  // FIONBIO: O_NONBLOCK from an int
            guard let value = machine.memory.read(a[2], count: 4), machine.memory.check(a[2], count: 4, has: .read)
            else { return .error(.EFAULT) }
            var on: Int32 = value.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) } != 0 ? 1 : 0
            return hostResult(Int(hostIoctl(fd, 0x5421, &on)))
        default: return .error(.ENOTTY)
        }
    }

    // MARK: - Directories and names

    func getcwd(_ a: SyscallArguments) -> SyscallResult {
        let path = fileSystem.workingDirectoryBytes + [0]
        guard path.count <= Int(a[1]) else { return .error(.ERANGE) }
        return copyOut(path, to: a[0]) ? .value(Int32(path.count)) : .error(.EFAULT)
    }

    func chdir(_ a: SyscallArguments) -> SyscallResult {
        switch guestString(a[0]) {
        case .failure(let error): return .error(error)
        case .success(let path):
            if let error = fileSystem.changeDirectory(to: path) { return .error(error) }
            return .success
        }
    }

    /// Runs a host *at call on a resolved, writable location.
    func modify(_ dirfd: Int32, _ path: UInt32, follow: Bool = false,
                _ body: (Int32, [CChar]) -> Int32) -> SyscallResult {
        withLocation(dirfd, path, follow: follow) { location in
            guard location.parentFD >= 0, !location.name.isEmpty else { return .error(location.parentFD < 0 ? .EROFS : .EBUSY) }
            if fileSystem.isReadOnly(location.mountIndex) { return .error(.EROFS) }
            return hostResult(Int(body(location.parentFD, location.hostName)))
        }
    }

    func mkdirat(_ a: SyscallArguments) -> SyscallResult {
        modify(a.signed(0), a[1]) {
            let (fd, name) = ($0, $1)
            let mode = creationMode(a[2])
            return charged(LinuxProcess.directoryCost) {
                let result = Glibc.mkdirat(fd, name, mode_t(mode))
                if result == 0 { settleCreatedMode(fd, name, mode) }
                return result
            }
        }
    }

    func unlinkat(_ a: SyscallArguments) -> SyscallResult {
        modify(a.signed(0), a[1]) {
            let result = Glibc.unlinkat($0, $1, Int32(bitPattern: a[2] & LinuxProcess.AT_REMOVEDIR))
            if result == 0 { entryRemoved() }
            return result
        }
    }

    func symlinkat(_ a: SyscallArguments) -> SyscallResult {
        // The link's text is only data: GuestFileSystem resolves links inside the guest view.
        guard case .success(let target) = guestString(a[0]) else { return .error(.EFAULT) }
        let text = GuestName.cString(target)
        return modify(a.signed(1), a[2]) {
            let (fd, name) = ($0, $1)
            let result = charged(UInt64(target.count) + LinuxProcess.entryCost(name)) { Glibc.symlinkat(text, fd, name) }
            if result == 0 { rememberGuestLink(fd, name) }
            return result
        }
    }

    /// Resolves two paths that must stay within one mount (rename and link cannot
    /// cross mounts, as across file systems: EXDEV).
    func twoPaths(_ oldDir: Int32, _ oldPath: UInt32, _ newDir: Int32, _ newPath: UInt32, followOld: Bool,
                  _ body: (Int32, [CChar], Int32, [CChar]) -> Int32) -> SyscallResult {
        withLocation(oldDir, oldPath, follow: followOld) { old in
            withLocation(newDir, newPath, follow: false) { new in
                // emu's own files are another file system (EXDEV); a mount point is busy.
                if old.isSynthetic || new.isSynthetic { return .error(.EXDEV) }
                guard old.parentFD >= 0, new.parentFD >= 0, !old.name.isEmpty, !new.name.isEmpty else {
                    return .error(.EBUSY)
                }
                guard old.mountIndex == new.mountIndex else { return .error(.EXDEV) }
                // `new/` names a directory: only a directory may move there.
                var status = stat()
                if new.trailingSlash, Glibc.fstatat(old.parentFD, old.hostName, &status, Glibc.AT_SYMLINK_NOFOLLOW) == 0,
                    status.st_mode & S_IFMT != S_IFDIR
                {
                    return .error(.ENOTDIR)
                }
                if fileSystem.isReadOnly(old.mountIndex) { return .error(.EROFS) }
                return hostResult(Int(body(old.parentFD, old.hostName, new.parentFD, new.hostName)))
            }
        }
    }

    func renameat(_ a: SyscallArguments, call: LinuxSyscall) -> SyscallResult {
        if call == .renameat2 && a[4] != 0 { return .error(.EINVAL) }
        return twoPaths(a.signed(0), a[1], a.signed(2), a[3], followOld: false) { Glibc.renameat($0, $1, $2, $3) }
    }

    func linkat(_ a: SyscallArguments) -> SyscallResult {
        twoPaths(a.signed(0), a[1], a.signed(2), a[3], followOld: a[4] & LinuxProcess.AT_SYMLINK_FOLLOW != 0) {
            let (oldFD, oldName, newFD, newName) = ($0, $1, $2, $3)
            return charged(LinuxProcess.entryCost(newName)) { Glibc.linkat(oldFD, oldName, newFD, newName, 0) }
        }
    }

    /// Writes the next entries of a virtual directory (".", "..", then its children) as
    /// `struct linux_dirent64` records; returns the bytes written, or -EINVAL when even the
    /// next record does not fit.
    func listVirtual(_ path: [GuestName], cursor: DirectoryCursor, into buffer: UnsafeMutableRawPointer, count: Int)
        -> Int32
    {
        let children = fileSystem.virtualEntries(of: path)
        let entries = [(name: GuestName.dot, type: DirectoryEntryType.directory),
                       (name: GuestName.dotDot, type: DirectoryEntryType.directory)] + children
        var used = 0
        while cursor.next < entries.count {
            let entry = entries[cursor.next]
            let name = entry.name + [0]
            let length = (19 + name.count + 7) & ~7  // d_ino, d_off, d_reclen, d_type, name; 8-aligned
            guard used + length <= count else { break }
            // Invented inode numbers: unique within the listing, never a host inode.
            LinuxProcess.storeDirent(buffer + used, length: length, inode: UInt64(cursor.next + 1),
                                     offset: Int64(cursor.next + 1), type: entry.type, name: name)
            used += length
            cursor.next += 1
        }
        if used == 0 && cursor.next < entries.count { return -LinuxErrno.EINVAL.code }
        return Int32(used)
    }

    func faccessat(_ a: SyscallArguments) -> SyscallResult {
        let mode = Int32(bitPattern: a[2])
        if device(a.signed(0), at: a[1]) != nil { return .success }
        if let fd = namedDescriptor(a.signed(0), at: a[1]) { return files[fd] == nil ? .error(.ENOENT) : .success }
        return withLocation(a.signed(0), a[1], follow: a[3] & LinuxProcess.AT_SYMLINK_NOFOLLOW == 0) { location in
            if location.parentFD < 0 { return mode & 2 != 0 ? .error(.EROFS) : .success }
            if mode & 2 != 0 && fileSystem.isReadOnly(location.mountIndex) { return .error(.EROFS) }
            return hostResult(Int(Glibc.faccessat(location.parentFD, location.hostName, mode, Glibc.AT_SYMLINK_NOFOLLOW)))
        }
    }

    func readlinkat(_ a: SyscallArguments) -> SyscallResult {
        /// readlink's reply: at most `bufsiz` bytes of `text`, no terminating NUL.
        func reply(_ text: [UInt8]) -> SyscallResult {
            guard a.signed(3) > 0 else { return .error(.EINVAL) }
            let bytes = Array(text.prefix(Int(min(a[3], 4096))))
            return copyOut(bytes, to: a[2]) ? .value(Int32(bytes.count)) : .error(.EFAULT)
        }
        if let text = deviceLinkText(a.signed(0), at: a[1]) { return reply(text) }
        return withLocation(a.signed(0), a[1], follow: false) { location in
            if location.isSynthetic {
                guard case .link(let text)? = syntheticNode(at: location.guestPath) else { return .error(.EINVAL) }
                return reply(text)
            }
            guard location.parentFD >= 0, !location.name.isEmpty else { return .error(.EINVAL) }
            guard a.signed(3) > 0 else { return .error(.EINVAL) }
            guard let text = fileSystem.guestTarget(ofLinkAt: location.parentFD, location.name) else {
                return .error(.host)
            }
            // An absolute target outside the guest's view that the guest did not write
            // itself was planted from the host: its text is a host path, which the guest
            // may not learn (EACCES, as for a link it may not read).
            if !fileSystem.isGuestVisible(linkText: text) && !isGuestLink(location.parentFD, location.hostName) {
                return .error(.EACCES)
            }
            return reply(text)
        }
    }

    /// getdents64 on a host directory writes `struct linux_dirent64` records, whose layout
    /// is the same on every architecture, straight into the guest buffer.
    func getdents64(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], 1 << 20)
        guard let buffer = writableBuffer(a[1], count: count) else { return .error(.EFAULT) }
        switch files[a[0]] {
        case nil: return .error(.EBADF)
        case .virtualDirectory(let path, let cursor)?:
            return .value(listVirtual(path, cursor: cursor, into: buffer, count: Int(count)))
        case .device?: return .error(.ENOTDIR)
        case .host(let fd, _, _, let path)?:
            let result = hostGetdents64(fd, buffer, Int(count))
            var status = stat()
            if result > 0 {
                // Host inode numbers must not reach the guest (see LinuxProcess+HostFacts).
                guard Glibc.fstat(fd, &status) == 0 else {
                    buffer.initializeMemory(as: UInt8.self, repeating: 0, count: result)
                    return .error(.host)
                }
                virtualiseDirectoryEntries(buffer, count: result, device: UInt64(status.st_dev),
                                           mount: path.flatMap { fileSystem.mountIndex(containing: $0) })
            }
            if result == 0, let path { return .value(listMountPoints(hostFD: fd, path, into: buffer, count: Int(count))) }
            return hostResult(result)
        }
    }
}

// MARK: - Directory records

extension LinuxProcess {
    /// Writes one `struct linux_dirent64` of `length` bytes (d_ino, d_off, d_reclen,
    /// d_type, then the NUL-terminated name) at `record`.
    static func storeDirent(_ record: UnsafeMutableRawPointer, length: Int, inode: UInt64, offset: Int64, type: UInt8,
                            name: [UInt8]) {
        record.initializeMemory(as: UInt8.self, repeating: 0, count: length)
        record.storeBytes(of: inode.littleEndian, toByteOffset: 0, as: UInt64.self)
        record.storeBytes(of: offset.littleEndian, toByteOffset: 8, as: Int64.self)
        record.storeBytes(of: UInt16(length).littleEndian, toByteOffset: 16, as: UInt16.self)
        record.storeBytes(of: type, toByteOffset: 18, as: UInt8.self)
        name.withUnsafeBytes { (record + 19).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// The key under which `listMountPoints` remembers host directory descriptor `fd`.
    func listingID(_ fd: Int32) -> HostFactTable.HostFileID? {
        var status = stat()
        guard Glibc.fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        return HostFactTable.HostFileID(device: UInt64(status.st_dev) ^ UInt64(UInt32(bitPattern: fd)) << 48,
                                        inode: UInt64(status.st_ino))
    }

    /// Forgets that `fd`'s mount points were listed (it was just opened, or rewound).
    func forgetListing(_ fd: Int32) {
        if !resources.listedMountPoints.isEmpty, let id = listingID(fd) { resources.listedMountPoints.remove(id) }
    }

    /// After a host directory's own entries: the mount points (and emu's own entries) below
    /// its guest path that the host directory does not hold, once per open directory, as
    /// Linux lists a mount point in its parent. Returns the bytes written (0 at the end).
    func listMountPoints(hostFD fd: Int32, _ path: [GuestName], into buffer: UnsafeMutableRawPointer, count: Int) -> Int32 {
        guard let id = listingID(fd), !resources.listedMountPoints.contains(id) else { return 0 }
        var missing = stat()
        let extra = fileSystem.virtualEntries(of: path).filter {
            Glibc.fstatat(fd, GuestName.cString($0.name), &missing, Glibc.AT_SYMLINK_NOFOLLOW) != 0
        }
        var used = 0
        for (index, entry) in extra.enumerated() {
            let name = entry.name + [0]
            let length = (19 + name.count + 7) & ~7
            // All at once or not at all (a guest buffer too small for them all is EINVAL).
            guard used + length <= count else { return -LinuxErrno.EINVAL.code }
            let inode = hostFacts.guestInode(mount: nil, device: 0, inode: UInt64(index) | 1 << 40)
            LinuxProcess.storeDirent(buffer + used, length: length, inode: inode, offset: Int64.max - Int64(extra.count - index),
                                     type: entry.type, name: name)
            used += length
        }
        resources.listedMountPoints.insert(id)
        return Int32(used)
    }
}
