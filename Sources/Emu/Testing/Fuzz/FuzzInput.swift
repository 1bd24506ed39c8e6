/// A fuzzer's input read front to back as the choices a harness makes: bytes, words,
/// picks from a pool. Past the end every read returns zero, so any input, even an empty
/// one, is a complete test case (libFuzzer mutates lengths freely).
public struct FuzzInput {
    /// The bytes.
    public let bytes: [UInt8]
    /// Where the next read starts.
    public private(set) var offset = 0

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// True once every byte has been read.
    public var isEmpty: Bool { offset >= bytes.count }

    /// The next byte, or 0 past the end.
    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next four bytes, little-endian.
    public mutating func word() -> UInt32 {
        var value: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(byte()) << UInt32(shift) }
        return value
    }

    /// One of `pool`, chosen by the next byte.
    public mutating func pick<T>(_ pool: [T]) -> T { pool[Int(byte()) % pool.count] }

    /// Whatever has not been read yet.
    public mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return offset < bytes.count ? Array(bytes[offset...]) : []
    }
}
