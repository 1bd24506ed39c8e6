/// The byte layout of an `emu run --record` file, version 1 (the README's "Recording
/// files" section describes the same layout for readers outside emu).
///
///     file    = magic(8) version(u32) record* trailer
///     magic   = "EMUREC" 0x1A 0x0A        (0x1A stops `type`, 0x0A catches CRLF mangling)
///     record  = tag(u8) length(u32) payload(length bytes)
///     trailer = 0xFF fnv1a64(u64)          (FNV-1a-64 of every byte before the 0xFF)
///
/// Records come in a fixed order: one header, then stop records, then one end record.
/// All integers are little-endian; a string is u32 length + UTF-8 bytes. The payloads are
/// laid out in `RecordingHeader`, `RecordedStop` and `RecordingEnd` (their `encode` and
/// `decode` are the specification's other half).
///
/// The file is hostile input: the reader checks the trailer's checksum before anything
/// else and bounds every length by the bytes left (`RecordingReader`), so a truncated,
/// altered or foreign file is an error with a message, never a trap.
public enum RecordingFormat {
    /// The first eight bytes of every recording.
    public static let magic: [UInt8] = Array("EMUREC".utf8) + [0x1A, 0x0A]
    /// The layout version this emu writes and reads.
    public static let version: UInt32 = 1
    /// The byte that starts the trailer (no record has this tag).
    static let trailerTag: UInt8 = 0xFF
    /// The largest recording emu reads (a recording is read whole into memory).
    public static let maxFileSize = 1 << 31

    /// Record tags.
    enum Tag: UInt8 {
        case header = 1
        case stop = 2
        case end = 3
    }

    /// FNV-1a-64 of `bytes` (the trailer's checksum; also the ELF digest's hash).
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes, seed: UInt64 = fnvOffset) -> UInt64 where Bytes.Element == UInt8 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* fnvPrime }
        return hash
    }

    public static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3
}

/// Why a recording cannot be read or replayed.
public struct RecordingError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Appends the format's integers and strings to a byte buffer.
struct RecordingWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }
    mutating func data(_ value: [UInt8]) {
        u32(UInt32(value.count))
        bytes += value
    }
    mutating func data(_ value: UnsafeRawBufferPointer) {
        u32(UInt32(value.count))
        bytes += value
    }
    mutating func string(_ value: String) { data(Array(value.utf8)) }

    /// Wraps `payload` as one record: tag, length, payload.
    static func record(_ tag: RecordingFormat.Tag, _ payload: [UInt8]) -> [UInt8] {
        var writer = RecordingWriter()
        writer.u8(tag.rawValue)
        writer.u32(UInt32(payload.count))
        return writer.bytes + payload
    }
}

/// Reads the format's integers and strings from a byte buffer, each read bounded by the
/// bytes left: a length in the file is never trusted before it is compared with them.
struct RecordingReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int
    /// What is being read (for messages: "header", "stop record 12").
    let context: String

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, context: String) {
        self.bytes = bytes
        offset = start
        self.end = min(end ?? bytes.count, bytes.count)
        self.context = context
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    private mutating func take(_ count: Int) throws(RecordingError) -> Int {
        guard count >= 0, count <= remaining else {
            throw RecordingError("\(context) ends early (needs \(count) more bytes at offset \(offset), has \(max(remaining, 0)))")
        }
        defer { offset += count }
        return offset
    }

    mutating func u8() throws(RecordingError) -> UInt8 { bytes[try take(1)] }

    mutating func u32() throws(RecordingError) -> UInt32 {
        let start = try take(4)
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[start + index]) << (8 * index) }
        return value
    }

    mutating func u64() throws(RecordingError) -> UInt64 {
        let start = try take(8)
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[start + index]) << (8 * index) }
        return value
    }

    mutating func i32() throws(RecordingError) -> Int32 { Int32(bitPattern: try u32()) }

    /// A u32 count of items each at least `itemBytes` long: bounded by the bytes left, so a
    /// forged count cannot make the caller reserve or loop beyond the file.
    mutating func count(itemBytes: Int, what: String) throws(RecordingError) -> Int {
        let value = Int(try u32())
        guard value <= remaining / max(itemBytes, 1) else {
            throw RecordingError("\(context): \(what) count \(value) exceeds the bytes left (\(remaining))")
        }
        return value
    }

    mutating func data() throws(RecordingError) -> [UInt8] {
        let count = Int(try u32())
        let start = try take(count)
        return Array(bytes[start..<(start + count)])
    }

    mutating func string() throws(RecordingError) -> String {
        let raw = try data()
        guard let text = String(validating: raw, as: UTF8.self) else { throw RecordingError("\(context): a string is not UTF-8") }
        return text
    }

    /// Fails unless the whole payload was read (trailing bytes mean a foreign layout).
    func finish() throws(RecordingError) {
        guard isAtEnd else { throw RecordingError("\(context) has \(remaining) unexpected trailing bytes") }
    }
}
