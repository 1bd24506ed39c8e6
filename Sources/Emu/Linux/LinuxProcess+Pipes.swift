import Glibc

/// Descriptors that connect processes: pipes, eventfds and AF_UNIX socket pairs. Each is a
/// host object of the same kind, so a guest fork (a host fork) shares it as Linux shares
/// it, reads block in the host kernel, and O_NONBLOCK gives EAGAIN there. None has a name:
/// no host socket is reachable, only the pair that was just made.
extension LinuxProcess {
    // The open flags these calls take (asm-generic numbering).
    static let guestNonblock: UInt32 = 0x800
    static let guestCloseOnExec: UInt32 = 0x80000
    static let guestDirect: UInt32 = 0x4000

    /// pipe2(fds*, flags).
    func pipe2(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[1]
        guard flags & ~(LinuxProcess.guestNonblock | LinuxProcess.guestCloseOnExec | LinuxProcess.guestDirect) == 0 else {
            return .error(.EINVAL)
        }
        guard machine.memory.check(a[0], count: 8, has: .write) else { return .error(.EFAULT) }
        var ends: [Int32] = [-1, -1]
        // Always O_CLOEXEC on the host (emu never execs); the guest's flag is kept apart.
        let hostFlags = Int32(bitPattern: flags & (LinuxProcess.guestNonblock | LinuxProcess.guestDirect)) | Glibc.O_CLOEXEC
        guard hostPipe2(&ends, hostFlags) == 0 else { return .error(.host) }
        noteGuestChannel(ends[0])
        return installPair(ends, at: a[0], closeOnExec: flags & LinuxProcess.guestCloseOnExec != 0)
    }

    /// socketpair(domain, type, protocol, sv*): AF_UNIX only.
    func socketpair(_ a: SyscallArguments) -> SyscallResult {
        guard a[0] == 1 else { return .error(.EAFNOSUPPORT) }  // AF_UNIX / AF_LOCAL
        let flags = a[1] & (LinuxProcess.guestNonblock | LinuxProcess.guestCloseOnExec)  // SOCK_NONBLOCK, SOCK_CLOEXEC
        let kind = a[1] & ~(LinuxProcess.guestNonblock | LinuxProcess.guestCloseOnExec)
        guard kind == 1 || kind == 2 || kind == 5 else { return .error(.EINVAL) }  // STREAM, DGRAM, SEQPACKET
        guard a[2] == 0 else { return .error(LinuxErrno(93)) }  // EPROTONOSUPPORT
        guard machine.memory.check(a[3], count: 8, has: .write) else { return .error(.EFAULT) }
        var ends: [Int32] = [-1, -1]
        let type = Int32(bitPattern: kind | flags & LinuxProcess.guestNonblock) | Int32(SOCK_CLOEXEC.rawValue)
        guard Glibc.socketpair(AF_UNIX, type, 0, &ends) == 0 else { return .error(.host) }
        noteGuestChannel(ends[0])
        noteGuestChannel(ends[1])
        return installPair(ends, at: a[3], closeOnExec: flags & LinuxProcess.guestCloseOnExec != 0)
    }

    /// eventfd2(initval, flags).
    func eventfd2(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[1]
        // EFD_SEMAPHORE 1, EFD_NONBLOCK = O_NONBLOCK, EFD_CLOEXEC = O_CLOEXEC.
        guard flags & ~(1 | LinuxProcess.guestNonblock | LinuxProcess.guestCloseOnExec) == 0 else { return .error(.EINVAL) }
        let fd = hostEventfd(a[0], Int32(bitPattern: flags & (1 | LinuxProcess.guestNonblock)) | Glibc.O_CLOEXEC)
        guard fd >= 0 else { return .error(.host) }
        noteGuestChannel(fd)
        return install(.host(fd: fd, owned: true, readOnly: false, guestPath: nil),
                       closeOnExec: flags & LinuxProcess.guestCloseOnExec != 0)
    }

    /// shutdown(fd, how) on a socket pair's end.
    func shutdown(_ a: SyscallArguments) -> SyscallResult {
        guard case .host(let fd, _, _, _)? = files[a[0]] else { return files[a[0]] == nil ? .error(.EBADF) : .error(.ENOTSOCK) }
        guard a[1] <= 2 else { return .error(.EINVAL) }
        return hostResult(Int(Glibc.shutdown(fd, Int32(a[1]))))
    }

    /// sendto and recvfrom without an address (a connected socket pair): a write or read,
    /// with the MSG_ flags that change nothing outside the pair.
    func sendOrReceive(_ a: SyscallArguments, send: Bool) -> SyscallResult {
        guard a[4] == 0 else { return .error(.EACCES) }  // an address: the net namespace has none
        // MSG_PEEK 2, MSG_DONTWAIT 0x40, MSG_WAITALL 0x100, MSG_NOSIGNAL 0x4000.
        guard a[3] & ~UInt32(0x2 | 0x40 | 0x100 | 0x4000) == 0 else { return .error(.EINVAL) }
        guard case .host(let fd, _, _, _)? = files[a[0]] else { return files[a[0]] == nil ? .error(.EBADF) : .error(.ENOTSOCK) }
        var count = Int(min(a[2], 0x7FFF_F000))
        if send, let limit = configuration.maxWriteBytes {
            let left = limit > bytesWritten ? limit - bytesWritten : 0
            if left == 0 && count > 0 { return .error(.EFBIG) }
            count = min(count, Int(clamping: left))
        }
        let buffer = send ? readableBuffer(a[1], count: UInt32(count)) : writableBuffer(a[1], count: UInt32(count))
        guard let buffer else { return .error(.EFAULT) }
        let result = send ? Glibc.send(fd, buffer, count, Int32(a[3])) : Glibc.recv(fd, buffer, count, Int32(a[3]))
        if send && result > 0 { bytesWritten += UInt64(result) }
        return hostResult(result)
    }

    /// Installs two fresh host descriptors and stores their guest numbers at `address`;
    /// on any failure neither stays open.
    private func installPair(_ ends: [Int32], at address: UInt32, closeOnExec: Bool) -> SyscallResult {
        let first: Int32
        switch files.install(.host(fd: ends[0], owned: true, readOnly: false, guestPath: nil)) {
        case .success(let fd): first = fd
        case .failure(let error):
            Glibc.close(ends[1])
            return .error(error)
        }
        let second: Int32
        switch files.install(.host(fd: ends[1], owned: true, readOnly: false, guestPath: nil)) {
        case .success(let fd): second = fd
        case .failure(let error):
            _ = files.remove(UInt32(first))
            return .error(error)
        }
        files.setCloseOnExec(UInt32(first), closeOnExec)
        files.setCloseOnExec(UInt32(second), closeOnExec)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: first.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: second.littleEndian) { bytes += $0 }
        guard copyOut(bytes, to: address) else {
            _ = files.remove(UInt32(first))
            _ = files.remove(UInt32(second))
            return .error(.EFAULT)
        }
        return .success
    }
}
