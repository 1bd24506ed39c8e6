import Glibc

/// `memfd_create(2)`: glibc declares it only under _GNU_SOURCE, which Swift's Glibc module
/// does not see, so it is bound by name (fixed arguments: no ABI subtlety).
@_silgen_name("memfd_create")
private func hostMemfdCreate(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

/// Where a debugged guest's standard output and error go, so that a debugger can show them
/// in a pane instead of letting them draw over its screen.
///
/// It is an anonymous in-memory file (`memfd_create`), not a pipe: the debugger runs the
/// guest on its own thread, so a guest write larger than a pipe's buffer would block
/// forever waiting for a reader that is the same thread. A file never blocks a writer;
/// `drain()` reads what was appended since the last call.
public final class OutputCapture {
    /// The host descriptor to give the guest as fds 1 and 2 (`LinuxConfiguration.standardStreams`).
    public let fd: Int32
    private var offset: Int64 = 0

    /// Errors creating the capture.
    public struct CreationError: Error, CustomStringConvertible {
        public let errno: Int32
        public var description: String { "cannot create the output capture file (errno \(errno))" }
    }

    /// Creates an empty capture file.
    public init() throws(CreationError) {
        let fd = "emu-guest-output".withCString { hostMemfdCreate($0, 1 /* MFD_CLOEXEC */) }
        guard fd >= 0 else { throw CreationError(errno: errno) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The bytes the guest wrote since the last call.
    public func drain() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if count <= 0 { break }
            result += buffer[0..<count]
            offset += Int64(count)
        }
        return result
    }
}
