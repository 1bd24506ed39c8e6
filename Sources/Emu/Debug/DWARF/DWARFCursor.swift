/// A bounds-checked little-endian reader over one section's bytes (or a window of it).
///
/// Every read checks its length against `end` first and throws `DWARFError.truncated`
/// past it, so no byte string can make the reader index out of range; LEB128 numbers are
/// limited to 10 bytes and values wider than the reader's type are cut, not trapped on.
struct DWARFCursor {
    let bytes: [UInt8]
    let section: String
    var offset: Int
    /// One past the last byte this cursor may read.
    var end: Int

    init(_ bytes: [UInt8], section: String, offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.section = section
        self.end = min(max(0, end ?? bytes.count), bytes.count)
        // An offset past the end reads nothing (every read then throws `truncated`).
        self.offset = min(max(0, offset), self.end)
    }

    var isAtEnd: Bool { offset >= end }
    var remaining: Int { max(0, end - offset) }

    /// Checks that `count` more bytes can be read.
    func need(_ count: Int) throws(DWARFError) {
        guard count >= 0, count <= remaining else { throw .truncated(section: section, offset: offset) }
    }

    func malformed(_ reason: String) -> DWARFError { .malformed(section: section, offset: offset, reason: reason) }

    mutating func u8() throws(DWARFError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(DWARFError) -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func u32() throws(DWARFError) -> UInt32 {
        try need(4)
        defer { offset += 4 }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * UInt32(index)) }
        return value
    }

    mutating func u64() throws(DWARFError) -> UInt64 {
        try need(8)
        defer { offset += 8 }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    /// An unsigned number of `size` bytes (1, 2, 4 or 8).
    mutating func unsigned(size: Int) throws(DWARFError) -> UInt64 {
        switch size {
        case 1: return UInt64(try u8())
        case 2: return UInt64(try u16())
        case 4: return UInt64(try u32())
        case 8: return try u64()
        default: throw malformed("unsupported size \(size)")
        }
    }

    /// A 3-byte number (DW_FORM_strx3, DW_FORM_addrx3).
    mutating func threeBytes() throws(DWARFError) -> UInt64 {
        let low = UInt64(try u16())
        return low | UInt64(try u8()) << 16
    }

    mutating func uleb() throws(DWARFError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<10 {
            let byte = try u8()
            // Bits past 64 are dropped (wrapping shift): a hostile 10-byte number is a
            // large value, not a trap.
            value |= UInt64(byte & 0x7F) &<< shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw malformed("LEB128 number longer than 10 bytes")
    }

    mutating func sleb() throws(DWARFError) -> Int64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<10 {
            let byte = try u8()
            value |= UInt64(byte & 0x7F) &<< shift
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64, byte & 0x40 != 0 { value |= ~0 &<< shift }
                return Int64(bitPattern: value)
            }
        }
        throw malformed("LEB128 number longer than 10 bytes")
    }

    /// A ULEB128 number that must fit an `Int` below `limit` (a count or an index).
    mutating func ulebInt(limit: Int = Int(Int32.max)) throws(DWARFError) -> Int {
        let value = try uleb()
        guard value < UInt64(limit) else { throw malformed("number \(value) is too large") }
        return Int(value)
    }

    /// A NUL-terminated string.
    mutating func cString() throws(DWARFError) -> String {
        guard offset < end, let terminator = bytes[offset..<end].firstIndex(of: 0) else {
            throw .truncated(section: section, offset: offset)
        }
        defer { offset = terminator + 1 }
        return String(decoding: bytes[offset..<terminator], as: UTF8.self)
    }

    /// Skips `count` bytes.
    mutating func skip(_ count: Int) throws(DWARFError) {
        try need(count)
        offset += count
    }

    /// The range of the next `count` bytes, skipped.
    mutating func range(_ count: Int) throws(DWARFError) -> Range<Int> {
        try need(count)
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// A unit's initial length (32-bit DWARF only: RV32 toolchains emit no other); returns
    /// the end offset of the unit, checked against this cursor's end.
    mutating func unitEnd() throws(DWARFError) -> Int {
        let length = try u32()
        guard length < 0xFFFF_FFF0 else { throw malformed("64-bit DWARF is not supported") }
        let end = offset + Int(length)
        guard end <= self.end else { throw .truncated(section: section, offset: offset) }
        return end
    }

    /// The NUL-terminated string at `offset` of `bytes` (for .debug_str and .debug_line_str).
    static func string(in bytes: [UInt8], at offset: UInt64, section: String) throws(DWARFError) -> String {
        guard offset < UInt64(bytes.count) else {
            throw .malformed(section: section, offset: Int(clamping: offset), reason: "string offset outside the section")
        }
        var cursor = DWARFCursor(bytes, section: section, offset: Int(offset))
        return try cursor.cString()
    }
}
