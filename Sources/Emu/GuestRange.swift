/// A range of guest addresses `[start, start + length)` whose end is 64-bit.
///
/// Every guest-chosen address and length meets here before it is used: the end of a range
/// the guest names can be 2^32 (a range ending at the top of the address space) or beyond
/// it (a bogus length), and a `UInt32` sum of the two would trap. `end` cannot overflow, so
/// every comparison below is plain arithmetic on `UInt64`.
public struct GuestRange: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The first address.
    public let start: UInt32
    /// The number of bytes (a range of more than 2^32 - 1 bytes cannot be named).
    public let length: UInt32

    /// One past the 32-bit address space: the largest `end` a valid range may have.
    public static let addressSpaceEnd: UInt64 = 1 << 32

    /// The range `[start, start + length)`; it may run past 2^32 (see `fitsAddressSpace`).
    public init(start: UInt32, length: UInt32) {
        self.start = start
        self.length = length
    }

    /// The range `[start, end)`, or nil when `end` is below `start` or the range is longer
    /// than `UInt32.max` bytes.
    public init?(start: UInt32, end: UInt64) {
        guard end >= UInt64(start), end - UInt64(start) <= UInt64(UInt32.max) else { return nil }
        self.init(start: start, length: UInt32(end - UInt64(start)))
    }

    /// One past the last address, as a 64-bit value (up to 2^33 - 2).
    public var end: UInt64 { UInt64(start) + UInt64(length) }

    /// Whether the range holds no byte.
    public var isEmpty: Bool { length == 0 }

    /// Whether the range ends at or below 2^32, i.e. names only real addresses.
    public var fitsAddressSpace: Bool { end <= GuestRange.addressSpaceEnd }

    /// Whether `address` lies inside.
    public func contains(_ address: UInt32) -> Bool {
        UInt64(address) >= UInt64(start) && UInt64(address) < end
    }

    /// Whether `other` lies entirely inside (an empty `other` at `end` counts).
    public func contains(_ other: GuestRange) -> Bool {
        other.start >= start && other.end <= end
    }

    /// Whether the two ranges share at least one byte (an empty range overlaps nothing).
    public func overlaps(_ other: GuestRange) -> Bool {
        !isEmpty && !other.isEmpty && UInt64(other.start) < end && UInt64(start) < other.end
    }

    /// The bytes both ranges share, or nil when they share none.
    public func intersection(_ other: GuestRange) -> GuestRange? {
        guard overlaps(other) else { return nil }
        return GuestRange(start: max(start, other.start), end: min(end, other.end))
    }

    /// The same start, with the length rounded up to a whole number of `pageSize` pages
    /// (a power of two); nil when the rounded range would run past 2^32.
    public func pageRounded(pageSize: UInt32) -> GuestRange? {
        let mask = UInt64(pageSize) - 1
        let rounded = (UInt64(length) + mask) & ~mask
        guard UInt64(start) + rounded <= GuestRange.addressSpaceEnd else { return nil }
        return GuestRange(start: start, end: UInt64(start) + rounded)
    }

    /// Whether the start is a multiple of `pageSize` (a power of two).
    public func isPageAligned(pageSize: UInt32) -> Bool { start & (pageSize - 1) == 0 }

    public var description: String {
        "[0x" + String(start, radix: 16) + ", 0x" + String(end, radix: 16) + ")"
    }
}
