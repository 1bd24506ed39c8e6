import Glibc

/// ppoll_time64 and pselect6_time64 (riscv32 has no poll, select or 32-bit-time forms):
/// one host poll over the host descriptors behind the guest's, with emu's own devices and
/// virtual directories always ready (they never block). A blocked poll is a blocked host
/// call like a read: --timeout's SIGALRM interrupts it (EINTR), and the check that follows
/// ends the run.
extension LinuxProcess {
    // poll events (asm-generic, the same on the host).
    static let POLLIN: Int16 = 0x1
    static let POLLOUT: Int16 = 0x4
    static let POLLNVAL: Int16 = 0x20
    static let POLLRDNORM: Int16 = 0x40
    static let POLLWRNORM: Int16 = 0x100

    /// ppoll_time64(fds*, nfds, timeout*, sigmask*, sigsetsize).
    func ppoll(_ a: SyscallArguments) -> SyscallResult {
        let count = a[1]
        guard count <= UInt32(files.limit) else { return .error(.EINVAL) }
        let timeout: Int64?
        switch readTimeout(a[2]) {
        case .failure(let error): return .error(error)
        case .success(let value): timeout = value
        }
        // struct pollfd { int fd; short events; short revents; }: 8 bytes, as on the host.
        let bytes = count * 8
        guard bytes == 0 || machine.memory.check(a[0], count: bytes, has: [.read, .write]),
            let table = bytes == 0 ? [] : machine.memory.read(a[0], count: Int(bytes))
        else { return .error(.EFAULT) }
        var requests: [(fd: Int32, events: Int16)] = []
        for index in 0..<Int(count) {
            table.withUnsafeBytes { raw in
                requests.append((raw.loadUnaligned(fromByteOffset: index * 8, as: Int32.self),
                                 raw.loadUnaligned(fromByteOffset: index * 8 + 4, as: Int16.self)))
            }
        }
        let started = HostClock.monotonicNanoseconds()
        let answer = pollDescriptors(requests, timeout: timeout)
        guard case .success(let revents) = answer else {
            if case .failure(let error) = answer { return .error(error) }
            return .error(.EINTR)
        }
        var out = table
        for (index, value) in revents.enumerated() {
            withUnsafeBytes(of: value.littleEndian) { out.replaceSubrange(index * 8 + 6..<index * 8 + 8, with: $0) }
        }
        if count > 0, !copyOut(out, to: a[0]) { return .error(.EFAULT) }
        writeRemaining(a[2], timeout: timeout, started: started)
        return .value(Int32(revents.filter { $0 != 0 }.count))
    }

    /// pselect6_time64(nfds, readfds*, writefds*, exceptfds*, timeout*, sigmask-pair*).
    func pselect(_ a: SyscallArguments) -> SyscallResult {
        guard a.signed(0) >= 0 else { return .error(.EINVAL) }
        // fd_set: a bit array of 32-bit words; only descriptors below the table's limit
        // can be open, so larger sets are read no further than that.
        let count = min(Int(a[0]), files.limit)
        let words = (count + 31) / 32
        var sets: [[UInt32]] = []
        for address in [a[1], a[2], a[3]] {
            guard address != 0 else {
                sets.append([])
                continue
            }
            guard machine.memory.check(address, count: UInt32(words * 4), has: [.read, .write]),
                let raw = machine.memory.read(address, count: words * 4)
            else { return .error(.EFAULT) }
            sets.append((0..<words).map { index in raw.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self) } })
        }
        let timeout: Int64?
        switch readTimeout(a[4]) {
        case .failure(let error): return .error(error)
        case .success(let value): timeout = value
        }
        func isSet(_ set: Int, _ fd: Int) -> Bool { !sets[set].isEmpty && sets[set][fd / 32] & (1 << UInt32(fd % 32)) != 0 }
        var requests: [(fd: Int32, events: Int16)] = []
        for fd in 0..<count {
            var events: Int16 = 0
            if isSet(0, fd) { events |= LinuxProcess.POLLIN }
            if isSet(1, fd) { events |= LinuxProcess.POLLOUT }
            if isSet(2, fd) { events |= 0x2 }  // POLLPRI
            if events != 0 { requests.append((Int32(fd), events)) }
        }
        let started = HostClock.monotonicNanoseconds()
        let revents: [Int16]
        switch pollDescriptors(requests, timeout: timeout) {
        case .failure(let error): return .error(error)
        case .success(let values): revents = values
        }
        var results = sets.map { $0.map { _ in UInt32(0) } }
        var ready: Int32 = 0
        for (request, value) in zip(requests, revents) {
            if value & LinuxProcess.POLLNVAL != 0 { return .error(.EBADF) }
            let fd = Int(request.fd)
            let bit = UInt32(1) << UInt32(fd % 32)
            // As Linux's select: readable includes hang-up and error, writable includes error.
            if request.events & LinuxProcess.POLLIN != 0, value & (LinuxProcess.POLLIN | 0x10 | 0x8) != 0 {
                results[0][fd / 32] |= bit
                ready += 1
            }
            if request.events & LinuxProcess.POLLOUT != 0, value & (LinuxProcess.POLLOUT | 0x8) != 0 {
                results[1][fd / 32] |= bit
                ready += 1
            }
            if request.events & 0x2 != 0, value & 0x2 != 0 {
                results[2][fd / 32] |= bit
                ready += 1
            }
        }
        for (index, address) in [a[1], a[2], a[3]].enumerated() where address != 0 {
            var bytes: [UInt8] = []
            for word in results[index] { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
            guard copyOut(bytes, to: address) else { return .error(.EFAULT) }
        }
        writeRemaining(a[4], timeout: timeout, started: started)
        return .value(ready)
    }

    /// Polls guest descriptors; each result is its revents (POLLNVAL for a closed one, 0
    /// for a negative one, as Linux ignores those). `timeout` is in nanoseconds, nil for
    /// none.
    func pollDescriptors(_ requests: [(fd: Int32, events: Int16)], timeout: Int64?) -> Result<[Int16], LinuxErrno> {
        var revents = [Int16](repeating: 0, count: requests.count)
        var host: [pollfd] = []
        var hostIndex: [Int] = []
        // POLLERR, POLLHUP and POLLNVAL are reported whether asked for or not.
        let always: Int16 = 0x8 | 0x10 | LinuxProcess.POLLNVAL
        for (index, request) in requests.enumerated() where request.fd >= 0 {
            switch files[UInt32(request.fd)] {
            case nil: revents[index] = LinuxProcess.POLLNVAL
            case .host(let fd, _, _, _)?:
                host.append(pollfd(fd: fd, events: request.events, revents: 0))
                hostIndex.append(index)
            case .device?, .virtualDirectory?:
                let ready = LinuxProcess.POLLIN | LinuxProcess.POLLOUT | LinuxProcess.POLLRDNORM | LinuxProcess.POLLWRNORM
                revents[index] = request.events & ready
            }
        }
        let readyAlready = revents.contains { $0 != 0 }
        var milliseconds: Int32
        if readyAlready {
            milliseconds = 0
        } else if let timeout {
            // Rounded up, as the kernel never returns early.
            milliseconds = Int32(clamping: (timeout + 999_999) / 1_000_000)
        } else {
            milliseconds = -1
        }
        if schedulesByTurns, milliseconds != 0 {
            // --deterministic with threads: waits in virtual time, without the turn when
            // only the guest's own channels (or nothing but time) are waited on.
            let nanoseconds = timeout.map { UInt64(max($0, 0)) }
            if host.isEmpty {
                return waitForSignal(wake: ~signals.blocked, timeout: nanoseconds) ? .failure(.EINTR) : .success(revents)
            }
            if waitsOnlyOnGuestChannels(host.map(\.fd)) {
                let start = clockNanoseconds(1) ?? 0
                let deadline = nanoseconds.map { start.addingReportingOverflow($0).overflow ? UInt64.max : start + $0 }
                if !waitForGuestChannels(host, deadline: deadline) {
                    return hasDeliverableSignal || outcome != nil || threads.group?.ending == true
                        ? .failure(.EINTR) : .success(revents)
                }
                milliseconds = 0  // ready: the host poll below fills in the events
            }
        }
        if host.isEmpty && milliseconds != 0 {
            // Nothing to wait on but time: a plain sleep (no descriptor will wake it).
            // Through HostSignals.wait: a guest signal that arrived just before the wait
            // ends it at once instead of being lost (pause would sleep through it).
            let nanoseconds: UInt64? = milliseconds < 0 ? nil : UInt64(milliseconds) * 1_000_000
            let begin = HostClock.monotonicNanoseconds()
            _ = HostSignals.wait(nanoseconds: nanoseconds) { HostSignals.hasArrived }
            if let nanoseconds, HostClock.monotonicNanoseconds() &- begin >= nanoseconds { return .success(revents) }
            return .failure(.EINTR)
        }
        // The same for descriptors: HostSignals.poll unblocks emu's signals only inside the wait.
        let result = host.withUnsafeMutableBufferPointer { HostSignals.poll($0.baseAddress, count: $0.count, milliseconds: milliseconds) }
        if result < 0 { return .failure(.host) }
        for (slot, index) in hostIndex.enumerated() {
            revents[index] = host[slot].revents & (requests[index].events | always)
        }
        return .success(revents)
    }

    /// A guest struct timespec64 {int64 sec; int64 nsec} as nanoseconds (nil for NULL).
    private func readTimeout(_ address: UInt32) -> Result<Int64?, LinuxErrno> {
        guard address != 0 else { return .success(nil) }
        guard machine.memory.check(address, count: 16, has: .read), let raw = machine.memory.read(address, count: 16)
        else { return .failure(.EFAULT) }
        let seconds = raw.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: Int64.self) }
        let nanoseconds = raw.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: Int64.self) }
        guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .failure(.EINVAL) }
        // More than ~292 years of waiting is waiting forever.
        guard seconds < Int64.max / 1_000_000_000 - 1 else { return .success(nil) }
        return .success(seconds * 1_000_000_000 + nanoseconds)
    }

    /// Writes back the time left, as Linux's ppoll and pselect do.
    private func writeRemaining(_ address: UInt32, timeout: Int64?, started: UInt64) {
        guard address != 0, let timeout else { return }
        let spent = Int64(clamping: HostClock.monotonicNanoseconds() &- started)
        let left = max(0, timeout - spent)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: (left / 1_000_000_000).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: (left % 1_000_000_000).littleEndian) { bytes += $0 }
        _ = copyOut(bytes, to: address)
    }
}
