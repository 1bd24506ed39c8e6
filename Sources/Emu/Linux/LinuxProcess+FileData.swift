import Glibc

/// Calls on a file's data and its file system: statfs64/fstatfs64, truncate64, fallocate,
/// sendfile64, copy_file_range, fadvise64_64, syncfs, and RLIMIT_FSIZE.
extension LinuxProcess {

    // MARK: - statfs

    /// The riscv32 `struct statfs64` (88 bytes: two 32-bit words, five u64 counts, fsid,
    /// five 32-bit words and padding) for a file system: a mount shows its host file
    /// system's block size and free space, but never more space than `--max-write` leaves
    /// nor more inodes than `--max-files`; its fsid is zero (the host's would identify the
    /// host disk); read-only mounts and emu's own directories say ST_RDONLY.
    func encodeStatfs(host: UnsafeMutableRawPointer?, mount: Int?, proc: Bool) -> [UInt8] {
        var out = GuestStruct(size: 88)
        let rdonly: UInt32 = 1, nosuid: UInt32 = 2, nodev: UInt32 = 4, noexec: UInt32 = 8, valid: UInt32 = 0x20
        guard let host, let mount else {
            out.put(UInt32(proc ? 0x9FA0 : 0x0102_1994), at: 0)  // PROC_SUPER_MAGIC, TMPFS_MAGIC
            out.put(UInt32(4096), at: 4)
            out.put(UInt32(255), at: 56)
            out.put(UInt32(4096), at: 60)
            out.put(rdonly | nosuid | nodev | valid | (proc ? noexec : 0), at: 64)
            return out.bytes
        }
        func word(_ index: Int) -> UInt64 { host.guestLoad(UInt64.self, at: index * 8) }
        let temporary = mount >= configuration.mounts.count
        let blockSize = max(word(1), 1)
        var blocks = word(2), free = word(3), available = word(4), inodes = word(5), freeInodes = word(6)
        if let limit = configuration.maxWriteBytes {
            blocks = min(blocks, limit / blockSize)
            free = min(free, writeBudgetLeft / blockSize)
            available = min(available, free)
        }
        let entries = UInt64(configuration.maxFiles)
        inodes = min(inodes == 0 ? entries : inodes, entries)
        freeInodes = min(freeInodes == 0 ? entries : freeInodes, entries - min(entries, UInt64(entriesCreated)))
        out.put(UInt32(truncatingIfNeeded: temporary ? 0x0102_1994 : word(0)), at: 0)
        out.put(UInt32(truncatingIfNeeded: blockSize), at: 4)
        out.put(blocks, at: 8)
        out.put(free, at: 16)
        out.put(available, at: 24)
        out.put(inodes, at: 32)
        out.put(freeInodes, at: 40)
        out.put(UInt32(truncatingIfNeeded: word(8)), at: 56)
        out.put(UInt32(truncatingIfNeeded: max(word(9), blockSize)), at: 60)
        let hostFlags = UInt32(truncatingIfNeeded: word(10)) & (rdonly | noexec)
        out.put(hostFlags | nosuid | nodev | valid | (fileSystem.isReadOnly(mount) ? rdonly : 0), at: 64)
        return out.bytes
    }

    /// statfs of host descriptor `fd` seen through `mount`, or of emu's own directories.
    func statfsReply(hostFD: Int32?, mount: Int?, proc: Bool, size: UInt32, to address: UInt32) -> SyscallResult {
        guard size == 88 else { return .error(.EINVAL) }
        var raw = [UInt64](repeating: 0, count: 16)
        let bytes: [UInt8] = raw.withUnsafeMutableBytes { buffer in
            if let hostFD, mount != nil {
                guard hostFstatfs(hostFD, buffer.baseAddress!) == 0 else { return [] }
                return encodeStatfs(host: buffer.baseAddress!, mount: mount, proc: false)
            }
            return encodeStatfs(host: nil, mount: nil, proc: proc)
        }
        if bytes.isEmpty { return .error(.host) }
        return copyOut(bytes, to: address) ? .success : .error(.EFAULT)
    }

    func statfs64(_ a: SyscallArguments) -> SyscallResult {
        if device(at: a[0]) != nil { return statfsReply(hostFD: nil, mount: nil, proc: false, size: a[1], to: a[2]) }
        return withLocation(LinuxProcess.AT_FDCWD, a[0], follow: true) { location in
            guard location.parentFD >= 0 else {
                let proc = location.guestPath.first == LinuxProcess.procName
                return statfsReply(hostFD: nil, mount: nil, proc: proc, size: a[1], to: a[2])
            }
            let fd = Glibc.openat(location.parentFD, location.hostName, O_PATH | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return .error(.host) }
            defer { Glibc.close(fd) }
            return statfsReply(hostFD: fd, mount: location.mountIndex, proc: false, size: a[1], to: a[2])
        }
    }

    func fstatfs64(_ a: SyscallArguments) -> SyscallResult {
        switch files[a[0]] {
        case nil: return .error(.EBADF)
        case .host(let fd, _, _, let path?)?:
            let proc = path.first == LinuxProcess.procName && fileSystem.mountIndex(containing: path) == nil
            return statfsReply(hostFD: proc ? nil : fd, mount: proc ? nil : fileSystem.mountIndex(containing: path),
                               proc: proc, size: a[1], to: a[2])
        case .virtualDirectory(let path, _)?:
            return statfsReply(hostFD: nil, mount: nil, proc: path.first == LinuxProcess.procName, size: a[1], to: a[2])
        default: return statfsReply(hostFD: nil, mount: nil, proc: false, size: a[1], to: a[2])
        }
    }

    // MARK: - Sizes

    /// Bytes a write at `offset` (nil: the file position) of host descriptor `fd` may put
    /// before the file passes RLIMIT_FSIZE, or nil when there is no limit or `fd` is not a
    /// regular file. (Linux also raises SIGXFSZ; the write itself fails with EFBIG.)
    func fileSizeRoom(_ fd: Int32, offset: Int64?) -> UInt64? {
        let limit = resources.soft(.fileSize)
        guard limit != GuestResources.infinity else { return nil }
        var status = stat()
        guard Glibc.fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let start = hostFcntl(fd, F_GETFL, 0) & O_APPEND != 0
            ? Int64(status.st_size) : (offset ?? Int64(Glibc.lseek(fd, 0, SEEK_CUR)))
        return UInt64(max(start, 0)) >= limit ? 0 : limit - UInt64(max(start, 0))
    }

    /// Sets host descriptor `fd`'s size to `length`, charging growth to `--max-write` and
    /// holding RLIMIT_FSIZE (ftruncate64 and truncate64).
    func resize(hostFD fd: Int32, to length: Int64) -> SyscallResult {
        guard length >= 0 else { return .error(.EINVAL) }
        if UInt64(length) > resources.soft(.fileSize) { return .error(.EFBIG) }
        var status = stat()
        guard Glibc.fstat(fd, &status) == 0 else { return .error(.host) }
        if status.st_mode & S_IFMT == S_IFDIR { return .error(.EISDIR) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .error(.EINVAL) }
        if length > Int64(status.st_size), !charge(UInt64(length - Int64(status.st_size))) { return .error(.EFBIG) }
        return hostResult(Int(Glibc.ftruncate(fd, off_t(length))))
    }

    /// truncate64(path, length low, length high).
    func truncate64(_ a: SyscallArguments) -> SyscallResult {
        let length = Int64(bitPattern: UInt64(a[2]) << 32 | UInt64(a[1]))
        if device(at: a[0]) != nil { return .error(.EINVAL) }
        return withLocation(LinuxProcess.AT_FDCWD, a[0], follow: true) { location in
            // A directory reached exactly is EISDIR; emu's own files are read-only.
            if location.name.isEmpty { return .error(.EISDIR) }
            if location.parentFD < 0 { return .error(.EROFS) }
            if fileSystem.isReadOnly(location.mountIndex) { return .error(.EROFS) }
            let fd = Glibc.openat(location.parentFD, location.hostName, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { return .error(.host) }
            defer { Glibc.close(fd) }
            return resize(hostFD: fd, to: length)
        }
    }

    /// fallocate(fd, mode, offset, length): mode 0 (allocate, growing the file: charged as
    /// a write of the new bytes) and PUNCH_HOLE|KEEP_SIZE (frees space). Other modes would
    /// reserve disk space `--max-write` cannot see: EOPNOTSUPP.
    func fallocate(_ a: SyscallArguments) -> SyscallResult {
        let mode = a.signed(1)
        let offset = Int64(bitPattern: UInt64(a[3]) << 32 | UInt64(a[2]))
        let length = Int64(bitPattern: UInt64(a[5]) << 32 | UInt64(a[4]))
        guard case .host(let fd, _, let readOnly, let path)? = files[a[0]] else {
            return .error(files[a[0]] == nil ? .EBADF : .ENODEV)
        }
        guard offset >= 0, length > 0, offset <= Int64.max - length else { return .error(.EINVAL) }
        guard !readOnly, path != nil, hostFcntl(fd, F_GETFL, 0) & O_ACCMODE != O_RDONLY else { return .error(.EBADF) }
        switch mode {
        case 0:
            let end = offset + length
            if UInt64(end) > resources.soft(.fileSize) { return .error(.EFBIG) }
            var status = stat()
            guard Glibc.fstat(fd, &status) == 0 else { return .error(.host) }
            guard status.st_mode & S_IFMT == S_IFREG else { return .error(.ENODEV) }
            let growth = end > Int64(status.st_size) ? UInt64(end - Int64(status.st_size)) : 0
            guard charge(growth) else { return .error(.EFBIG) }
            return hostResult(Int(hostFallocate(fd, 0, Int(offset), Int(length))))
        case 3: return hostResult(Int(hostFallocate(fd, 3, Int(offset), Int(length))))
        default: return .error(.EOPNOTSUPP)
        }
    }

    // MARK: - Copies

    /// Copies up to `count` bytes from guest descriptor `source` to `destination` through
    /// `transfer` (so quotas, devices and limits apply as to read and write), in 64 KiB
    /// slices; `sourceOffset`/`destinationOffset` are positions to use instead of the file
    /// positions, advanced by what was copied. Returns the bytes copied or the first error.
    func copy(from source: UInt32, sourceOffset: inout Int64?, to destination: UInt32,
              destinationOffset: inout Int64?, count: UInt32) -> SyscallResult {
        var buffer = [UInt8](repeating: 0, count: Int(min(count, 1 << 16)))
        var total: UInt32 = 0
        while total < count {
            if total > 0 && isPastDeadline { break }
            let slice = min(count - total, UInt32(buffer.count))
            let got = buffer.withUnsafeMutableBytes {
                transfer(fd: source, buffer: $0.baseAddress!, count: slice, write: false, offset: sourceOffset)
            }
            guard case .value(let read) = got else { return got }
            if read < 0 { return total > 0 ? .value(Int32(total)) : got }
            if read == 0 { break }
            let put = buffer.withUnsafeMutableBytes {
                transfer(fd: destination, buffer: $0.baseAddress!, count: UInt32(read), write: true, offset: destinationOffset)
            }
            guard case .value(let written) = put else { return put }
            if written < 0 {
                // The bytes read but not written go back (a file position moved past them).
                if sourceOffset == nil, case .host(let fd, _, _, _)? = files[source] { Glibc.lseek(fd, off_t(-Int64(read)), SEEK_CUR) }
                return total > 0 ? .value(Int32(total)) : put
            }
            if written < read, sourceOffset == nil, case .host(let fd, _, _, _)? = files[source] {
                Glibc.lseek(fd, off_t(Int64(written) - Int64(read)), SEEK_CUR)
            }
            sourceOffset = sourceOffset.map { $0 + Int64(written) }
            destinationOffset = destinationOffset.map { $0 + Int64(written) }
            total += UInt32(written)
            if written < read { break }
        }
        return .value(Int32(total))
    }

    /// Reads the 64-bit offset at `address` (0: none); EFAULT or EINVAL (negative).
    func offsetArgument(_ address: UInt32) -> Result<Int64?, LinuxErrno> {
        guard address != 0 else { return .success(nil) }
        guard let pointer = readableBuffer(address, count: 8) else { return .failure(.EFAULT) }
        let value = pointer.guestLoad(Int64.self, at: 0)
        return value < 0 ? .failure(.EINVAL) : .success(value)
    }

    /// Stores a 64-bit offset back at `address` (when there is one).
    func storeOffset(_ value: Int64?, at address: UInt32) -> Bool {
        guard address != 0, let value else { return true }
        var out = GuestStruct(size: 8)
        out.put(value, at: 0)
        return copyOut(out.bytes, to: address)
    }

    /// sendfile64(out, in, offset*, count).
    func sendfile64(_ a: SyscallArguments) -> SyscallResult {
        guard files[a[0]] != nil, files[a[1]] != nil else { return .error(.EBADF) }
        var sourceOffset: Int64?
        switch offsetArgument(a[2]) {
        case .failure(let error): return .error(error)
        case .success(let value): sourceOffset = value
        }
        var none: Int64?
        let result = copy(from: a[1], sourceOffset: &sourceOffset, to: a[0], destinationOffset: &none,
                          count: min(a[3], 0x7FFF_F000))
        return storeOffset(sourceOffset, at: a[2]) ? result : .error(.EFAULT)
    }

    /// copy_file_range(in, off_in*, out, off_out*, length, flags): between regular files.
    func copyFileRange(_ a: SyscallArguments) -> SyscallResult {
        guard a[5] == 0 else { return .error(.EINVAL) }
        for fd in [a[0], a[2]] {
            guard case .host(let hostFD, _, _, _)? = files[fd] else { return .error(files[fd] == nil ? .EBADF : .EINVAL) }
            var status = stat()
            guard Glibc.fstat(hostFD, &status) == 0 else { return .error(.host) }
            if status.st_mode & S_IFMT == S_IFDIR { return .error(.EISDIR) }
            guard status.st_mode & S_IFMT == S_IFREG else { return .error(.EINVAL) }
        }
        if case .host(let fd, _, _, _)? = files[a[2]], hostFcntl(fd, F_GETFL, 0) & O_APPEND != 0 { return .error(.EBADF) }
        var sourceOffset: Int64?, destinationOffset: Int64?
        switch (offsetArgument(a[1]), offsetArgument(a[3])) {
        case (.failure(let error), _), (_, .failure(let error)): return .error(error)
        case (.success(let source), .success(let destination)): (sourceOffset, destinationOffset) = (source, destination)
        }
        let result = copy(from: a[0], sourceOffset: &sourceOffset, to: a[2], destinationOffset: &destinationOffset,
                          count: min(a[4], 0x7FFF_F000))
        guard storeOffset(sourceOffset, at: a[1]), storeOffset(destinationOffset, at: a[3]) else { return .error(.EFAULT) }
        return result
    }

    /// fadvise64_64(fd, offset, length, advice): advice only, accepted for any open file.
    func fadvise(_ a: SyscallArguments) -> SyscallResult {
        guard files[a[0]] != nil else { return .error(.EBADF) }
        return a[5] <= 5 ? .success : .error(.EINVAL)
    }
}

extension LinuxErrno {
    static let ENODEV = LinuxErrno(19)
    static let EDEADLK = LinuxErrno(35)
    static let EOVERFLOW = LinuxErrno(75)
    static let EOPNOTSUPP = LinuxErrno(95)
}
