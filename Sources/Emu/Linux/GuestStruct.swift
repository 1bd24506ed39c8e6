/// A guest C structure being filled in: zeroed bytes of a fixed size, written little-endian
/// at the byte offsets of the riscv32 layout (as the kernel's headers give them).
struct GuestStruct {
    private(set) var bytes: [UInt8]

    /// `size` zero bytes.
    init(size: Int) { bytes = [UInt8](repeating: 0, count: size) }

    /// A structure that starts as `bytes` (a record the guest passed in, updated in place).
    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Stores `value` at `offset` (which the caller took from the layout: always in bounds).
    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + $0.count, with: $0) }
    }
}

/// Little-endian reads from guest bytes the caller has already bounds-checked.
extension UnsafeMutableRawPointer {
    func guestLoad<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
