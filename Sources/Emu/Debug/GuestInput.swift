import CHostCalls
import Glibc

/// The standard input of a debugged guest when a front end types it: a pipe whose read end
/// is the guest's fd 0 (`LinuxConfiguration.standardStreams[0]`) and whose write end the
/// front end fills (`send`, `close`).
///
/// The debugger runs the guest on the front end's own thread, so a read of an empty pipe
/// would block the front end forever. The debugger therefore asks before it answers a read
/// of this pipe (`Debugger.waitForInput`) and stops instead when nothing is there. What the
/// guest reads is a system-call result like any other: the history logs it, so reverse
/// execution and replay over it are exact and nothing is read twice.
public final class GuestInput {
    /// The descriptor to give the guest as fd 0.
    public let readFD: Int32
    private var writeFD: Int32
    /// Bytes sent but not yet in the pipe (its buffer was full).
    private var pending: [UInt8] = []
    /// Whether `close` was called (the guest reads end of file once the pipe is empty).
    public private(set) var isClosed = false

    /// Errors creating the pipe.
    public struct CreationError: Error, CustomStringConvertible {
        public let errno: Int32
        public var description: String { "cannot create the guest's input pipe (errno \(errno))" }
    }

    /// Creates an empty pipe.
    public init() throws(CreationError) {
        var fds: [Int32] = [0, 0]
        guard emu_pipe_cloexec(&fds) == 0 else { throw CreationError(errno: errno) }
        readFD = fds[0]
        writeFD = fds[1]
        // The front end must never block on a full pipe: what does not fit waits in
        // `pending` until the guest has read some.
        _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        Glibc.close(readFD)
        if writeFD >= 0 { Glibc.close(writeFD) }
    }

    /// Queues `bytes` for the guest; false when the input was closed already.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        guard !isClosed else { return false }
        pending += bytes
        flush()
        return true
    }

    /// Ends the guest's input: once it has read what was sent, a read returns 0 (Ctrl-D on
    /// a terminal).
    public func close() {
        isClosed = true
        flush()
    }

    /// Whether a read of the pipe would return at once: bytes are there, or the input was
    /// closed and everything sent is in the pipe (end of file).
    public var isReadable: Bool {
        flush()
        var poller = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    /// Moves pending bytes into the pipe as far as it has room; closes the write end once
    /// closed and empty.
    private func flush() {
        while !pending.isEmpty, writeFD >= 0 {
            let written = pending.withUnsafeBytes { write(writeFD, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            pending.removeFirst(written)
        }
        if isClosed, pending.isEmpty, writeFD >= 0 {
            Glibc.close(writeFD)
            writeFD = -1
        }
    }
}
