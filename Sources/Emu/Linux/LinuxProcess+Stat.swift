import Glibc

/// fstat, fstatat and statx, translated from the host's `struct stat` into the riscv32
/// layouts, with ownership seen through the user namespace: files owned by the user running
/// emu belong to the guest's uid/gid; everything else to the overflow id 65534, as in a
/// container.
extension LinuxProcess {
    /// The status of a location, or of a descriptor.
    func hostStat(_ body: (inout stat) -> Int32) -> Result<stat, LinuxErrno> {
        var status = stat()
        return body(&status) == 0 ? .success(status) : .failure(.host)
    }

    /// A synthesised status for virtual directories and devices.
    func syntheticStat(directory: Bool) -> stat {
        var status = stat()
        status.st_mode = directory ? S_IFDIR | 0o555 : S_IFCHR | 0o666
        status.st_nlink = directory ? 2 : 1
        status.st_uid = getuid()
        status.st_gid = getgid()
        status.st_blksize = 4096
        return status
    }

    func guestOwner(_ status: stat) -> (uid: UInt32, gid: UInt32) {
        (status.st_uid == getuid() ? configuration.uid : 65534, status.st_gid == getgid() ? configuration.gid : 65534)
    }

    /// `struct stat64` of asm-generic 32-bit Linux (104 bytes).
    func encodeStat64(_ status: stat) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 104)
        let owner = guestOwner(status)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + $0.count, with: $0) }
        }
        put(UInt64(status.st_dev), at: 0)
        put(UInt64(status.st_ino), at: 8)
        put(UInt32(status.st_mode), at: 16)
        put(UInt32(truncatingIfNeeded: status.st_nlink), at: 20)
        put(owner.uid, at: 24)
        put(owner.gid, at: 28)
        put(UInt64(status.st_rdev), at: 32)
        put(Int64(status.st_size), at: 48)
        put(Int32(truncatingIfNeeded: status.st_blksize), at: 56)
        put(Int64(status.st_blocks), at: 64)
        put(Int32(truncatingIfNeeded: status.st_atim.tv_sec), at: 72)
        put(UInt32(truncatingIfNeeded: status.st_atim.tv_nsec), at: 76)
        put(Int32(truncatingIfNeeded: status.st_mtim.tv_sec), at: 80)
        put(UInt32(truncatingIfNeeded: status.st_mtim.tv_nsec), at: 84)
        put(Int32(truncatingIfNeeded: status.st_ctim.tv_sec), at: 88)
        put(UInt32(truncatingIfNeeded: status.st_ctim.tv_nsec), at: 92)
        return bytes
    }

    /// `struct statx` (256 bytes, the same on every architecture), basic fields.
    func encodeStatx(_ status: stat) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 256)
        let owner = guestOwner(status)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + $0.count, with: $0) }
        }
        func time(_ spec: timespec, at offset: Int) {
            put(Int64(spec.tv_sec), at: offset)
            put(UInt32(truncatingIfNeeded: spec.tv_nsec), at: offset + 8)
        }
        put(UInt32(0x7FF), at: 0)  // STATX_BASIC_STATS
        put(UInt32(truncatingIfNeeded: status.st_blksize), at: 4)
        put(UInt32(truncatingIfNeeded: status.st_nlink), at: 16)
        put(owner.uid, at: 20)
        put(owner.gid, at: 24)
        put(UInt16(truncatingIfNeeded: status.st_mode), at: 28)
        put(UInt64(status.st_ino), at: 32)
        put(UInt64(status.st_size), at: 40)
        put(UInt64(status.st_blocks), at: 48)
        time(status.st_atim, at: 64)
        time(status.st_ctim, at: 96)
        time(status.st_mtim, at: 112)
        put(UInt32(truncatingIfNeeded: status.st_rdev >> 8 & 0xFFF), at: 128)
        put(UInt32(truncatingIfNeeded: status.st_rdev & 0xFF), at: 132)
        put(UInt32(truncatingIfNeeded: status.st_dev >> 8 & 0xFFF), at: 136)
        put(UInt32(truncatingIfNeeded: status.st_dev & 0xFF), at: 140)
        return bytes
    }

    /// The status of guest descriptor `fd`.
    func status(ofDescriptor fd: UInt32) -> Result<stat, LinuxErrno> {
        switch files[fd] {
        case nil: return .failure(.EBADF)
        case .virtualDirectory?: return .success(virtualised(syntheticStat(directory: true), mount: nil))
        case .device?: return .success(virtualised(syntheticStat(directory: false), mount: nil))
        case .host(let hostFD, _, _, let path)?:
            let mount = path.flatMap { fileSystem.mountIndex(containing: $0) }
            return hostStat { Glibc.fstat(hostFD, &$0) }.map { virtualised($0, mount: mount) }
        }
    }

    /// The status of (dirfd, path), honouring AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH.
    func status(_ dirfd: Int32, _ path: UInt32, flags: UInt32) -> Result<stat, LinuxErrno> {
        if flags & LinuxProcess.AT_EMPTY_PATH != 0, case .success(let bytes) = guestString(path), bytes.isEmpty {
            return status(ofDescriptor: UInt32(bitPattern: dirfd))
        }
        if device(dirfd, at: path) != nil { return .success(virtualised(syntheticStat(directory: false), mount: nil)) }
        let follow = flags & LinuxProcess.AT_SYMLINK_NOFOLLOW == 0
        if !follow, let text = deviceLinkText(dirfd, at: path) {
            var status = syntheticStat(directory: false)
            status.st_mode = S_IFLNK | 0o777
            status.st_size = off_t(text.count)
            return .success(virtualised(status, mount: nil))
        }
        // /dev/stdin, /dev/fd/N, /proc/self/fd/N followed: the descriptor's file.
        if follow, let fd = namedDescriptor(dirfd, at: path) {
            return files[fd] == nil ? .failure(.ENOENT) : status(ofDescriptor: fd)
        }
        switch locate(dirfd, path, follow: follow) {
        case .failure(let error): return .failure(error)
        case .success(let location):
            defer { if location.parentFD >= 0 { Glibc.close(location.parentFD) } }
            if location.isSynthetic {
                guard let status = syntheticStatus(location.guestPath) else { return .failure(.ENOENT) }
                return .success(virtualised(status, mount: nil))
            }
            if location.parentFD < 0 { return .success(virtualised(syntheticStat(directory: true), mount: nil)) }
            let name = location.hostName
            return hostStat { Glibc.fstatat(location.parentFD, name, &$0, Glibc.AT_SYMLINK_NOFOLLOW) }
                .map { virtualised($0, mount: location.mountIndex) }
        }
    }

    func reply(_ result: Result<stat, LinuxErrno>, to address: UInt32, _ encode: (stat) -> [UInt8]) -> SyscallResult {
        switch result {
        case .failure(let error): return .error(error)
        case .success(let status): return copyOut(encode(status), to: address) ? .success : .error(.EFAULT)
        }
    }

    func fstat(_ a: SyscallArguments) -> SyscallResult {
        reply(status(ofDescriptor: a[0]), to: a[1], encodeStat64)
    }

    func fstatat(_ a: SyscallArguments) -> SyscallResult {
        reply(status(a.signed(0), a[1], flags: a[3]), to: a[2], encodeStat64)
    }

    func statx(_ a: SyscallArguments) -> SyscallResult {
        reply(status(a.signed(0), a[1], flags: a[2]), to: a[4], encodeStatx)
    }
}
