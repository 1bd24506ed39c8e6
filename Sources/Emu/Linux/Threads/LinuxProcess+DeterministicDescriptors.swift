import CHostCalls
import Glibc

/// `--deterministic` with threads and descriptors: a pipe, socket pair or eventfd the guest
/// made itself is filled and drained only by the guest, so a thread that would wait on one
/// gives the turn away (another thread may be the writer) and goes on when it is ready, at a
/// switch point. Any other descriptor (stdin, a host file, a terminal) brings input from
/// outside: it is waited for holding the turn (see `DeterministicScheduler`).
extension LinuxProcess {
    /// Records a descriptor the guest created (pipe2, socketpair, eventfd2) by its host
    /// identity, which every dup and every forked copy shares.
    func noteGuestChannel(_ hostFD: Int32) {
        guard configuration.deterministic, let identity = LinuxProcess.channelIdentity(hostFD) else { return }
        threads.guestChannels.insert(identity)
    }

    /// The (device, inode) pair of a host descriptor, as one number.
    private static func channelIdentity(_ hostFD: Int32) -> UInt64? {
        var info = stat()
        guard Glibc.fstat(hostFD, &info) == 0 else { return nil }
        // Pipes, sockets and eventfds live on the kernel's internal file systems: their
        // inode numbers are unique there, and a hash with the device keeps them apart.
        return UInt64(info.st_ino) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(info.st_dev)
    }

    /// Whether a wait on these host descriptors is the guest's own business: every one is a
    /// channel the guest made. False when the process has no scheduler.
    func waitsOnlyOnGuestChannels(_ hostFDs: [Int32]) -> Bool {
        guard schedulesByTurns, !hostFDs.isEmpty else { return false }
        return hostFDs.allSatisfy { fd in LinuxProcess.channelIdentity(fd).map(threads.guestChannels.contains) ?? false }
    }

    /// Without the turn, until one of `fds` has one of its events (or an error or hang-up),
    /// a signal the thread does not block is pending, or the virtual deadline passes. True
    /// when a descriptor is ready.
    func waitForGuestChannels(_ fds: [pollfd], deadline: UInt64?) -> Bool {
        guard let thread = currentThread else { return false }
        let watched = fds
        func ready() -> Bool {
            var copy = watched
            return copy.withUnsafeMutableBufferPointer { Glibc.poll($0.baseAddress, nfds_t($0.count), 0) } > 0
        }
        if ready() { return true }
        waitWithoutTurn(thread, deadline: deadline) { [unowned self] in ready() || self.hasSignalToInterrupt(thread) }
        return ready()
    }

    /// Before a read or write of a guest channel that would block: waits without the turn
    /// until it would not. False when a signal (or the process's end) came first: the call
    /// fails with EINTR. A nonblocking descriptor is left to fail with EAGAIN.
    func waitUntilChannelTransfers(_ hostFD: Int32, write: Bool) -> Bool {
        guard waitsOnlyOnGuestChannels([hostFD]) else { return true }
        let flags = hostFcntl(hostFD, F_GETFL, 0)
        if flags >= 0, flags & O_NONBLOCK != 0 { return true }
        let events = write ? LinuxProcess.POLLOUT : LinuxProcess.POLLIN
        return waitForGuestChannels([pollfd(fd: hostFD, events: events, revents: 0)], deadline: nil)
    }
}

extension LinuxProcess {
    /// A write to a blocking guest pipe under the scheduler, in pieces that cannot block: a
    /// pipe that polls writable has a free page, and a piece of at most a page fits in it
    /// (Linux's pipe_write fills the last page, then whole free ones). Between pieces the
    /// turn goes to the other threads (the reader). The bytes written, -1 for EINTR before
    /// any; nil when this is not such a write (the caller writes as usual).
    func writeToGuestChannel(_ hostFD: Int32, _ buffer: UnsafeMutableRawPointer, count: Int) -> SyscallResult? {
        guard waitsOnlyOnGuestChannels([hostFD]) else { return nil }
        let flags = hostFcntl(hostFD, F_GETFL, 0)
        if flags < 0 || flags & O_NONBLOCK != 0 { return nil }
        let piece = 4096
        var done = 0
        repeat {
            // Interrupted or failed after some bytes: the count so far, as Linux returns.
            guard waitUntilChannelTransfers(hostFD, write: true) else { break }
            let wrote = Glibc.write(hostFD, buffer + done, min(count - done, piece))
            if wrote < 0 { if done == 0 { return hostResult(wrote) } else { break } }
            done += wrote
            bytesWritten &+= UInt64(wrote)
        } while done < count
        return done > 0 || count == 0 ? .value(Int32(done)) : .error(.EINTR)
    }
}
