/// Little-endian reads from a byte array at offsets the caller has already bounds-checked.
///
/// Why not check here: every table is validated as a whole (offset and size against the file
/// length) before its fields are read, so the per-field reads cannot go out of range; the
/// fuzz test in ELFMalformedTests exercises that promise.
extension [UInt8] {
    func elfU8(_ offset: Int) -> UInt8 { self[offset] }

    func elfU16(_ offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func elfU32(_ offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16
            | UInt32(self[offset + 3]) << 24
    }

    /// The range `offset ..< offset + size` if it lies entirely inside the array, else nil.
    /// Both numbers come from 32-bit (or smaller) header fields, so the sum cannot overflow
    /// a 64-bit `Int`; it is still computed with overflow reporting to keep that obvious.
    func elfRange(offset: Int, size: Int) -> Range<Int>? {
        guard offset >= 0, size >= 0 else { return nil }
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= count else { return nil }
        return offset..<end
    }

    mutating func elfAppend16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func elfAppend32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func elfPut32(_ value: UInt32, at offset: Int) {
        for byte in 0..<4 { self[offset + byte] = UInt8(truncatingIfNeeded: value >> UInt32(8 * byte)) }
    }
}
