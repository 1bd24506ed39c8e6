import Glibc

/// Advisory file locks: fcntl's F_GETLK/F_SETLK/F_SETLKW (the flock64 forms, the 32-bit
/// flock forms and the open-file-description F_OFD_* forms) and flock(2), taken as host
/// locks on the host descriptors behind the guest's. A guest process is a host process,
/// so the host kernel's per-process (POSIX) and per-open-file (flock, OFD) semantics are
/// the guest's. A wait for a lock polls with the non-blocking form and gives up with
/// EINTR at `--timeout`, so that a guest cannot block past its time limit; deadlock
/// detection (EDEADLK) is lost with it.
extension LinuxProcess {
    /// Polls `attempt` (a non-blocking lock call) until it stops failing with `busy`, or
    /// until the deadline (EINTR).
    ///
    /// Under `--deterministic` a wait fails at once with EDEADLK instead: only something
    /// outside the run (another host process, or this one's other open file of the same
    /// file, which would wait forever) could release the lock, and a deterministic run
    /// cannot depend on either.
    func waitForLock(busy: Int32, _ attempt: () -> Int32) -> SyscallResult {
        var pause: UInt32 = 200
        while true {
            let result = attempt()
            if result == 0 { return .success }
            if errno != busy && errno != EINTR { return .error(.host) }
            if configuration.deterministic { return .error(.EDEADLK) }
            if isPastDeadline { return .error(.EINTR) }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    /// fcntl(fd, command, &lock) on the host (the pointer passed as the variadic argument).
    func hostLock(_ fd: Int32, _ command: Int32, _ lock: inout Glibc.flock) -> Int32 {
        withUnsafeMutablePointer(to: &lock) { hostFcntl(fd, command, Int(bitPattern: $0)) }
    }

    /// fcntl lock commands: 5/6/7 (`struct flock`, 32-bit offsets), 12/13/14 (`struct
    /// flock64`), 36/37/38 (OFD, `struct flock64`).
    func fcntlLock(_ a: SyscallArguments) -> SyscallResult {
        let command = a[1]
        let wide = command >= 12
        let size: UInt32 = wide ? 32 : 16
        guard let record = readableBuffer(a[2], count: size) else { return .error(.EFAULT) }
        var lock = Glibc.flock()
        lock.l_type = record.guestLoad(Int16.self, at: 0)
        lock.l_whence = record.guestLoad(Int16.self, at: 2)
        lock.l_start = off_t(wide ? record.guestLoad(Int64.self, at: 8) : Int64(record.guestLoad(Int32.self, at: 4)))
        lock.l_len = off_t(wide ? record.guestLoad(Int64.self, at: 16) : Int64(record.guestLoad(Int32.self, at: 8)))
        lock.l_pid = 0
        // An OFD lock names no process: its l_pid must be 0 (fcntl(2)).
        if command >= 36, record.guestLoad(Int32.self, at: 24) != 0 { return .error(.EINVAL) }
        guard lock.l_type >= 0 && lock.l_type <= 2, lock.l_whence >= 0 && lock.l_whence <= 2 else {
            return .error(.EINVAL)
        }
        // 0: get, 1: set, 2: set and wait.
        let kind = [5, 12, 36].contains(command) ? 0 : ([6, 13, 37].contains(command) ? 1 : 2)
        let ofd = command >= 36
        guard let file = files[a[0]] else { return .error(.EBADF) }
        guard case .host(let fd, _, _, _) = file else {
            // emu's own files (devices, directories) take any lock; none conflicts.
            if kind == 0 { return writeLockRecord(a[2], wide: wide, type: 2, lock) }
            return .success
        }
        let hostGet: Int32 = ofd ? 36 : F_GETLK, hostSet: Int32 = ofd ? 37 : F_SETLK
        switch kind {
        case 0:
            guard hostLock(fd, hostGet, &lock) == 0 else { return .error(.host) }
            if lock.l_type == Int16(F_UNLCK) { return writeLockRecord(a[2], wide: wide, type: 2, nil) }
            if !wide && (lock.l_start > off_t(Int32.max) || lock.l_len > off_t(Int32.max)) { return .error(.EOVERFLOW) }
            return writeLockRecord(a[2], wide: wide, type: lock.l_type, lock)
        case 1:
            return hostResult(Int(hostLock(fd, hostSet, &lock)))
        default:
            return waitForLock(busy: EAGAIN) {
                let result = hostLock(fd, hostSet, &lock)
                // F_SETLK reports a held lock as EACCES or EAGAIN (POSIX allows either).
                if result != 0 && errno == EACCES { errno = EAGAIN }
                return result
            }
        }
    }

    /// Writes F_GETLK's answer: the type, and for a conflicting lock its range and holder.
    /// The holder's host pid is never shown: a lock of this process shows its guest pid,
    /// one of another host process 0 (that process's guest pid is not known here), an OFD
    /// lock -1 as Linux shows it.
    func writeLockRecord(_ address: UInt32, wide: Bool, type: Int16, _ lock: Glibc.flock?) -> SyscallResult {
        var out = GuestStruct(size: wide ? 32 : 16)
        guard let original = readableBuffer(address, count: wide ? 32 : 16) else { return .error(.EFAULT) }
        out = GuestStruct(bytes: [UInt8](UnsafeRawBufferPointer(start: original, count: wide ? 32 : 16)))
        out.put(type, at: 0)
        if let lock, type != 2 {
            out.put(Int16(lock.l_whence), at: 2)
            if wide {
                out.put(Int64(lock.l_start), at: 8)
                out.put(Int64(lock.l_len), at: 16)
                out.put(guestLockHolder(lock.l_pid), at: 24)
            } else {
                out.put(Int32(truncatingIfNeeded: lock.l_start), at: 4)
                out.put(Int32(truncatingIfNeeded: lock.l_len), at: 8)
                out.put(guestLockHolder(lock.l_pid), at: 12)
            }
        }
        return copyOut(out.bytes, to: address) ? .success : .error(.EFAULT)
    }

    /// The guest's name for the host process holding a conflicting lock.
    func guestLockHolder(_ hostPID: pid_t) -> Int32 {
        if hostPID < 0 { return -1 }
        if hostPID == getpid() { return ownPID }
        // Another guest process of the tree (each is a host process): its guest pid.
        return tree.table?.withLock { access in access.index(ofHost: hostPID).map { access.slots[$0].guestPid } } ?? 0
    }

    /// flock(fd, operation): LOCK_SH 1, LOCK_EX 2, LOCK_UN 8, with LOCK_NB 4.
    func flock(_ a: SyscallArguments) -> SyscallResult {
        let operation = Int32(bitPattern: a[1])
        let kind = operation & ~4
        guard kind == 1 || kind == 2 || kind == 8 else { return .error(.EINVAL) }
        guard let file = files[a[0]] else { return .error(.EBADF) }
        guard case .host(let fd, _, _, _) = file else { return .success }
        if operation & 4 != 0 || kind == 8 { return hostResult(Int(hostFlock(fd, operation))) }
        return waitForLock(busy: EWOULDBLOCK) { hostFlock(fd, kind | LOCK_NB) }
    }
}
