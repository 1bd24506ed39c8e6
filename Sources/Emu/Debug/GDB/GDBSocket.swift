import Glibc

/// The TCP side of the GDB server: a listening socket on 127.0.0.1 and one accepted
/// connection, with the remote protocol's byte framing (`$data#checksum`, acks, and the
/// 0x03 interrupt byte). No protocol meaning here: that is `GDBServer`.
public final class GDBSocket {
    /// Errors opening or using the socket.
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    private let listener: Int32
    private var connection: Int32 = -1
    /// The port actually bound (useful when 0 asked for any free port).
    public let port: UInt16
    private var buffer: [UInt8] = []
    /// Whether acks are off (after `QStartNoAckMode`).
    var noAck = false
    /// Set when an interrupt byte (0x03) arrived.
    var interruptPending = false

    /// Listens on 127.0.0.1:`port` (0: any free port).
    public init(port: UInt16) throws(Failure) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "cannot create a socket (errno \(errno))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1: never exposed beyond this host
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 1) == 0 else {
            let error = errno
            close(fd)
            throw Failure(message: "cannot listen on 127.0.0.1:\(port) (\(String(cString: strerror(error))))")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    deinit {
        if connection >= 0 { close(connection) }
        close(listener)
    }

    /// Waits for gdb to connect.
    public func accept() throws(Failure) {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { throw Failure(message: "accept failed (errno \(errno))") }
        var yes: Int32 = 1
        // Packets are small and each waits for an answer: send them at once.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        connection = fd
    }

    /// Reads more bytes; false at end of connection.
    private func fill(wait: Bool) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        if !wait {
            var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0 else { return true }
        }
        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }

    /// The next packet's payload (unescaped), or nil when the connection closed.
    func receivePacket() -> [UInt8]? {
        while true {
            // Drop acks and noise before a packet; note interrupts.
            while let first = buffer.first, first != UInt8(ascii: "$") {
                if first == 0x03 { interruptPending = true }
                buffer.removeFirst()
            }
            if let hash = buffer.firstIndex(of: UInt8(ascii: "#")), buffer.count >= hash + 3 {
                let body = Array(buffer[1..<hash])
                let checksum = UInt8(String(decoding: buffer[(hash + 1)...(hash + 2)], as: UTF8.self), radix: 16)
                buffer.removeFirst(hash + 3)
                let sum = body.reduce(UInt8(0)) { $0 &+ $1 }
                if !noAck {
                    send(raw: checksum == sum ? [UInt8(ascii: "+")] : [UInt8(ascii: "-")])
                    if checksum != sum { continue }
                }
                return GDBSocket.unescape(body)
            }
            guard fill(wait: true) else { return nil }
        }
    }

    /// Whether gdb sent an interrupt (0x03) since the last call; never blocks.
    func pollInterrupt() -> Bool {
        _ = fill(wait: false)
        if let index = buffer.firstIndex(of: 0x03), !buffer[..<index].contains(UInt8(ascii: "$")) {
            buffer.remove(at: index)
            interruptPending = true
        }
        defer { interruptPending = false }
        return interruptPending
    }

    /// Sends one packet.
    func sendPacket(_ payload: String) {
        var bytes: [UInt8] = []
        // Each scalar below 256 is one byte (Latin-1): binary replies (qXfer:auxv) are
        // built that way; every other reply is ASCII, for which this is UTF-8 too.
        var raw: [UInt8] = []
        for scalar in payload.unicodeScalars {
            if scalar.value < 256 { raw.append(UInt8(scalar.value)) } else { raw += Array(String(scalar).utf8) }
        }
        for byte in raw {
            // §E.1: '#', '$', '}' and '*' are escaped as '}' then the byte XOR 0x20.
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "*") {
                bytes += [UInt8(ascii: "}"), byte ^ 0x20]
            } else {
                bytes.append(byte)
            }
        }
        let sum = bytes.reduce(UInt8(0)) { $0 &+ $1 }
        let digits = String(sum, radix: 16)
        send(raw: [UInt8(ascii: "$")] + bytes + [UInt8(ascii: "#")] + Array((digits.count < 2 ? "0" + digits : digits).utf8))
    }

    private func send(raw bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Closes the connection.
    func closeConnection() {
        if connection >= 0 { close(connection) }
        connection = -1
    }

    /// Undoes the protocol's binary escaping (`}` followed by the byte XOR 0x20).
    static func unescape(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var escaped = false
        for byte in bytes {
            if escaped {
                result.append(byte ^ 0x20)
                escaped = false
            } else if byte == UInt8(ascii: "}") {
                escaped = true
            } else {
                result.append(byte)
            }
        }
        return result
    }
}
