/// Checked access to guest memory by `GuestRange`: the one way system calls, the loader and
/// the debugger turn guest-chosen (address, length) pairs into host memory.
extension Memory {
    /// Whether `range` lies inside the arena (64-bit compare: a range ending at or past
    /// 2^32 is handled without overflow). As `contains(_:count:)`, an empty range must
    /// start inside the arena, not at its end.
    public func contains(_ range: GuestRange) -> Bool {
        range.start >= base && UInt64(range.start) < end && range.end <= end
    }

    /// Whether every page of `range` has all of `needed` (an empty range inside the arena
    /// always does).
    public func check(_ range: GuestRange, has needed: PagePermissions) -> Bool {
        contains(range) && check(range.start, count: range.length, has: needed)
    }

    /// Host pointer to the bytes of `range`, or nil when it leaves the arena. Does not check
    /// permissions.
    public func hostPointer(_ range: GuestRange) -> UnsafeMutableRawPointer? {
        contains(range) ? hostPointer(range.start, count: range.length) : nil
    }

    /// Reads a NUL-terminated string of at most `limit` bytes from pages that have
    /// `needed`; nil when it reaches a page without them or the arena's end, or has no
    /// terminator within the limit.
    ///
    /// Unlike `readCString`, every byte's page is checked, so a guest path cannot be read
    /// out of a page the guest itself may not read.
    public func readCString(_ address: UInt32, limit: Int, has needed: PagePermissions) -> [UInt8]? {
        var bytes: [UInt8] = []
        var cursor = UInt64(address)
        while bytes.count < limit {
            guard cursor < end, let pointer = hostPointer(UInt32(cursor), count: 1),
                permissions(at: UInt32(cursor)).isSuperset(of: needed)
            else { return nil }
            let byte = pointer.load(as: UInt8.self)
            if byte == 0 { return bytes }
            bytes.append(byte)
            cursor += 1
        }
        return nil
    }
}
